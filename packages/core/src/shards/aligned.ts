/**
 * Page-aligned range shards for requests above the offset window (20,000 rows). Every shard but
 * the last holds `m × limit − 1` rows, which its chain walks in exactly `m` requests (the last page
 * is one row short, so the chain stops without an extra empty page): a sharded walk then costs
 * about as many requests as one chain.
 *
 * 1. Coarse pieces of at most ~20,000 rows (value splits, `range.ts`): every row of such a piece is
 *    reachable with `offset`, and the pieces' probed counts give every row's global position.
 * 2. Cuts at global positions `j × (m × limit − 1)`: one probe per cut reads the two rows at local
 *    offsets `o − 1` and `o` of its piece. If they differ, the cut value starts exactly at `o` and
 *    both neighbouring shards' counts are exact without further probes; if they tie, the boundary
 *    moves to the start of that value (ties are never split) and the neighbours get counted.
 * 3. A coarse piece that is one heavy value (or that the probe budget left too big) is a shard of
 *    its own; shards above the target after all (ties) are refined like any other range.
 */
import { boundsCondition } from "./conditions.js";
import type { KeyValue, RangeEnd } from "./model.js";
import { type Bounds, countPiece, type RangeContext, type RangePiece, refineRange } from "./range.js";

/** Largest coarse piece whose every cut an `offset: o - 1, limit: 2` probe can read. */
function alignWindow(ctx: RangeContext): number {
  return ctx.maxOffset - 2;
}

/** Where one shard ends and the next begins: left is `< value` (or `<= value`), right the rest. */
interface Boundary {
  readonly value: KeyValue;
  readonly number: number;
  readonly leftInclusive: boolean;
  /** Global row position of the boundary, or `null` when a tie hides it. */
  readonly position: number | null;
}

function sameEnd(a: RangeEnd | null, b: RangeEnd | null): boolean {
  return a === b || (a !== null && b !== null && a.value === b.value && a.inclusive === b.inclusive);
}

/**
 * Page-aligned shards of `root` (key order), or `null` when alignment does not apply (a target
 * below one page, or a request small enough for `refineRange`'s own quantile cuts).
 */
export async function alignedRanges(ctx: RangeContext, root: RangePiece): Promise<RangePiece[] | null> {
  const size = ctx.pageSize;
  const pagesPerShard = Math.floor((ctx.targetRows + 1) / size);
  const step = pagesPerShard * size - 1;
  const window = alignWindow(ctx);
  if (pagesPerShard < 1 || step < ctx.targetRows / 2 || root.count <= window) return null;

  const coarse = await refineRange(
    { ...ctx, targetRows: window, pageSize: Number.MAX_SAFE_INTEGER, firstPages: false },
    root,
  );
  const starts: number[] = [];
  let total = 0;
  for (const p of coarse) {
    starts.push(total);
    total += p.count;
  }
  const whole = (p: RangePiece): boolean => p.single === true || p.count > window;

  const boundaries: Boundary[] = [];
  const toNumber = (v: KeyValue): number => ctx.codec.toNumber(v) as number;
  // Pieces kept whole are shards of their own: their ends are boundaries, at known positions.
  coarse.forEach((p, i) => {
    if (!whole(p)) return;
    const at = starts[i] as number;
    if (p.lower) {
      boundaries.push({
        value: p.lower.value,
        number: toNumber(p.lower.value),
        leftInclusive: !p.lower.inclusive,
        position: at,
      });
    }
    if (p.upper) {
      boundaries.push({
        value: p.upper.value,
        number: toNumber(p.upper.value),
        leftInclusive: p.upper.inclusive,
        position: at + p.count,
      });
    }
  });
  const cuts: { piece: number; local: number; position: number }[] = [];
  let i = 0;
  for (let g = step; g < total; g += step) {
    while (i < coarse.length - 1 && (starts[i + 1] as number) <= g) i++;
    const p = coarse[i] as RangePiece;
    if (whole(p)) continue;
    const local = g - (starts[i] as number);
    if (local === 0) {
      // The cut falls on the piece's own start: its lower bound is the boundary.
      if (p.lower) {
        boundaries.push({
          value: p.lower.value,
          number: toNumber(p.lower.value),
          leftInclusive: !p.lower.inclusive,
          position: g,
        });
      }
      continue;
    }
    cuts.push({ piece: i, local, position: g });
  }
  const read = await Promise.all(
    cuts.map(async (c) => {
      const p = coarse[c.piece] as RangePiece;
      const a = await ctx.prober.probe(
        boundsCondition(ctx.key, { kind: "range", lower: p.lower, upper: p.upper }),
        {
          order: "asc",
          offset: c.local - 1,
          limit: 2,
        },
      );
      const before = ctx.codec.toNumber(a.values[0]);
      const at = ctx.codec.toNumber(a.values[1]);
      if (at === undefined) return null;
      return {
        value: ctx.codec.fromNumber(at),
        number: at,
        leftInclusive: false,
        position: before !== undefined && before !== at ? c.position : null,
      };
    }),
  );
  for (const b of read) if (b) boundaries.push(b);

  // Sort by value (`< v` before `<= v`), one boundary per (value, side), known positions winning.
  boundaries.sort((a, b) => a.number - b.number || Number(a.leftInclusive) - Number(b.leftInclusive));
  const unique: Boundary[] = [];
  for (const b of boundaries) {
    const last = unique[unique.length - 1];
    if (last && last.number === b.number && last.leftInclusive === b.leftInclusive) {
      if (last.position === null && b.position !== null) unique[unique.length - 1] = b;
    } else {
      unique.push(b);
    }
  }

  const leaves: (Bounds & { count: number | null; single?: boolean })[] = [];
  for (let j = 0; j <= unique.length; j++) {
    const left = unique[j - 1];
    const right = unique[j];
    const lower: RangeEnd | null = left ? { value: left.value, inclusive: !left.leftInclusive } : root.lower;
    const upper: RangeEnd | null = right
      ? { value: right.value, inclusive: right.leftInclusive }
      : root.upper;
    const from = left ? left.position : 0;
    const to = right ? right.position : total;
    const heavy = coarse.find((p) => whole(p) && sameEnd(p.lower, lower) && sameEnd(p.upper, upper));
    if (heavy) leaves.push({ lower, upper, count: heavy.count, single: heavy.single === true });
    else leaves.push({ lower, upper, count: from !== null && to !== null ? to - from : null });
  }
  // Ties hid some positions: count those shards, and refine any that came out above the target.
  const counted = await Promise.all(
    leaves.map(async (l): Promise<RangePiece> => {
      const piece: RangePiece =
        l.count === null
          ? await countPiece(ctx, l, false)
          : { lower: l.lower, upper: l.upper, count: l.count, single: l.single };
      return piece;
    }),
  );
  const refined = await Promise.all(counted.map((p) => (p.single ? [p] : refineRange(ctx, p))));
  return refined.flat();
}
