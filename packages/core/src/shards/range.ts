/**
 * Refining a range key (`num`/`time`) into half-open value ranges `[lo, hi)`, each below the
 * target size. Rows with the same key value always land in the same range, so ties at a boundary
 * can neither be lost nor repeated; a single value holding more rows than the target becomes its
 * own `[v, v]` shard (`key = v`), since no condition on the key can split it.
 *
 * - A piece of at most 20,000 rows is cut at quantiles read with `offset` probes (exact positions).
 * - A larger piece is cut at evenly spaced values between its smallest and largest key (one `desc`
 *   probe), which converges on skewed data too, a level at a time.
 * Each new piece is counted by a `limit: 1` probe ordered by the key, which also gives its
 * smallest value for the next level. Probes of one level run in parallel.
 */
import { boundsCondition } from "./conditions.js";
import { evenCuts, type KeyCodec } from "./key-values.js";
import type { RangeEnd, ShardBounds } from "./model.js";
import type { Prober } from "./probe.js";

/** A range with its probed size. */
export interface RangePiece {
  readonly lower: RangeEnd | null;
  readonly upper: RangeEnd | null;
  readonly count: number;
  /** Smallest key value seen by the piece's count probe (as a number). */
  readonly min?: number | undefined;
  /** Every row of the piece has the same key value: it cannot be split. */
  readonly single?: boolean;
  /** Counted by fetching its real first page (kept for reuse): never merged. */
  readonly held?: boolean;
}

/** What range refinement needs. */
export interface RangeContext {
  readonly prober: Prober;
  readonly key: string;
  readonly codec: KeyCodec;
  readonly targetRows: number;
  /** The request's `limit`: cuts fall just below multiples of it where possible. */
  readonly pageSize: number;
  /** The API's largest `offset` (20,000); probes read quantiles up to it. */
  readonly maxOffset: number;
  /** Count likely-final quantile pieces with their real first page (off for coarse pieces). */
  readonly firstPages: boolean;
  /** Most pieces one split makes. */
  readonly maxFanout: number;
  readonly maxDepth: number;
}

/** The two ends of a range. */
export type Bounds = Pick<RangePiece, "lower" | "upper">;

function rangeBounds(p: Bounds): ShardBounds {
  return { kind: "range", lower: p.lower, upper: p.upper };
}

function end(ctx: RangeContext, n: number, inclusive: boolean): RangeEnd {
  return { value: ctx.codec.fromNumber(n), inclusive };
}

/**
 * Counts a piece. The first row of an ascending probe is its smallest value; a piece that will
 * probably be final (`page`) is counted with its real first page instead (no smallest value: if
 * it turns out too big after all, refinement probes for it).
 */
export async function countPiece(
  ctx: RangeContext,
  p: Bounds & { single?: boolean },
  page: boolean,
): Promise<RangePiece> {
  const condition = boundsCondition(ctx.key, rangeBounds(p));
  if (page) {
    const a = await ctx.prober.firstPage(condition);
    return { ...p, count: a.total, held: true };
  }
  const a = await ctx.prober.probe(condition, { order: "asc" });
  return { ...p, count: a.total, min: ctx.codec.toNumber(a.values[0]) };
}

/**
 * Smallest (`asc`) or largest (`desc`) non-null key of a piece. Where the API puts null keys in
 * the order is undocumented ([INF]); if the first row's key is null we probe again below / above
 * the other extreme, which excludes nulls.
 */
async function extreme(
  ctx: RangeContext,
  p: Bounds,
  dir: "asc" | "desc",
  other?: number,
): Promise<number | undefined> {
  const a = await ctx.prober.probe(boundsCondition(ctx.key, rangeBounds(p)), { order: dir });
  const v = ctx.codec.toNumber(a.values[0]);
  if (v !== undefined || a.total === 0 || other === undefined) return v;
  const fenced: Bounds =
    dir === "asc"
      ? { lower: p.lower, upper: end(ctx, other, true) }
      : { lower: end(ctx, other, true), upper: p.upper };
  const b = await ctx.prober.probe(boundsCondition(ctx.key, rangeBounds(fenced)), { order: dir });
  return ctx.codec.toNumber(b.values[0]);
}

/**
 * Offsets to cut a piece of `count` rows at. Page-aligned when the target allows: the piece's
 * pages are spread evenly over `k` shards, and every shard but the last gets `m × limit − 1` rows,
 * which walk in exactly `m` requests (the last page is one row short, so the chain stops without an
 * extra empty page); only the last shard ends on a partial page. Otherwise (targets below a page,
 * tiny pages) about 80% of the target each.
 */
function cutOffsets(ctx: RangeContext, count: number): number[] {
  const size = ctx.pageSize;
  const pagesPerShard = Math.floor((ctx.targetRows + 1) / size);
  const pages = Math.ceil(count / size);
  const k = pagesPerShard > 0 ? Math.ceil(pages / pagesPerShard) : Number.POSITIVE_INFINITY;
  const offsets: number[] = [];
  if (pagesPerShard * size - 1 >= ctx.targetRows / 2 && k >= 2 && k <= ctx.maxFanout) {
    let o = 0;
    for (let j = 0; j < k - 1; j++) {
      o += (Math.floor((pages * (j + 1)) / k) - Math.floor((pages * j) / k)) * size - 1;
      if (o > 0 && o < count && o <= ctx.maxOffset - 1) offsets.push(o);
    }
    return offsets;
  }
  const n = Math.max(2, Math.min(ctx.maxFanout, Math.ceil((1.25 * count) / ctx.targetRows)));
  for (let j = 1; j < n; j++) {
    const cut = Math.floor((j * count) / n);
    if (cut > 0 && cut <= ctx.maxOffset - 1 && cut !== offsets[offsets.length - 1]) offsets.push(cut);
  }
  return offsets;
}

/** Cuts a piece of ≤ 20,000 rows at quantiles; `null` when it cannot be cut. */
async function quantileChildren(ctx: RangeContext, p: RangePiece, min: number): Promise<Bounds[] | null> {
  const offsets = cutOffsets(ctx, p.count);
  const condition = boundsCondition(ctx.key, rangeBounds(p));
  const answers = await Promise.all(
    offsets.map((offset) => ctx.prober.probe(condition, { order: "asc", offset })),
  );
  const seq = [min, ...answers.map((a) => ctx.codec.toNumber(a.values[0]))].filter(
    (v): v is number => v !== undefined,
  );
  // A value seen at two quantile positions holds about count/k rows or more: it gets its own shard.
  const seen = new Map<number, number>();
  for (const v of seq) seen.set(v, (seen.get(v) ?? 0) + 1);
  const heavy = (v: number): boolean => (seen.get(v) ?? 0) >= 2;
  const cuts = [...seen.keys()].filter((v) => v > min).sort((a, b) => a - b);
  const out: (Bounds & { single?: boolean })[] = [];
  let cur = p.lower;
  if (heavy(min)) {
    // Every row ≤ min equals min: [lower, min] is that value alone, and keeps `lower` so rows
    // that appear below min later are still covered.
    out.push({ lower: p.lower, upper: end(ctx, min, true), single: true });
    cur = end(ctx, min, false);
  }
  for (const v of cuts) {
    out.push({ lower: cur, upper: end(ctx, v, false) });
    if (heavy(v)) {
      out.push({ lower: end(ctx, v, true), upper: end(ctx, v, true), single: true });
      cur = end(ctx, v, false);
    } else {
      cur = end(ctx, v, true);
    }
  }
  out.push({ lower: cur, upper: p.upper });
  return out.length > 1 ? out : null;
}

/** Cuts a large piece at evenly spaced values; `null` when it holds a single value. */
async function valueChildren(ctx: RangeContext, p: RangePiece, min: number): Promise<Bounds[] | null> {
  const max = await extreme(ctx, p, "desc", min);
  if (max === undefined || max <= min) return null;
  const integral = ctx.codec.integral && Number.isInteger(min) && Number.isInteger(max);
  const k = Math.max(2, Math.min(ctx.maxFanout, Math.ceil(p.count / ctx.targetRows)));
  const cuts = evenCuts(min, max, k, integral);
  const out: Bounds[] = [];
  let cur = p.lower;
  for (const c of cuts) {
    out.push({ lower: cur, upper: end(ctx, c, false) });
    cur = end(ctx, c, true);
  }
  out.push({ lower: cur, upper: p.upper });
  return out.length > 1 ? out : null;
}

/** Splits `p` until every piece is at most the target size (or cannot be split); key order. */
export async function refineRange(ctx: RangeContext, p: RangePiece, depth = 0): Promise<RangePiece[]> {
  // Page-aligned cuts may leave the last piece a few rows (one per cut) above the target: fine.
  const within = ctx.targetRows + (ctx.pageSize <= ctx.targetRows ? ctx.maxFanout : 0);
  if (p.count <= within || p.single || depth >= ctx.maxDepth || !ctx.prober.canProbe) return [p];
  let min = p.min ?? (await extreme(ctx, p, "asc"));
  if (min === undefined) {
    // Null keys came first: find the largest value, then the smallest at or below it.
    const max = await extreme(ctx, p, "desc");
    if (max !== undefined) min = await extreme(ctx, p, "asc", max);
  }
  if (min === undefined) return [p];
  const children =
    p.count - 1 <= ctx.maxOffset - 1 ? await quantileChildren(ctx, p, min) : await valueChildren(ctx, p, min);
  if (children === null) return [{ ...p, single: true }];
  // Quantile cuts make pieces of about 80% of the target: fetch those as real first pages.
  const quantile = ctx.firstPages && p.count - 1 <= ctx.maxOffset - 1;
  const counted = await Promise.all(
    children.map((c) => countPiece(ctx, c, quantile && !(c as { single?: boolean }).single)),
  );
  const nested = await Promise.all(counted.map((c) => refineRange(ctx, c, depth + 1)));
  return nested.flat();
}

/**
 * Joins neighbouring pieces while their sum stays within the target: fewer chains, fewer short
 * last pages. `[a, b)` + `[b, c)` = `[a, c)`; bounds stay exactly adjacent, so nothing is lost.
 * A piece holding its first page keeps its bounds (merging would change its request).
 */
export function mergeRanges(pieces: readonly RangePiece[], targetRows: number): RangePiece[] {
  const out: RangePiece[] = [];
  for (const p of pieces) {
    const last = out[out.length - 1];
    if (last && !last.held && !p.held && last.count + p.count <= targetRows) {
      out[out.length - 1] = { lower: last.lower, upper: p.upper, count: last.count + p.count };
    } else {
      out.push(p);
    }
  }
  return out;
}
