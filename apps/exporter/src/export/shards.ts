/**
 * One target's walk when it may be sharded: decide (once, saved), then either the plain chain or
 * one exporter chain per shard, up to `concurrency` at once, all through the export's one client.
 * Each shard chain is the ordinary `runChain` — same budget checks, part cutting, commit and
 * per-page cursor — with the shard's request, its own chain state (cursor) and its own part files
 * (`target=<t>/part-<shard>-NNNNN.<ext>`). See README "Shards".
 */
import { CursorMismatchError, type Shard, shardRequest } from "@backlinks/core";
import { getFormat } from "@backlinks/formats";
import { InternalError, ResumeMismatchError } from "../errors.js";
import { shardPartPath } from "../layout.js";
import { parquetOptions, type ResolvedOptions } from "../options.js";
import {
  type ShardChainState,
  type ShardingState,
  shardById,
  shardMismatches,
  shardTotalCount,
  syncShardTotals,
} from "../state/shards.js";
import { type ChainDeps, runChain } from "./chain.js";
import { withHeldFirstPage } from "./held-page.js";
import { decideSharding, takeHeldPage } from "./shard-plan.js";

/** Run a target: sharded when its saved or new decision has a plan, else one chain. */
export async function runTarget(deps: ChainDeps): Promise<void> {
  const { state } = deps;
  if (state.end !== null) return;
  if (state.sharding === undefined) {
    // A target that already walked unsharded (an older state) continues as it was.
    const started = state.cursor !== null || state.parts.length > 0 || state.pagesBought > 0;
    if (started) return runChain(deps);
    let handedOver = false;
    await runChain({
      ...deps,
      onFirstPage: async (page) => {
        const decided = await decideSharding(deps, page);
        if (decided === null) return false; // planning failed or the run stopped: decide on resume
        state.sharding = decided;
        logDecision(deps, decided);
        handedOver = decided.plan !== null;
        return !handedOver; // one chain: page 1 is written as usual
      },
    });
    if (!handedOver) return;
    syncShardTotals(state);
    await deps.onCommit(state, null); // the plan is on disk before the first shard request
  }
  if (!state.sharding?.plan) return runChain(deps);
  await runShards(deps);
}

function logDecision(deps: ChainDeps, decided: ShardingState): void {
  const { state, log } = deps;
  const plan = decided.plan;
  if (plan) {
    log({
      level: "info",
      event: "shard_plan",
      target: state.target,
      message: `${state.target}: ${plan.shards.length} shards on ${plan.key} (${plan.ordered ? "global order" : "order per shard"}), ${decided.probes.requests} probe requests in ${plan.probes.rounds} rounds${decided.probes.pagesReused ? `, ${decided.probes.pagesReused} shard page 1s kept` : ""}`,
      data: {
        key: plan.key,
        shards: plan.shards.length,
        ordered: plan.ordered,
        totalCount: plan.totalCount,
        difference: plan.difference,
        probes: decided.probes,
      },
    });
  } else {
    log({
      level: "info",
      event: "shard_fallback",
      target: state.target,
      message: `${state.target}: one chain: ${decided.reason}`,
      data: { reason: decided.reason, totalCount: decided.totalCount },
    });
  }
}

async function runShards(deps: ChainDeps): Promise<void> {
  const { state, options, control } = deps;
  const sharding = state.sharding!;
  const plan = sharding.plan!;
  // Longest shards first (planned count): none of them starts last and leaves the chains idle.
  const planned = new Map(plan.shards.map((s) => [s.id, s.count]));
  const pending = sharding.shards
    .filter((s) => s.end === null)
    .sort((a, b) => (planned.get(b.shard) ?? 0) - (planned.get(a.shard) ?? 0));
  const chains = Math.max(1, Math.min(options.concurrency, pending.length));
  const shardOptions = withWriters(options, chains);
  const emitted = new Map(sharding.shards.map((s) => [s.shard, s.rows]));
  let targetEmitted = state.rows;

  const runOne = (s: ShardChainState, shard: Shard) => {
    const request = shardRequest(plan, shard);
    // page 1 bought while planning (only for a shard that has not started): written, not rebought
    const held = s.cursor === null && s.pagesBought === 0 ? takeHeldPage(plan, shard.id) : undefined;
    return runChain({
      ...deps,
      client: held ? withHeldFirstPage(deps.client, request, held) : deps.client,
      task: Object.freeze({ target: state.target, request }),
      state: s,
      options: shardOptions,
      partPath: (index) => shardPartPath(state.target, shard.id, index, options.output.extension),
      onPage: (_c, page, rows) => {
        targetEmitted += rows - (emitted.get(s.shard) ?? 0);
        emitted.set(s.shard, rows);
        syncShardTotals(state);
        deps.onPage(state, page, targetEmitted);
      },
      onCommit: (_c, part) => {
        syncShardTotals(state);
        return deps.onCommit(state, part);
      },
    });
  };

  let next = 0;
  const errors: unknown[] = [];
  const worker = async () => {
    while (next < pending.length && !control.stopped) {
      const s = pending[next++]!;
      const shard = shardById(plan, s.shard);
      try {
        if (!shard) throw new InternalError(`the saved plan of ${state.target} has no shard ${s.shard}`);
        await runOne(s, shard);
      } catch (err) {
        const e =
          err instanceof CursorMismatchError
            ? new ResumeMismatchError(deps.sink.location.display, [
                `cursor of ${state.target} shard ${s.shard}`,
              ])
            : err;
        errors.push(e);
        control.fail(e); // stops the other chains after their current page
        return;
      }
    }
  };
  // allSettled semantics: every chain has finished (part committed or aborted) before we return
  await Promise.all(Array.from({ length: chains }, worker));
  syncShardTotals(state);
  if (errors.length > 0) throw errors[0];
  if (state.end === null) return;
  reportShardGaps(deps);
  await deps.onCommit(state, null);
}

/** Every shard ended: name each shard whose rows miss its total_count, and a gap in the sum. */
function reportShardGaps(deps: ChainDeps): void {
  const { state, options, log } = deps;
  const level = options.allowPartial ? "warn" : "error";
  for (const m of shardMismatches(state)) {
    log({
      level,
      event: "incomplete",
      target: state.target,
      message: `${state.target} shard ${m.shard}: ${m.rows} rows written, total_count ${m.expected}`,
      data: m,
    });
  }
  const sum = shardTotalCount(state);
  if (sum !== state.totalCount) {
    log({
      level,
      event: "incomplete",
      target: state.target,
      message: `${state.target}: the shards' total_counts add up to ${sum}, the unsharded total_count is ${state.totalCount} (difference ${(state.totalCount ?? 0) - sum})`,
      data: { shardTotal: sum, totalCount: state.totalCount },
    });
  }
}

/**
 * The part writer for `files` files written at once: Parquet row groups and encoding workers are
 * sized for the open files (see `parquetOptions`), like several targets at once.
 */
function withWriters(options: ResolvedOptions, files: number): ResolvedOptions {
  if (options.format !== "parquet") return options;
  const output = getFormat("parquet", {
    ...(options.compression ? { compression: options.compression } : {}),
    parquet: parquetOptions(files),
  });
  return Object.freeze({ ...options, output });
}
