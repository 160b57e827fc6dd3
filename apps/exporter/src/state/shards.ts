/**
 * The sharded part of the resume state: a target's shard plan (core's plain-JSON `ShardPlan`) and
 * one chain state per shard. The target's own chain state then holds the sums (see
 * `syncShardTotals`), so everything that reads targets — summary, manifest totals, budget, the
 * stale-file check of a resume — works unchanged.
 */
import type { Shard, ShardPlan } from "@backlinks/core";
import type { ChainState } from "./state.js";

/** One shard's chain: a chain state of its own plus the shard it walks. */
export interface ShardChainState extends ChainState {
  /** Shard id from the plan (`s0000`…, plan order). */
  shard: string;
}

/** A target's shard decision. */
export interface ShardingState {
  /** The plan the shards were made from; null when the target runs as one chain. */
  plan: ShardPlan | null;
  /** Why the target runs as one chain (refused plan, below the threshold, `shards: "off"`…); else null. */
  reason: string | null;
  /** The unsharded `total_count` seen when deciding. */
  totalCount: number;
  /**
   * Requests and USD spent deciding (count probe + the planner's probes). Shard page 1s the planner
   * bought are not in them: their chains write them as their own first pages (`pagesReused`, absent
   * in states of earlier versions).
   */
  probes: { requests: number; cost: number; rows: number; pagesReused?: number; rounds?: number };
  /** One per shard of `plan`, in plan order (empty without a plan). */
  shards: ShardChainState[];
}

/** The shard of `plan` with id `id`. */
export function shardById(plan: ShardPlan, id: string): Shard | undefined {
  return plan.shards.find((s) => s.id === id);
}

/**
 * Recompute a sharded target's sums from its shards (parts in plan order, then part order).
 * Called before every state snapshot, so the saved target always lists every committed shard part.
 */
export function syncShardTotals(chain: ChainState): void {
  const sharding = chain.sharding;
  if (!sharding?.plan) return;
  const shards = sharding.shards;
  chain.parts = shards.flatMap((s) => s.parts);
  chain.rows = shards.reduce((a, s) => a + s.rows, 0);
  chain.pages = shards.reduce((a, s) => a + s.pages, 0);
  chain.pagesBought = shards.reduce((a, s) => a + s.pagesBought, 0);
  chain.cost = shards.reduce((a, s) => a + s.cost, sharding.probes.cost);
  chain.totalCount = sharding.totalCount;
  chain.end = shards.length > 0 && shards.every((s) => s.end !== null) ? "end_of_data" : null;
}

/** Shards whose rows differ from their `total_count` (only meaningful once every shard ended). */
export function shardMismatches(chain: ChainState): { shard: string; expected: number; rows: number }[] {
  const sharding = chain.sharding;
  if (!sharding?.plan) return [];
  return sharding.shards
    .filter((s) => s.totalCount === null || s.rows !== s.totalCount)
    .map((s) => ({ shard: s.shard, expected: s.totalCount ?? 0, rows: s.rows }));
}

/** Sum of the shards' live `total_count`s (each shard's last page). */
export function shardTotalCount(chain: ChainState): number {
  return chain.sharding?.shards.reduce((a, s) => a + (s.totalCount ?? 0), 0) ?? 0;
}
