/**
 * The completeness check of a sharded export, per shard and in total (issue 7): rows written per
 * shard against the shard's `total_count`, and the sum against the unsharded `total_count`.
 */
import type { ShardPlan } from "./model.js";

/** One shard's rows against its expected count. */
export interface ShardCompleteness {
  readonly id: string;
  /** The shard's `total_count`: page 1's when given (`liveCounts`), else the planner's. */
  readonly expected: number;
  readonly rows: number;
  /** `expected - rows`: positive when rows are missing. */
  readonly difference: number;
}

/** The whole plan's completeness. */
export interface PlanCompleteness {
  readonly shards: readonly ShardCompleteness[];
  /** The unsharded `total_count` the plan was made for. */
  readonly expected: number;
  readonly rows: number;
  /** `expected - rows`. */
  readonly difference: number;
  /** The planner's own gap: unsharded `total_count` minus the shards' counts at plan time. */
  readonly planDifference: number;
  /** Every shard has its expected rows and the total matches. */
  readonly complete: boolean;
}

/**
 * Checks rows written per shard (by shard id) against each shard's count, and their sum against
 * the unsharded `total_count`. `liveCounts` are the `totalCount`s the shards' first pages reported
 * (the live index drifts between planning and walking [INF]); absent ones fall back to the plan's.
 */
export function checkShardCompleteness(
  plan: ShardPlan,
  rows: Readonly<Record<string, number>>,
  liveCounts: Readonly<Record<string, number>> = {},
): PlanCompleteness {
  const shards = plan.shards.map((s) => {
    const expected = liveCounts[s.id] ?? s.count;
    const got = rows[s.id] ?? 0;
    return Object.freeze({ id: s.id, expected, rows: got, difference: expected - got });
  });
  const total = shards.reduce((sum, s) => sum + s.rows, 0);
  return Object.freeze({
    shards: Object.freeze(shards),
    expected: plan.totalCount,
    rows: total,
    difference: plan.totalCount - total,
    planDifference: plan.difference,
    complete: shards.every((s) => s.difference === 0) && total === plan.totalCount,
  });
}
