/**
 * The manifest's view of a sharded target (README "Shards"): the plan's key and order, every
 * shard's condition, planned and live `total_count` and rows, and the completeness check per shard
 * and in total.
 */
import type { FilterExpression } from "@backlinks/core";
import { shardById } from "./state/shards.js";
import type { ChainState } from "./state/state.js";

/** One shard in the manifest. */
export interface ManifestShard {
  id: string;
  /** The condition ANDed onto the request's filters. */
  condition: FilterExpression | null;
  /** Rows the planner's probe counted. */
  plannedCount: number;
  /** total_count of the shard's last page (null before its first page). */
  totalCount: number | null;
  rows: number;
  parts: string[];
  complete: boolean;
}

/** How a target was (or was not) sharded. */
export interface ManifestSharding {
  /** True when the target was walked as shards. */
  sharded: boolean;
  /** Why not (refused plan, below the threshold, off), else null. */
  reason: string | null;
  key: string | null;
  /**
   * `"global"`: the parts in manifest order (shard by shard, in key order) are the unsharded
   * order; `"per_shard"`: only each shard's rows are in `order_by` order.
   */
  order: "global" | "per_shard" | null;
  /** The unsharded total_count seen when planning. */
  totalCount: number;
  /** Sum of the shards' live total_counts. */
  shardTotal: number;
  /** `totalCount - shardTotal` (0 when the shards cover the request exactly). */
  difference: number;
  /** The planner's own gap at plan time. */
  planDifference: number;
  /**
   * Requests, USD and rows spent deciding (count probe + planner probes), beside the walk's;
   * `pagesReused`: shard page 1s bought while planning and written as the shards' first pages;
   * `rounds`: probe waves (each at least one API round trip).
   */
  probes: { requests: number; cost: number; rows: number; pagesReused?: number; rounds?: number };
  shards: ManifestShard[];
}

/** The manifest entry of a target's sharding, or undefined when it has no decision saved. */
export function manifestSharding(chain: ChainState): ManifestSharding | undefined {
  const s = chain.sharding;
  if (!s) return undefined;
  const plan = s.plan;
  const shards: ManifestShard[] = plan
    ? s.shards.map((c) => {
        const shard = shardById(plan, c.shard);
        return {
          id: c.shard,
          condition: shard?.condition ?? null,
          plannedCount: shard?.count ?? 0,
          totalCount: c.totalCount,
          rows: c.rows,
          parts: c.parts.map((p) => p.path),
          complete: c.end !== null && c.totalCount === c.rows,
        };
      })
    : [];
  const shardTotal = shards.reduce((a, x) => a + (x.totalCount ?? 0), 0);
  return {
    sharded: plan !== null,
    reason: s.reason,
    key: plan?.key ?? null,
    order: plan ? (plan.ordered ? "global" : "per_shard") : null,
    totalCount: s.totalCount,
    shardTotal: plan ? shardTotal : s.totalCount,
    difference: plan ? s.totalCount - shardTotal : 0,
    planDifference: plan?.difference ?? 0,
    probes: { ...s.probes },
    shards,
  };
}
