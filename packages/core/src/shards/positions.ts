/**
 * Finding the key values at given row positions of a large request, in a few wide parallel rounds
 * (used by `aligned.ts`). A **point** `(v, inclusive, f)` says exactly `f` rows have `key < v`
 * (`key <= v` when inclusive). Round 1 counts at sample quantiles (the unsharded page 1's key
 * values) and probes the smallest and largest key and the null count; later rounds either read the
 * two rows around a target position with an `offset` probe from a known point within 20,000 rows
 * (asc from below, desc from above), or count at values interpolated between the target's two
 * known neighbours. Every probe of a round is sent at once, so planning costs a few round trips
 * whatever the number of cuts.
 */
import { boundsCondition } from "./conditions.js";
import type { KeyCodec } from "./key-values.js";
import type { RangeEnd } from "./model.js";
import type { Prober } from "./probe.js";

/** Exactly `f` rows have `key < v` (`key <= v` when `inclusive`). */
export interface Point {
  readonly v: number;
  readonly inclusive: boolean;
  readonly f: number;
}

/** What the search needs. */
export interface PositionContext {
  readonly prober: Prober;
  readonly key: string;
  readonly codec: KeyCodec;
  /** The API's largest `offset` (20,000). */
  readonly maxOffset: number;
  /** Rounds after the first before unresolved positions are given up. Default 8. */
  readonly maxRounds?: number;
}

/** The search's answer. */
export interface Positions {
  /** Rows whose key is not null (the request's total minus the `key = null` count). */
  readonly nonNull: number;
  /** The points found for the targets, in key order, each at most once. */
  readonly cuts: readonly Point[];
  /** Probe rounds sent (round trips). */
  readonly rounds: number;
}

/** Order of points: by value, `< v` before `<= v`. */
function cmp(a: { v: number; inclusive: boolean }, b: { v: number; inclusive: boolean }): number {
  return a.v - b.v || Number(a.inclusive) - Number(b.inclusive);
}

/** Distinct values of the sample (sorted) at `n` evenly spaced fractions strictly inside (0, 1). */
function sampleCuts(sorted: readonly number[], n: number): number[] {
  const out: number[] = [];
  for (let j = 1; j <= n; j++) {
    const v = sorted[Math.min(sorted.length - 1, Math.round((j * sorted.length) / (n + 1)))];
    if (v !== undefined && v !== out[out.length - 1]) out.push(v);
  }
  return out;
}

/**
 * Finds, for each target position (computed by `targetsFor(nonNull)` once the non-null count is
 * known), a point whose `f` is that position — or, where one key value spans the position (a tie),
 * the nearer end of that value. Positions the rounds or the probe budget could not resolve are left
 * out (their neighbouring shards simply join).
 *
 * Every count is of one bracket between known points (`a <= key < c`, then `F(c) = F(a) + count`),
 * never of everything below a value: the API then filters, sorts and skips only a bracket's rows.
 *
 * @param total the request's `total_count` (nulls included).
 * @param sample key values of rows of the request (any order; e.g. its page 1), to place round 1.
 */
export async function findPositions(
  ctx: PositionContext,
  total: number,
  targetsFor: (nonNull: number) => number[],
  sample: readonly unknown[],
): Promise<Positions> {
  const { prober, key, codec } = ctx;
  const window = ctx.maxOffset - 1; // largest distance an offset probe (limit 2) can read
  const sorted = sample
    .map((v) => codec.toNumber(v))
    .filter((v): v is number => v !== undefined)
    .sort((a, b) => a - b);
  const points: Point[] = [];
  const add = (p: Point): void => {
    const i = points.findIndex((q) => cmp(q, p) >= 0);
    if (i >= 0 && cmp(points[i] as Point, p) === 0) return;
    if (i < 0) points.push(p);
    else points.splice(i, 0, p);
  };
  const range = (lower: RangeEnd | null, upper: RangeEnd | null) =>
    boundsCondition(key, { kind: "range", lower, upper });
  const end = (v: number, inclusive: boolean): RangeEnd => ({ value: codec.fromNumber(v), inclusive });

  // ---- round 1: the request cut into brackets at sample values, each counted ----
  // Brackets of ~1.5 offset windows: every position is then within one window of a known point, so
  // round 2 reads every cut (if the sample is representative; skewed samples cost more rounds).
  const edgesAt = sampleCuts(sorted, Math.max(0, Math.ceil(total / (1.5 * window)) - 1));
  let min: number | undefined;
  let max: number | undefined;
  let nonNull: number;
  let rounds = 1;
  if (edgesAt.length > 0) {
    // Null keys match no range ([INF] SQL-like): the brackets count exactly the non-null rows.
    const edges: (number | null)[] = [null, ...edgesAt, null];
    const answers = await Promise.all(
      edges.slice(0, -1).map((lo, i) => {
        const hi = edges[i + 1] as number | null;
        const order = lo === null ? "asc" : hi === null ? "desc" : "none";
        return prober.probe(range(lo === null ? null : end(lo, true), hi === null ? null : end(hi, false)), {
          order,
        });
      }),
    );
    let f = 0;
    answers.forEach((a, i) => {
      if (i > 0) add({ v: edgesAt[i - 1] as number, inclusive: false, f });
      f += a.total;
    });
    nonNull = f;
    min = codec.toNumber(answers[0]?.values[0]) ?? edgesAt[0];
    max = codec.toNumber(answers[answers.length - 1]?.values[0]);
  } else {
    // No sample: the extremes first ([INF] where the API sorts nulls is undocumented, so a null
    // first row means "ask again, fenced by the other extreme"), then the non-null count.
    const [lo, hi] = await Promise.all([
      prober.probe(null, { order: "asc" }),
      prober.probe(null, { order: "desc" }),
    ]);
    min = codec.toNumber(lo.values[0]);
    max = codec.toNumber(hi.values[0]);
    if (min === undefined && max !== undefined) {
      rounds++;
      min = codec.toNumber((await prober.probe(range(null, end(max, true)), { order: "asc" })).values[0]);
    } else if (max === undefined && min !== undefined) {
      rounds++;
      max = codec.toNumber((await prober.probe(range(end(min, true), null), { order: "desc" })).values[0]);
    }
    if (min === undefined || max === undefined) return { nonNull: 0, cuts: [], rounds };
    rounds++;
    nonNull = (await prober.probe(range(end(min, true), end(max, true)), { order: "none" })).total;
  }
  if (min === undefined || max === undefined || nonNull === 0) return { nonNull, cuts: [], rounds };
  add({ v: min, inclusive: false, f: 0 });
  add({ v: max, inclusive: true, f: nonNull });

  const targets = targetsFor(nonNull).filter((g) => g > 0 && g < nonNull);
  const resolved = new Map<number, Point>();
  const maxRounds = ctx.maxRounds ?? 8;
  // both ends of a tie a read found, counted from the read's bracket start next round
  let queued: { p: { v: number; inclusive: boolean }; a: Point }[] = [];
  for (let round = 0; round < maxRounds && resolved.size < targets.length; round++) {
    if (!prober.canProbe) break;
    const reads: Promise<void>[] = [];
    // new points to count, each within its bracket [a, b): F(p) = a.f + count(a <= key < p)
    const counts = new Map<string, { p: { v: number; inclusive: boolean }; a: Point }>();
    const count = (p: { v: number; inclusive: boolean }, a: Point): void => {
      if (!points.some((q) => cmp(q, p) === 0)) counts.set(`${p.v}|${p.inclusive}`, { p, a });
    };
    for (const q of queued) count(q.p, q.a);
    queued = [];
    for (const g of targets) {
      if (resolved.has(g)) continue;
      // the bracket: a.f <= g < b.f (the points always hold f = 0 at min and f = nonNull at max)
      let j = points.findIndex((p) => p.f > g);
      if (j <= 0) j = points.length - 1;
      const a = points[j - 1] as Point;
      const b = points[j] as Point;
      if (a.f === g) {
        resolved.set(g, a);
        continue;
      }
      if (a.v === b.v) {
        // one key value spans the position: the boundary goes to the nearer end of that value
        resolved.set(g, g - a.f <= b.f - g ? a : b);
        continue;
      }
      // read from the nearer known end (a smaller offset is cheaper for the API to skip)
      if (g - a.f <= window && g - a.f <= b.f - g) reads.push(read(g, a, b, "asc"));
      else if (b.f - g <= window) reads.push(read(g, a, b, "desc"));
      else {
        for (const t of [g - window / 2, g + window / 2]) {
          const p = between(a, b, t, codec.integral);
          if (p) count(p, a);
        }
      }
    }
    if (reads.length === 0 && counts.size === 0) break;
    rounds++;
    await Promise.all([
      ...reads,
      ...[...counts.values()].map(async ({ p, a }) => {
        const answer = await prober.probe(range(end(a.v, !a.inclusive), end(p.v, p.inclusive)), {
          order: "none",
        });
        add({ ...p, f: a.f + answer.total });
      }),
    ]);
  }

  /**
   * Reads the values at positions g - 1 and g from the nearer end of their bracket `[a, b)`. The
   * condition keeps both ends, so the API sorts only the bracket's rows, not the whole request.
   */
  async function read(g: number, a: Point, b: Point, dir: "asc" | "desc"): Promise<void> {
    const condition = range(end(a.v, !a.inclusive), end(b.v, b.inclusive));
    const offset = dir === "asc" ? g - 1 - a.f : b.f - 1 - g;
    const answer = await prober.probe(condition, { order: dir, offset, limit: 2 });
    const first = codec.toNumber(answer.values[0]);
    const second = codec.toNumber(answer.values[1]);
    const x = dir === "asc" ? first : second; // value at g - 1
    const y = dir === "asc" ? second : first; // value at g
    if (x === undefined || y === undefined) return; // the data moved: the next round counts again
    if (x < y) add({ v: y, inclusive: false, f: g });
    else queued.push({ p: { v: y, inclusive: false }, a }, { p: { v: y, inclusive: true }, a }); // a tie
  }
  // targets resolved in the last round's reads are in `points` at exactly their position
  for (const g of targets) {
    if (resolved.has(g)) continue;
    const p = points.find((q) => q.f === g);
    if (p) resolved.set(g, p);
  }
  const cuts = [...new Set(resolved.values())].filter((p) => p.f > 0 && p.f < nonNull).sort(cmp);
  return { nonNull, cuts, rounds };
}

/**
 * A point strictly between `a` and `b` at about position `t`, by linear interpolation of the key
 * between them; `null` when none exists (a single value, or no room on an integral key).
 */
function between(a: Point, b: Point, t: number, integral: boolean): { v: number; inclusive: boolean } | null {
  const share = Math.min(1, Math.max(0, (t - a.f) / (b.f - a.f)));
  let v = a.v + (b.v - a.v) * share;
  if (integral) v = Math.round(v);
  const inside = (p: { v: number; inclusive: boolean }): boolean => cmp(a, p) < 0 && cmp(p, b) < 0;
  const candidates = [
    { v, inclusive: false },
    { v: integral ? Math.floor((a.v + b.v) / 2) + 1 : (a.v + b.v) / 2, inclusive: false },
    // nothing fits between two values: separate a's value (key <= a.v)
    { v: a.v, inclusive: true },
  ];
  return candidates.find(inside) ?? null;
}
