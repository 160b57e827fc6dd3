/**
 * Page-aligned range shards for requests above the offset window (20,000 rows). The request's
 * pages are spread evenly over `k` shards (`k` = ⌈pages / pages per target shard⌉); every shard but
 * the last holds `m × limit − 1` rows, which its chain walks in exactly `m` requests (the last page
 * is one row short, so the chain stops without an extra empty page): a sharded walk then costs as
 * many requests as one chain.
 *
 * The cut values come from `findPositions` (positions.ts): the key value at each cut's global row
 * position, found in a few wide parallel probe rounds, so every shard's count is exact without a
 * count probe of its own. Where one key value spans a cut (a tie), the boundary moves to that
 * value's nearer end (ties are never split); a value holding more rows than the target becomes a
 * shard of its own (`single`), which `split.ts` may split again on a second key.
 */
import type { KeyValue, RangeEnd } from "./model.js";
import { findPositions, type Point } from "./positions.js";
import { type RangeContext, type RangePiece, refineRange } from "./range.js";

/** Largest request the quantile path (`refineRange`'s offset probes) handles instead. */
function alignWindow(ctx: RangeContext): number {
  return ctx.maxOffset - 2;
}

/** Row positions of the cuts that spread `pages` pages of `size` rows evenly over `k` shards. */
export function alignedTargets(rows: number, size: number, pagesPerShard: number): number[] {
  // pages one chain needs: a full last page is followed by an empty one
  const pages = Math.floor(rows / size) + 1;
  const k = Math.ceil(pages / pagesPerShard);
  const out: number[] = [];
  let at = 0;
  for (let j = 0; j < k - 1; j++) {
    at += (Math.floor((pages * (j + 1)) / k) - Math.floor((pages * j) / k)) * size - 1;
    if (at > 0 && at < rows) out.push(at);
  }
  return out;
}

/**
 * Page-aligned shards of `root` (key order), or `null` when alignment does not apply (a target
 * below one page, or a request small enough for `refineRange`'s own quantile cuts).
 * @param sample key values of some of the request's rows (its page 1), to aim the first round.
 */
export async function alignedRanges(
  ctx: RangeContext,
  root: RangePiece,
  sample: readonly unknown[] = [],
): Promise<RangePiece[] | null> {
  const size = ctx.pageSize;
  const pagesPerShard = Math.floor((ctx.targetRows + 1) / size);
  const step = pagesPerShard * size - 1;
  if (pagesPerShard < 1 || step < ctx.targetRows / 2 || root.count <= alignWindow(ctx)) return null;
  if (root.lower !== null || root.upper !== null) return null;

  const found = await findPositions(
    { prober: ctx.prober, key: ctx.key, codec: ctx.codec, maxOffset: ctx.maxOffset },
    root.count,
    (rows) => alignedTargets(rows, size, pagesPerShard),
    sample,
  );
  const end = (p: Point, left: boolean): RangeEnd => ({
    value: ctx.codec.fromNumber(p.v) as KeyValue,
    inclusive: left ? p.inclusive : !p.inclusive,
  });
  const pieces: RangePiece[] = [];
  let prev: Point | null = null;
  for (const cut of [...found.cuts, null]) {
    const lower = prev ? end(prev, false) : null;
    const upper = cut ? end(cut, true) : null;
    const count = (cut ? cut.f : found.nonNull) - (prev ? prev.f : 0);
    // between `< v` and `<= v`: exactly the rows whose key is v
    const single = prev !== null && cut !== null && prev.v === cut.v && !prev.inclusive && cut.inclusive;
    pieces.push({ lower, upper, count, ...(single ? { single: true } : {}) });
    prev = cut;
  }
  // A cut the rounds could not place joined two shards: refine any piece above the target.
  // (The last shard may hold up to one row per cut more than the others: not worth a split.)
  const slack = pieces.length;
  const refined = await Promise.all(
    pieces.map((p) => (p.single || p.count <= ctx.targetRows + slack ? [p] : refineRange(ctx, p))),
  );
  return refined.flat();
}
