/**
 * `planShards`: split one request into disjoint shards whose union is exactly the request, each
 * to be walked by its own search_after_token chain. See README "Shards".
 */
import { LIMITS } from "../model/fields.js";
import type { BacklinksRequest, FilterExpression } from "../model/request.js";
import { andFilters, boundsCondition, freeConditions } from "./conditions.js";
import { ShardOptionsError } from "./errors.js";
import { holdFirstPages } from "./first-pages.js";
import { chooseShardKey, type KeyChoice, leadingOrder, type ShardKey } from "./keys.js";
import type { ProbeStats, Shard, ShardPlan } from "./model.js";
import { type HeldPage, heldPageKey, ProbeLedger, Prober, type ShardClient } from "./probe.js";
import { type Leaf, splitOnKey } from "./split.js";

/** Options of `planShards`. */
export interface PlanShardsOptions {
  /** `total_count` of the unsharded request's first page; probed (one request) when absent. */
  readonly totalCount?: number;
  /** The shard key; chosen from the request when absent (see `chooseShardKey`). */
  readonly key?: string;
  /** `"auto"` (default) sizes shards from `chains`; a number asks for about that many shards. */
  readonly shards?: "auto" | number;
  /** Target rows per shard; overrides `shards`. */
  readonly targetRows?: number;
  /** Chains that will run at once (the client's concurrency). Default 30. */
  readonly chains?: number;
  /** Smallest shard `"auto"` makes, in rows. Default 10 pages of the request's `limit`. */
  readonly minShardRows?: number;
  /** Probe budget; when spent, refinement stops and shards stay larger. Default 600. */
  readonly maxProbes?: number;
  /**
   * Probes that will probably be a final shard are sent as that shard's real page 1 and kept
   * for `paginateShards` (one request saved per shard). At most this many pages are held
   * (memory: pages × `limit` rows); 0 turns it off. Default 30.
   */
  readonly firstPages?: number;
  /** The API's largest `offset` (api-notes §1.2: 20,000); quantile probes stay within it. */
  readonly maxOffset?: number;
  /**
   * Rows of the request already at hand (its page 1, in any order): their key values aim the
   * first probe round of a large request, which saves rounds. Optional.
   */
  readonly sample?: readonly unknown[];
  readonly signal?: AbortSignal;
}

/**
 * Shards per chain that `"auto"` aims for below the page-aligned path (small requests, regex keys):
 * enough that chains finishing early find more work.
 */
const SHARDS_PER_CHAIN = 4;

function positiveInteger(name: string, v: unknown, max = Number.MAX_SAFE_INTEGER): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== "number" || !Number.isInteger(v) || v < 1 || v > max) {
    throw new ShardOptionsError(name, `an integer 1..${max}`, JSON.stringify(v) ?? String(v));
  }
  return v;
}

function shardId(index: number): string {
  return `s${String(index).padStart(4, "0")}`;
}

function buildPlan(
  request: BacklinksRequest,
  key: ShardKey | null,
  leaves: readonly Leaf[],
  fields: {
    totalCount: number;
    targetRows: number;
    reason: string | null;
    probes: ProbeStats;
    ordered: boolean;
  },
): ShardPlan {
  const shards: Shard[] = leaves.map((leaf, index) => {
    const condition: FilterExpression | null = key ? boundsCondition(key.field, leaf.bounds) : null;
    return Object.freeze({
      id: shardId(index),
      index,
      bounds: leaf.bounds,
      condition,
      filters: andFilters(request.filters, condition),
      count: leaf.count,
    });
  });
  const shardTotal = shards.reduce((s, x) => s + x.count, 0);
  return Object.freeze({
    version: 1,
    request,
    key: key?.field ?? null,
    keyKind: key?.kind ?? null,
    shards: Object.freeze(shards),
    ordered: fields.ordered,
    totalCount: fields.totalCount,
    shardTotal,
    difference: fields.totalCount - shardTotal,
    targetRows: fields.targetRows,
    reason: fields.reason,
    probes: fields.probes,
  });
}

/** A plan of one shard (the whole request) that says why it did not split. */
function refused(
  request: BacklinksRequest,
  reason: string,
  totalCount: number,
  targetRows: number,
  probes: ProbeStats,
): ShardPlan {
  return buildPlan(request, null, [{ bounds: { kind: "all" }, count: totalCount }], {
    totalCount,
    targetRows,
    reason,
    probes,
    ordered: true,
  });
}

/**
 * Plans shards for `request` (validated, with its page `limit`; `offset` and `search_after_token`
 * are dropped: shards start at their beginning).
 *
 * Never throws for a request it cannot split: it returns one `all` shard and a `reason`
 * (8 conditions already used, no key commutes with the grouping, too small to be worth it).
 * Throws `ShardOptionsError` for bad options, and the client's errors for failed probes.
 */
export async function planShards(
  client: ShardClient,
  request: BacklinksRequest,
  options: PlanShardsOptions = {},
): Promise<ShardPlan> {
  const chains = positiveInteger("chains", options.chains, 1000) ?? 30;
  const fixedShards =
    options.shards === undefined || options.shards === "auto"
      ? undefined
      : positiveInteger("shards", options.shards, 100_000);
  if (options.shards !== undefined && options.shards !== "auto" && fixedShards === undefined) {
    throw new ShardOptionsError("shards", '"auto" or an integer', String(options.shards));
  }
  const targetOverride = positiveInteger("targetRows", options.targetRows);
  const maxOffset = positiveInteger("maxOffset", options.maxOffset, LIMITS.maxOffset) ?? LIMITS.maxOffset;
  if (maxOffset < 10)
    throw new ShardOptionsError("maxOffset", `an integer 10..${LIMITS.maxOffset}`, String(maxOffset));
  const maxProbes = positiveInteger("maxProbes", options.maxProbes) ?? 600;
  const maxPages =
    options.firstPages === 0 ? 0 : (positiveInteger("firstPages", options.firstPages, 10_000) ?? 30);
  const pageSize = request.limit ?? 100;
  const minShardRows = positiveInteger("minShardRows", options.minShardRows) ?? 10 * pageSize;
  if (options.totalCount !== undefined && (!Number.isInteger(options.totalCount) || options.totalCount < 0)) {
    throw new ShardOptionsError("totalCount", "an integer >= 0", String(options.totalCount));
  }
  const { offset: _o, search_after_token: _t, ...base } = request;
  const sizeFor = (total: number, kind?: ShardKey["kind"]): number => {
    if (targetOverride !== undefined) return targetOverride;
    if (kind === "range" && total > maxOffset - 2) {
      // Page-aligned shards (aligned.ts) are all the same size: as many shards as chains (or as
      // asked), each a whole number of pages, so every chain runs from the start to the end.
      const pages = Math.floor(total / pageSize) + 1;
      const per = Math.ceil(pages / (fixedShards ?? chains));
      const min = fixedShards === undefined ? Math.ceil(minShardRows / pageSize) : 1;
      return Math.max(per, min) * pageSize - 1;
    }
    return fixedShards !== undefined
      ? Math.max(1, Math.ceil(total / fixedShards))
      : Math.max(minShardRows, Math.ceil(total / (chains * SHARDS_PER_CHAIN)));
  };

  const ledger = new ProbeLedger(maxProbes, maxPages);
  // The unsharded total, probed (one request, no key needed) when the caller does not pass it, so
  // a refused plan's single shard still carries the right count.
  const totalOf = async (): Promise<number> =>
    options.totalCount ??
    (await new Prober(client, base, "", { signal: options.signal, ledger }).probe(null, { order: "none" }))
      .total;
  const free = freeConditions(base.filters);
  const choice: KeyChoice =
    free === 0
      ? { reason: "the filters already use all 8 conditions: no room for a shard condition" }
      : chooseShardKey(base, { key: options.key, freeConditions: free });
  const total = await totalOf();
  if ("reason" in choice) return refused(base, choice.reason, total, sizeFor(total), ledger.stats());
  const key = choice.key;
  const targetRows = sizeFor(total, key.kind);
  if (fixedShards === 1) return refused(base, "1 shard requested", total, targetRows, ledger.stats());
  if (total <= targetRows) {
    return refused(
      base,
      `total_count ${total} is within one shard of ${targetRows} rows: one chain`,
      total,
      targetRows,
      ledger.stats(),
    );
  }

  const lead = leadingOrder(base);
  const ordered = key.kind === "range" && lead?.field === key.field;
  const ctx = { client, ledger, signal: options.signal, targetRows, maxOffset };
  const sample = (options.sample ?? []).map((item) =>
    item !== null && typeof item === "object" ? ((item as Record<string, unknown>)[key.field] ?? null) : null,
  );
  const split = await splitOnKey(ctx, base, key, total, {
    sample,
    nest: true,
    ordered,
    descending: ordered && lead?.dir === "desc",
  });
  // Only pages whose request is exactly a final shard's are kept (a piece split further or
  // merged has other filters); the rest were plain probes that happened to carry rows.
  const held = new Map<string, HeldPage>();
  const shardFilters = split.leaves.map((l) =>
    andFilters(base.filters, boundsCondition(key.field, l.bounds)),
  );
  split.leaves.forEach((_, i) => {
    const page = ledger.pages.get(heldPageKey(shardFilters[i]));
    if (page) held.set(shardId(i), page);
  });
  ledger.pages.clear();
  const plan = buildPlan(base, key, split.leaves, {
    totalCount: total,
    targetRows,
    reason: split.leaves.length === 1 ? "the key could not be split below the target size" : null,
    probes: ledger.stats(held.size),
    ordered: ordered && !split.nulls,
  });
  holdFirstPages(plan, held);
  return plan;
}
