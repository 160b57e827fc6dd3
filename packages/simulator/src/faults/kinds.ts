/**
 * The faults the simulator can inject into `POST /v3/backlinks/backlinks/live`, one per request at
 * most. The order of this list is the order in which probabilities are laid out on [0, 1), so it is
 * part of the determinism contract: do not reorder, only append.
 */
export const FAULT_KINDS = Object.freeze([
  "http500",
  "http502",
  "http503",
  "status50000",
  "status50401",
  "rateLimit40202",
  "resetMidBody",
  "truncatedJson",
  "slowBody",
  "expiredToken",
] as const);

/** One injectable fault. */
export type FaultKind = (typeof FAULT_KINDS)[number];

/** Probabilities (0..1, per request) of each fault; their sum must not exceed 1. */
export type FaultProbabilities = { readonly [K in FaultKind]?: number };

/**
 * Fault injection settings. Decisions are a pure function of (`seed`, request number), so a run
 * with the same seed and the same request order sees the same faults.
 */
export interface FaultOptions extends FaultProbabilities {
  /** Seed of the fault decisions (default: the simulator's `seed`). */
  readonly seed?: number;
  /** How long a `slowBody` response takes to trickle out, in ms (default 1000). */
  readonly slowBodyMs?: number;
  /**
   * Exact faults for given request numbers (1-based, counted over authenticated
   * `backlinks/live` POSTs in arrival order), e.g. `{ 5: "http500" }`. Wins over probabilities.
   */
  readonly schedule?: Readonly<Record<number, FaultKind>>;
}

/** `true` when `value` names a fault kind. */
export function isFaultKind(value: unknown): value is FaultKind {
  return typeof value === "string" && (FAULT_KINDS as readonly string[]).includes(value);
}
