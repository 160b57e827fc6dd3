import type { ResolvedOptions } from "../options.js";
import { unitHash } from "../seeded-hash.js";
import { FAULT_KINDS, type FaultKind } from "./kinds.js";

/** Salt of fault decisions, so they are independent of latency jitter drawn from the same seed. */
const FAULT_SALT = 0xfa17;

/** Decides, per live request number, which fault (if any) to inject. Pure: no state. */
export interface FaultPlan {
  /** `false` when no fault can ever fire, so the hot path can skip the decision. */
  readonly enabled: boolean;
  /** The fault for request `n` (1-based, arrival order), or `null`. */
  decide(n: number): FaultKind | null;
}

/**
 * Build the plan: an explicit `schedule` entry wins; otherwise one uniform draw per request is
 * compared with the probabilities laid out on [0, 1) in `FAULT_KINDS` order.
 */
export function createFaultPlan(faults: ResolvedOptions["faults"]): FaultPlan {
  const cumulative: Array<[number, FaultKind]> = [];
  let sum = 0;
  for (const kind of FAULT_KINDS) {
    const p = faults.probabilities[kind];
    if (p > 0) {
      sum += p;
      cumulative.push([sum, kind]);
    }
  }
  const { schedule, seed } = faults;
  return {
    enabled: cumulative.length > 0 || schedule.size > 0,
    decide(n: number): FaultKind | null {
      const scheduled = schedule.get(n);
      if (scheduled !== undefined) return scheduled;
      if (cumulative.length === 0) return null;
      const u = unitHash(seed, n, FAULT_SALT);
      for (const [upTo, kind] of cumulative) if (u < upTo) return kind;
      return null;
    },
  };
}
