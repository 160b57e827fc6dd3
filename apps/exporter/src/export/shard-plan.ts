/**
 * Deciding whether and how a target is sharded (README "Shards"). The unsharded total_count comes
 * from the target's own page 1 (no extra request), whose rows also aim the planner's first probe
 * round. `"auto"` plans when the target is large (above `SHARD_AUTO_THRESHOLD`) or when the run has
 * fewer targets than chains it may run at once (see `autoShards`); a refused plan continues as the
 * one chain. The planner runs through the export's one client (its global rate and concurrency
 * limits hold for the probes too), every probe booked in the budget (`probe-budget.ts`), and page 1
 * is counted as a probe. The decision is saved in the state before any shard request, so a resume
 * never plans again (a new plan would draw other bounds and the saved cursors would not fit).
 */
import { type HeldPage, type Page, planShards, type ShardPlan, takeFirstPage } from "@backlinks/core";
import { SHARD_AUTO_THRESHOLD } from "../options.js";
import type { ShardChainState, ShardingState } from "../state/shards.js";
import { type ChainState, freshChainState } from "../state/state.js";
import type { ChainDeps } from "./chain.js";
import { budgetedProbes, ProbeBudgetStop } from "./probe-budget.js";

/** Fewest pages `"auto"` gives a shard below the threshold: smaller shards are not worth a probe. */
export const MIN_AUTO_SHARD_PAGES = 20;

/** A decision without a plan: the target is one chain. */
export function oneChain(reason: string, totalCount: number): ShardingState {
  return { plan: null, reason, totalCount, probes: { requests: 0, cost: 0, rows: 0 }, shards: [] };
}

/**
 * Shards `"auto"` gives a target at or below the threshold: when the run has fewer targets than
 * `concurrency`, one chain per target leaves request slots idle (20 targets at 0.8 s per page
 * send 25 requests/s where the account allows 33), so each target gets its share of the chains,
 * ⌈concurrency / targets⌉, but no shard below `MIN_AUTO_SHARD_PAGES` pages. 1 = one chain.
 */
export function autoShards(
  totalCount: number,
  pageSize: number,
  targets: number,
  concurrency: number,
): number {
  if (targets >= concurrency) return 1;
  const pages = Math.floor(totalCount / pageSize) + 1;
  return Math.max(1, Math.min(Math.ceil(concurrency / targets), Math.floor(pages / MIN_AUTO_SHARD_PAGES)));
}

/**
 * Shard page 1s bought while planning, by plan (in memory only: the state file never holds rows).
 * A resumed run's plan (read back from the state) has none, and its shards start at page 1.
 */
const HELD = new WeakMap<ShardPlan, Map<string, HeldPage>>();

/** Takes (once) the page 1 of `shard` that planning bought, if any. */
export function takeHeldPage(plan: ShardPlan, shard: string): HeldPage | undefined {
  const pages = HELD.get(plan);
  const page = pages?.get(shard);
  pages?.delete(shard);
  return page;
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
  let shards: number | "auto" = setting;
  if (setting === "auto" && totalCount <= SHARD_AUTO_THRESHOLD) {
    shards = autoShards(totalCount, options.limit, options.tasks.length, options.concurrency);
    if (shards < 2) {
      return oneChain(
        `total_count ${totalCount} is at most ${SHARD_AUTO_THRESHOLD} rows and ${options.tasks.length} targets keep ${Math.min(options.tasks.length, options.concurrency)} of ${options.concurrency} chains busy (shards "auto"): one chain`,
        totalCount,
      );
    }
  }
  try {
    const plan = await planShards(budgetedProbes(client, deps.budget, task.target), task.request, {
      totalCount,
      chains: options.concurrency,
      // page 1's key values aim the planner's first probe round (fewer rounds)
      sample: first.items,
      ...(shards === "auto" ? {} : { shards }),
      ...(options.shardKey === undefined ? {} : { key: options.shardKey }),
      signal: control.signal,
    });
    // Shard page 1s the planner bought are the shards' own first pages: their chains write them
    // (runShards), so they are walk pages, not probes.
    const held = new Map<string, HeldPage>();
    for (const s of plan.shards) {
      const page = takeFirstPage(plan, s.id);
      if (page) held.set(s.id, page);
    }
    const kept = [...held.values()];
    const probes = {
      requests: plan.probes.requests - kept.length,
      cost: round(plan.probes.cost - kept.reduce((a, p) => a + p.cost, 0)),
      rows: plan.probes.rows - kept.reduce((a, p) => a + p.items.length, 0),
      pagesReused: kept.length,
      rounds: plan.probes.rounds,
    };
    if (plan.reason !== null || plan.shards.length < 2) {
      // a refused plan holds no pages worth keeping: they were probes after all
      const { requests, cost, rows } = plan.probes;
      return {
        ...oneChain(plan.reason ?? "the plan has one shard", totalCount),
        probes: { requests, cost, rows },
      };
    }
    if (held.size > 0) HELD.set(plan, held);
    // page 1 of the unsharded chain was only a count now: it joins the probes
    probes.requests += 1;
    probes.cost = round(probes.cost + first.cost);
    probes.rows += first.items.length;
    return {
      plan,
      reason: null,
      totalCount,
      probes,
      shards: plan.shards.map((s) => shardState(deps.state, s.id)),
    };
  } catch (err) {
    if (err instanceof ProbeBudgetStop) {
      deps.log({
        level: "warn",
        event: "budget_stop",
        target: task.target,
        message: `${task.target}: ${err.message} $${options.maxCost}; stopping before the shard plan is complete`,
        data: { spent: deps.budget.spent(), maxCost: options.maxCost },
      });
      control.stop("budget");
    } else if (!control.signal.aborted) control.stop("api_error", err);
    return null;
  }
}

function round(usd: number): number {
  return Math.round(usd * 1e6) / 1e6;
}

function shardState(target: ChainState, shard: string): ShardChainState {
  return { ...freshChainState(target.target, target.dir), shard };
}
