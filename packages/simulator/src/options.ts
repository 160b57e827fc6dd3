import { randomBytes } from "node:crypto";
import { SimulatorOptionsError } from "./errors.js";
import { FAULT_KINDS, type FaultKind, type FaultOptions, isFaultKind } from "./faults/kinds.js";

/** Options of `startSimulator()`; every field is optional. */
export interface SimulatorOptions {
  /** Interface to listen on (default `127.0.0.1`). */
  readonly host?: string;
  /** TCP port (default 0: any free port; read the real one from `url`). */
  readonly port?: number;
  /** Seed of the synthetic dataset and of latency jitter (default 1). */
  readonly seed?: number;
  /** Targets and their number of backlinks, e.g. `{ "example.com": 1_000_000 }` (default: the demo set). */
  readonly targets?: Readonly<Record<string, number>>;
  /** HTTP Basic credentials the server accepts (default: generated at start). */
  readonly credentials?: { readonly login: string; readonly password: string };
  /** Added delay per live request: `fixedMs + perItemMs × items + jitter`, jitter in `[0, jitterMs)`. */
  readonly latency?: { readonly fixedMs?: number; readonly perItemMs?: number; readonly jitterMs?: number };
  /** Account limits; `null` switches one off. */
  readonly limits?: {
    /** Sliding 60 s window (default 2000); over it → top-level 40202. */
    readonly requestsPerMinute?: number | null;
    /** Requests in flight at once (default 30); over it → top-level 40209. */
    readonly maxConcurrent?: number | null;
    /** USD per UTC day (default none); reached → top-level 40203. */
    readonly dailyCostLimit?: number | null;
    /** USD on the account (default none = unlimited); ≤ 0 → HTTP 402/40200, too low for a task → task 40210. */
    readonly balance?: number | null;
  };
  /** Price of a live task: `perRequest + perItem × items_count` (default 0.02 + 0.00003 × items). */
  readonly pricing?: { readonly perRequest?: number; readonly perItem?: number };
  /** Fault injection (default: none). */
  readonly faults?: FaultOptions;
  /**
   * Row sets the engine keeps for token walks: `entries` queries (default 8), at most `rows` rows
   * in all (default 32,000,000). Many chains walking at once with different filters (a sharded
   * export: one query per shard) need at least one entry per chain, or every page recomputes its set.
   */
  readonly cache?: { readonly entries?: number; readonly rows?: number };
}

/** Options after validation: complete, frozen, never changed again. */
export interface ResolvedOptions {
  readonly host: string;
  readonly port: number;
  readonly seed: number;
  readonly targets: Readonly<Record<string, number>> | undefined;
  readonly credentials: { readonly login: string; readonly password: string };
  readonly latency: { readonly fixedMs: number; readonly perItemMs: number; readonly jitterMs: number };
  readonly limits: {
    readonly requestsPerMinute: number | null;
    readonly maxConcurrent: number | null;
    readonly dailyCostLimit: number | null;
    readonly balance: number | null;
  };
  readonly pricing: { readonly perRequest: number; readonly perItem: number };
  readonly faults: {
    readonly seed: number;
    readonly probabilities: Readonly<Record<FaultKind, number>>;
    readonly slowBodyMs: number;
    readonly schedule: ReadonlyMap<number, FaultKind>;
  };
  readonly cache: { readonly entries: number; readonly rows: number };
}

/** Defaults documented in the README; the API's own account defaults where it has them. */
export const DEFAULTS = Object.freeze({
  host: "127.0.0.1",
  port: 0,
  seed: 1,
  requestsPerMinute: 2000,
  maxConcurrent: 30,
  perRequest: 0.02,
  perItem: 0.00003,
  slowBodyMs: 1000,
  cacheEntries: 8,
  cacheRows: 32_000_000,
});

/** Validate `input` once, fill defaults and freeze. Throws `SimulatorOptionsError` naming the field. */
export function resolveOptions(input: unknown = {}): ResolvedOptions {
  const o = record(input ?? {}, "options", [
    "host",
    "port",
    "seed",
    "targets",
    "credentials",
    "latency",
    "limits",
    "pricing",
    "faults",
    "cache",
  ]);
  const seed = integer(o.seed, "seed", DEFAULTS.seed, -(2 ** 31), 2 ** 32 - 1);
  const latency = record(o.latency ?? {}, "latency", ["fixedMs", "perItemMs", "jitterMs"]);
  const limits = record(o.limits ?? {}, "limits", [
    "requestsPerMinute",
    "maxConcurrent",
    "dailyCostLimit",
    "balance",
  ]);
  const pricing = record(o.pricing ?? {}, "pricing", ["perRequest", "perItem"]);
  const cache = record(o.cache ?? {}, "cache", ["entries", "rows"]);
  return deepFreeze({
    host: host(o.host),
    port: integer(o.port, "port", DEFAULTS.port, 0, 65535),
    seed,
    targets: targets(o.targets),
    credentials: credentials(o.credentials),
    latency: {
      fixedMs: nonNegative(latency.fixedMs, "latency.fixedMs", 0),
      perItemMs: nonNegative(latency.perItemMs, "latency.perItemMs", 0),
      jitterMs: nonNegative(latency.jitterMs, "latency.jitterMs", 0),
    },
    limits: {
      requestsPerMinute: nullableInteger(
        limits.requestsPerMinute,
        "limits.requestsPerMinute",
        DEFAULTS.requestsPerMinute,
      ),
      maxConcurrent: nullableInteger(limits.maxConcurrent, "limits.maxConcurrent", DEFAULTS.maxConcurrent),
      dailyCostLimit: optional(limits.dailyCostLimit, () =>
        nonNegative(limits.dailyCostLimit, "limits.dailyCostLimit", 0),
      ),
      balance: optional(limits.balance, () => finite(limits.balance, "limits.balance")),
    },
    pricing: {
      perRequest: nonNegative(pricing.perRequest, "pricing.perRequest", DEFAULTS.perRequest),
      perItem: nonNegative(pricing.perItem, "pricing.perItem", DEFAULTS.perItem),
    },
    faults: faults(o.faults, seed),
    cache: {
      entries: integer(cache.entries, "cache.entries", DEFAULTS.cacheEntries, 1, 100_000),
      rows: integer(cache.rows, "cache.rows", DEFAULTS.cacheRows, 1, 1_000_000_000),
    },
  } satisfies ResolvedOptions);
}

function faults(input: unknown, defaultSeed: number): ResolvedOptions["faults"] {
  const f = record(input ?? {}, "faults", [...FAULT_KINDS, "seed", "slowBodyMs", "schedule"]);
  const probabilities = {} as Record<FaultKind, number>;
  let sum = 0;
  for (const kind of FAULT_KINDS) {
    const p = nonNegative(f[kind], `faults.${kind}`, 0);
    if (p > 1) throw new SimulatorOptionsError(`faults.${kind}`, "a probability between 0 and 1", p);
    probabilities[kind] = p;
    sum += p;
  }
  if (sum > 1 + 1e-9) throw new SimulatorOptionsError("faults", "probabilities that sum to at most 1", sum);
  const schedule = new Map<number, FaultKind>();
  const rawSchedule = record(f.schedule ?? {}, "faults.schedule", null);
  for (const [key, kind] of Object.entries(rawSchedule)) {
    const n = Number(key);
    if (!Number.isSafeInteger(n) || n < 1) {
      throw new SimulatorOptionsError("faults.schedule", "request numbers ≥ 1 as keys", key);
    }
    if (!isFaultKind(kind)) {
      throw new SimulatorOptionsError(`faults.schedule.${key}`, `one of ${FAULT_KINDS.join("|")}`, kind);
    }
    schedule.set(n, kind);
  }
  return {
    seed: integer(f.seed, "faults.seed", defaultSeed, -(2 ** 31), 2 ** 32 - 1),
    probabilities,
    slowBodyMs: nonNegative(f.slowBodyMs, "faults.slowBodyMs", DEFAULTS.slowBodyMs),
    schedule,
  };
}

function record(value: unknown, field: string, allowed: readonly string[] | null): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new SimulatorOptionsError(field, "an object", value);
  }
  const out = value as Record<string, unknown>;
  if (allowed) {
    for (const key of Object.keys(out)) {
      if (!allowed.includes(key)) {
        throw new SimulatorOptionsError(
          `${field === "options" ? "" : `${field}.`}${key}`,
          "no such option",
          key,
        );
      }
    }
  }
  return out;
}

function host(value: unknown): string {
  if (value === undefined) return DEFAULTS.host;
  if (typeof value !== "string" || value.trim() === "") {
    throw new SimulatorOptionsError("host", "a host name or IP address", value);
  }
  return value;
}

function targets(value: unknown): Readonly<Record<string, number>> | undefined {
  if (value === undefined) return undefined;
  const t = record(value, "targets", null);
  const out: Record<string, number> = {};
  for (const [name, size] of Object.entries(t)) {
    if (name.trim() === "") throw new SimulatorOptionsError("targets", "non-empty target names", name);
    out[name] = integer(size, `targets["${name}"]`, undefined, 0, 100_000_000);
  }
  if (Object.keys(out).length === 0) throw new SimulatorOptionsError("targets", "at least one target", value);
  return out;
}

function credentials(value: unknown): ResolvedOptions["credentials"] {
  if (value === undefined) {
    // Generated per start: a local server needs no real secret, but it must not accept everything.
    return { login: `sim-${randomBytes(3).toString("hex")}`, password: randomBytes(12).toString("hex") };
  }
  const c = record(value, "credentials", ["login", "password"]);
  if (typeof c.login !== "string" || c.login === "" || c.login.includes(":")) {
    throw new SimulatorOptionsError(
      "credentials.login",
      "a non-empty string without ':'",
      c.login,
      kindOf(c.login),
    );
  }
  if (typeof c.password !== "string" || c.password === "") {
    // Never echo the given password.
    throw new SimulatorOptionsError("credentials.password", "a non-empty string", null, kindOf(c.password));
  }
  return { login: c.login, password: c.password };
}

/** What kind of value a credential was, without its content. */
function kindOf(value: unknown): string {
  if (typeof value === "string") return value === "" ? "an empty string" : "a string with ':'";
  return value === null ? "null" : typeof value;
}

function finite(value: unknown, field: string): number {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new SimulatorOptionsError(field, "a finite number", value);
  }
  return value;
}

function optional<T>(value: unknown, read: () => T): T | null {
  return value === undefined || value === null ? null : read();
}

function nonNegative(value: unknown, field: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = finite(value, field);
  if (n < 0) throw new SimulatorOptionsError(field, "a number ≥ 0", n);
  return n;
}

function integer(
  value: unknown,
  field: string,
  fallback: number | undefined,
  min: number,
  max: number,
): number {
  if (value === undefined && fallback !== undefined) return fallback;
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    throw new SimulatorOptionsError(field, `an integer in ${min}..${max}`, value);
  }
  return value;
}

function nullableInteger(value: unknown, field: string, fallback: number): number | null {
  if (value === null) return null;
  return integer(value, field, fallback, 1, 1_000_000_000);
}

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    if (value instanceof Map) return Object.freeze(value);
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
