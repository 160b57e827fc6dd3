/**
 * Splitting one request on one key: refine (range.ts / pattern.ts), merge small neighbours, add a
 * `key = null` shard when the pieces come up short, and split a single key value that still holds
 * more rows than the target on a second key.
 */
import { LIMITS } from "../model/fields.js";
import type { BacklinksRequest } from "../model/request.js";
import { alignedRanges } from "./aligned.js";
import { andFilters, boundsCondition, freeConditions } from "./conditions.js";
import { codecFor } from "./key-values.js";
import { chooseShardKey, commutingKeys, leadingOrder, type ShardKey } from "./keys.js";
import type { ShardBounds } from "./model.js";
import { ALL_STRINGS, mergePatterns, type PatternPiece, pieceRegex, refinePattern } from "./pattern.js";
import { type ProbeLedger, Prober, type ShardClient } from "./probe.js";
import { mergeRanges, type RangePiece, refineRange } from "./range.js";

/** A final shard before ids are given. */
export interface Leaf {
  readonly bounds: ShardBounds;
  readonly count: number;
}

/** The shards of one key, in key order (descending when asked), a null shard last. */
export interface KeySplit {
  readonly leaves: Leaf[];
  /** A null shard was added (its place in the order is unknown). */
  readonly nulls: boolean;
}

/** What a split needs. */
export interface SplitContext {
  readonly client: ShardClient;
  readonly ledger: ProbeLedger;
  readonly signal: AbortSignal | undefined;
  readonly targetRows: number;
  /** The API's largest `offset`. */
  readonly maxOffset: number;
}

/**
 * Splits `request` (whose `total_count` is `count`) on `key`. Heavy single values are split again
 * on a second key when `nest` allows it (see `splitHeavyValue`).
 */
export async function splitOnKey(
  ctx: SplitContext,
  request: BacklinksRequest,
  key: ShardKey,
  count: number,
  order: {
    readonly nest: boolean;
    readonly ordered: boolean;
    readonly descending: boolean;
    /** Key values of some rows of `request` (see `PlanShardsOptions.sample`). */
    readonly sample?: readonly unknown[];
  },
): Promise<KeySplit> {
  const prober = new Prober(ctx.client, request, key.field, { signal: ctx.signal, ledger: ctx.ledger });
  let leaves: Leaf[];
  if (key.kind === "range") {
    const rctx = {
      prober,
      key: key.field,
      codec: codecFor(key.type === "time" ? "time" : "num"),
      targetRows: ctx.targetRows,
      pageSize: request.limit ?? LIMITS.defaultLimit,
      maxOffset: ctx.maxOffset,
      firstPages: true,
      maxFanout: 16,
      maxDepth: 40,
    };
    const root: RangePiece = { lower: null, upper: null, count };
    const pieces = mergeRanges(
      (await alignedRanges(rctx, root, order.sample)) ?? (await refineRange(rctx, root)),
      ctx.targetRows,
    );
    const expanded = await Promise.all(
      pieces.map(async (p): Promise<Leaf[]> => {
        const bounds: ShardBounds = { kind: "range", lower: p.lower, upper: p.upper };
        if (order.nest && p.single && p.count > ctx.targetRows) {
          const nested = await splitHeavyValue(ctx, request, key, { bounds, count: p.count }, order.ordered);
          if (nested) return nested;
        }
        return [{ bounds, count: p.count }];
      }),
    );
    if (order.descending) expanded.reverse();
    leaves = expanded.flat();
  } else {
    const pctx = { prober, key: key.field, targetRows: ctx.targetRows, sampleSize: 200, maxDepth: 64 };
    const root: PatternPiece = { ...ALL_STRINGS, count };
    const pieces = mergePatterns(await refinePattern(pctx, root), ctx.targetRows);
    leaves = pieces.map((p) => ({ bounds: { kind: "pattern", regex: pieceRegex(p) }, count: p.count }));
  }
  // Rows whose key is null match no range and no regex ([INF] SQL-like null semantics). If the
  // shards come up short, count `key = null`; it becomes a shard when it explains (part of) the
  // gap. If the API refuses a null comparison, the gap stays visible as the plan's `difference`.
  const gap = count - leaves.reduce((s, l) => s + l.count, 0);
  if (gap > 0) {
    const nulls = await countNulls(prober, key.field);
    if (nulls > 0 && nulls <= gap) {
      leaves.push({ bounds: { kind: "null" }, count: nulls });
      return { leaves, nulls: true };
    }
  }
  return { leaves, nulls: false };
}

/**
 * A single value of the key with more rows than the target: no condition on that key can split
 * it, so split it on a second commuting key, inside `key = v` (4 conditions at most). When the
 * plan promises the unsharded order, only the field `order_by` sorts by second qualifies (then
 * the pieces, in that field's order, keep the promise); otherwise any commuting key but the first.
 * Returns `null` (keep the value whole) when no second key fits.
 */
async function splitHeavyValue(
  ctx: SplitContext,
  request: BacklinksRequest,
  key: ShardKey,
  value: Leaf,
  ordered: boolean,
): Promise<Leaf[] | null> {
  const outer = boundsCondition(key.field, value.bounds);
  const inside: BacklinksRequest = {
    ...request,
    filters: andFilters(request.filters, outer) as BacklinksRequest["filters"],
  };
  const free = freeConditions(inside.filters);
  let second: ShardKey | undefined;
  const rest = request.order_by?.slice(1) ?? [];
  if (ordered) {
    const lead = leadingOrder({ ...request, order_by: rest });
    const candidate = commutingKeys(request).find((k) => k.field === lead?.field && k.kind === "range");
    if (candidate && free >= 2 && candidate.field !== key.field) second = candidate;
  } else {
    const choice = chooseShardKey(
      { ...request, order_by: rest },
      { freeConditions: free, exclude: key.field },
    );
    if ("key" in choice) second = choice.key;
  }
  if (second === undefined) return null;
  const descending = ordered && leadingOrder({ ...request, order_by: rest })?.dir === "desc";
  const split = await splitOnKey(ctx, inside, second, value.count, { nest: false, ordered, descending });
  if (ordered && split.nulls) return null;
  return split.leaves.map((l) => ({
    bounds: {
      kind: "nested",
      outer: value.bounds,
      key: (second as ShardKey).field,
      inner: l.bounds,
    } as const,
    count: l.count,
  }));
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
