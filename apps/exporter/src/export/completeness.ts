/**
 * The completeness check at the end of a run. Per target, rows written are compared with the
 * `total_count` of the LAST page seen: total_count is the live count at request time and drifts
 * while the index updates ([INF] api-notes §4); the last page's value describes the set the token
 * walk actually finished in, while the first page's would report drift during a long walk as loss.
 * With maxRows the expectation is min(total_count, maxRows).
 */
import { shardMismatches, shardTotalCount } from "../state/shards.js";
import type { ChainState } from "../state/state.js";

/** Rows a chain should hold, or null before any page was seen. */
export function expectedRows(chain: ChainState, maxRows: number | null): number | null {
  if (chain.totalCount === null) return null;
  return maxRows === null ? chain.totalCount : Math.min(chain.totalCount, maxRows);
}

/** The chain reached its end and holds exactly the expected rows. */
export function isComplete(chain: ChainState, maxRows: number | null): boolean {
  const expected = expectedRows(chain, maxRows);
  return chain.end !== null && expected !== null && chain.rows === expected && shardsAddUp(chain);
}

/**
 * A sharded target is also checked per shard (rows = the shard's total_count) and in total (the
 * shards' total_counts add up to the unsharded total_count); an unsharded one trivially passes.
 */
function shardsAddUp(chain: ChainState): boolean {
  if (!chain.sharding?.plan) return true;
  return shardMismatches(chain).length === 0 && shardTotalCount(chain) === chain.totalCount;
}

/** Finished chains whose rows differ from the expectation (shortfall or excess). */
export function mismatches(
  chains: readonly ChainState[],
  maxRows: number | null,
): { target: string; expected: number; rows: number }[] {
  const out: { target: string; expected: number; rows: number }[] = [];
  for (const c of chains) {
    const expected = expectedRows(c, maxRows) ?? 0;
    if (c.rows !== expected || !shardsAddUp(c)) out.push({ target: c.target, expected, rows: c.rows });
  }
  return out;
}
