/**
 * `planShards`: split one request into disjoint shards whose union is exactly the request, each
 * to be walked by its own search_after_token chain. See README "Shards".
 */
import type { BacklinksRequest, FilterExpression } from "../model/request.js";
import { andFilters, boundsCondition, freeConditions } from "./conditions.js";
import { ShardOptionsError } from "./errors.js";
import { codecFor } from "./key-values.js";
import { chooseShardKey, leadingOrder, type ShardKey } from "./keys.js";
import type { ProbeStats, Shard, ShardBounds, ShardPlan } from "./model.js";
import { ALL_STRINGS, mergePatterns, type PatternPiece, pieceRegex, refinePattern } from "./pattern.js";
import { Prober, type ShardClient } from "./probe.js";
import { mergeRanges, type RangePiece, refineRange } from "./range.js";

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
  readonly signal?: AbortSignal;
}

/** Shards per chain that `"auto"` aims for: enough that chains finishing early find more work. */
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

interface Leaf {
  readonly bounds: ShardBounds;
  readonly count: number;
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

const NO_PROBES: ProbeStats = Object.freeze({ requests: 0, cost: 0, rows: 0 });

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
  const maxProbes = positiveInteger("maxProbes", options.maxProbes) ?? 600;
  const pageSize = request.limit ?? 100;
  const minShardRows = positiveInteger("minShardRows", options.minShardRows) ?? 10 * pageSize;
  if (options.totalCount !== undefined && (!Number.isInteger(options.totalCount) || options.totalCount < 0)) {
    throw new ShardOptionsError("totalCount", "an integer >= 0", String(options.totalCount));
  }
  const { offset: _o, search_after_token: _t, ...base } = request;
  const sizeFor = (total: number): number =>
    targetOverride ??
    (fixedShards !== undefined
      ? Math.max(1, Math.ceil(total / fixedShards))
      : Math.max(minShardRows, Math.ceil(total / (chains * SHARDS_PER_CHAIN))));

  const free = freeConditions(base.filters);
  const known = options.totalCount ?? 0;
  if (free === 0) {
    return refused(
      base,
      "the filters already use all 8 conditions: no room for a shard condition",
      known,
      sizeFor(known),
      NO_PROBES,
    );
  }
  const choice = chooseShardKey(base, { key: options.key, freeConditions: free });
  if ("reason" in choice) return refused(base, choice.reason, known, sizeFor(known), NO_PROBES);
  const key = choice.key;
  const prober = new Prober(client, base, key.field, { signal: options.signal, maxProbes });
  const total = options.totalCount ?? (await prober.probe(null, { order: "none" })).total;
  const targetRows = sizeFor(total);
  if (fixedShards === 1) return refused(base, "1 shard requested", total, targetRows, prober.stats());
  if (total <= targetRows) {
    return refused(
      base,
      `total_count ${total} is within one shard of ${targetRows} rows: one chain`,
      total,
      targetRows,
      prober.stats(),
    );
  }

  let leaves: Leaf[];
  if (key.kind === "range") {
    const ctx = {
      prober,
      key: key.field,
      codec: codecFor(key.type === "time" ? "time" : "num"),
      targetRows,
      maxFanout: 16,
      maxDepth: 40,
    };
    const root: RangePiece = { lower: null, upper: null, count: total };
    const pieces = mergeRanges(await refineRange(ctx, root), targetRows);
    leaves = pieces.map((p) => ({
      bounds: { kind: "range", lower: p.lower, upper: p.upper },
      count: p.count,
    }));
  } else {
    const ctx = { prober, key: key.field, targetRows, sampleSize: 200, maxDepth: 64 };
    const root: PatternPiece = { ...ALL_STRINGS, count: total };
    const pieces = mergePatterns(await refinePattern(ctx, root), targetRows);
    leaves = pieces.map((p) => ({ bounds: { kind: "pattern", regex: pieceRegex(p) }, count: p.count }));
  }

  // Rows whose key is null match no range and no regex ([INF] SQL-like null semantics). If the
  // shards come up short, count `key = null`; it becomes a shard when it explains (part of) the
  // gap. If the API refuses a null comparison, the gap stays visible as `difference`.
  let nullShard = false;
  const gap = total - leaves.reduce((s, l) => s + l.count, 0);
  if (gap > 0) {
    const nulls = await countNulls(prober, key.field);
    if (nulls > 0 && nulls <= gap) {
      leaves.push({ bounds: { kind: "null" }, count: nulls });
      nullShard = true;
    }
  }
  const lead = leadingOrder(base);
  const ordered = key.kind === "range" && lead?.field === key.field && !nullShard;
  if (ordered && lead?.dir === "desc") leaves.reverse();
  return buildPlan(base, key, leaves, {
    totalCount: total,
    targetRows,
    reason: leaves.length === 1 ? "the key could not be split below the target size" : null,
    probes: prober.stats(),
    ordered,
  });
}

async function countNulls(prober: Prober, key: string): Promise<number> {
  try {
    return (await prober.probe([key, "=", null], { order: "none" })).total;
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (code === "ERR_API_STATUS" || code === "ERR_INVALID_REQUEST") return 0;
    throw err;
  }
}
