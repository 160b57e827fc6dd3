import type { ResolvedOptions } from "../options.js";
import { unitHash } from "../seeded-hash.js";

/** Salt of jitter draws, independent of fault decisions under the same seed. */
const JITTER_SALT = 0x1a7e;

/**
 * Added latency of live request `n` returning `items` rows: `fixedMs + perItemMs × items +
 * jitter`, with jitter drawn in `[0, jitterMs)` from (seed, n) so a run is reproducible.
 */
export function latencyMs(
  latency: ResolvedOptions["latency"],
  seed: number,
  n: number,
  items: number,
): number {
  const jitter = latency.jitterMs > 0 ? unitHash(seed, n, JITTER_SALT) * latency.jitterMs : 0;
  return latency.fixedMs + latency.perItemMs * items + jitter;
}
