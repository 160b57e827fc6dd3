/**
 * Deciding whether and how a target is sharded (README "Shards"). The unsharded total_count comes
 * from the target's own page 1 (no extra request): at or below the threshold (`"auto"`), or when
 * core's `planShards` refuses, that page simply continues as the one chain. Otherwise the planner
 * runs through the export's one client (its global rate and concurrency limits hold for the probes
 * too) and page 1 is counted as a probe. The decision is saved in the state before any shard
 * request, so a resume never plans again (a new plan would draw other bounds and the saved cursors
 * would not fit).
 */
import { type Page, planShards, releaseFirstPages } from "@backlinks/core";
import { SHARD_AUTO_THRESHOLD } from "../options.js";
import type { ShardChainState, ShardingState } from "../state/shards.js";
import type { ChainState } from "../state/state.js";
import type { ChainDeps } from "./chain.js";

/** A decision without a plan: the target is one chain. */
export function oneChain(reason: string, totalCount: number): ShardingState {
  return { plan: null, reason, totalCount, probes: { requests: 0, cost: 0, rows: 0 }, shards: [] };
}

/**
 * Decide for `deps.task` given its page 1. Returns null when planning failed or the run stopped
 * meanwhile (the run's control says why; nothing is decided, a resume decides again).
 */
export async function decideSharding(deps: ChainDeps, first: Page): Promise<ShardingState | null> {
  const { client, task, options, control } = deps;
  const setting = options.shards;
  const totalCount = first.totalCount;
  if (options.maxRows !== undefined) return oneChain("maxRows caps one chain's walk: one chain", totalCount);
  if (setting === "off") return oneChain('shards "off"', totalCount);
  if (setting === "auto" && totalCount <= SHARD_AUTO_THRESHOLD) {
    return oneChain(
      `total_count ${totalCount} is at most ${SHARD_AUTO_THRESHOLD} rows (shards "auto"): one chain`,
      totalCount,
    );
  }
  try {
    const plan = await planShards(client, task.request, {
      totalCount,
      chains: options.concurrency,
      ...(setting === "auto" ? {} : { shards: setting }),
      ...(options.shardKey === undefined ? {} : { key: options.shardKey }),
      // each shard chain starts at its own page 1 (runChain has no held page to take over)
      firstPages: 0,
      signal: control.signal,
    });
    releaseFirstPages(plan);
    const probes = { requests: plan.probes.requests, cost: plan.probes.cost, rows: plan.probes.rows };
    if (plan.reason !== null || plan.shards.length < 2) {
      return { ...oneChain(plan.reason ?? "the plan has one shard", totalCount), probes };
    }
    // page 1 of the unsharded chain was only a count now: it joins the probes
    probes.requests += 1;
    probes.cost += first.cost;
    probes.rows += first.items.length;
    return {
      plan,
      reason: null,
      totalCount,
      probes,
      shards: plan.shards.map((s) => shardState(deps.state, s.id)),
    };
  } catch (err) {
    if (!control.signal.aborted) control.stop("api_error", err);
    return null;
  }
}

function shardState(target: ChainState, shard: string): ShardChainState {
  return {
    target: target.target,
    dir: target.dir,
    shard,
    cursor: null,
    skipRows: 0,
    parts: [],
    rows: 0,
    pages: 0,
    pagesBought: 0,
    cost: 0,
    totalCount: null,
    end: null,
  };
}
