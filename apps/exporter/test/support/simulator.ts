/** The simulator's ground truth as row keys (see dataset.ts rowKey), for row-for-row comparison. */
import type { RunningSimulator } from "@backlinks/simulator";
import { rowKey } from "./dataset.js";

/** Row keys of the full token walk of `target` with `request`, in order; `limit` rows at most. */
export function truthKeys(
  sim: RunningSimulator,
  target: string,
  request: Record<string, unknown> = {},
  limit = Number.POSITIVE_INFINITY,
): string[] {
  const out: string[] = [];
  for (const row of sim.truth({ ...request, target }).items()) {
    if (out.length >= limit) break;
    out.push(rowKey(row));
  }
  return out;
}
