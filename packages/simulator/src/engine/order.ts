/**
 * Ordering of a row set: the sort keys (sort-keys.ts), then the row id ascending as the stable
 * unique key. An LSD radix sort: each key becomes dense ordinals (ordinals.ts), then one stable
 * counting sort per key from the least significant — linear in rows, no comparator calls.
 */
import type { TargetDataset } from "../dataset/target-dataset.js";
import { type DictOrderCache, ordinalsOf } from "./ordinals.js";
import { compareValues, type SortKey, type SortValue } from "./sort-keys.js";

/** Sorts `rows` (ascending row ids) by `keys`, then row id: a new array. */
export function sortRows(
  ds: TargetDataset,
  rows: Uint32Array,
  keys: readonly SortKey[],
  cache: DictOrderCache,
): Uint32Array {
  const n = rows.length;
  let perm = new Uint32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  let next = new Uint32Array(n);
  for (let k = keys.length - 1; k >= 0; k--) {
    const key = keys[k] as SortKey;
    const { ord, count } = ordinalsOf(ds, key, rows, cache);
    if (key.desc)
      for (let i = 0; i < n; i++) if ((ord[i] as number) < count) ord[i] = count - 1 - (ord[i] as number);
    // Stable counting sort of perm by ord: bucket b starts at the number of smaller ordinals.
    const buckets = new Uint32Array(count + 2);
    for (let i = 0; i < n; i++) {
      const b = (ord[i] as number) + 1;
      buckets[b] = (buckets[b] as number) + 1;
    }
    for (let b = 1; b < buckets.length; b++) buckets[b] = (buckets[b] as number) + (buckets[b - 1] as number);
    for (let i = 0; i < n; i++) {
      const p = perm[i] as number;
      const o = ord[p] as number;
      next[buckets[o] as number] = p;
      buckets[o] = (buckets[o] as number) + 1;
    }
    [perm, next] = [next, perm];
  }
  const out = new Uint32Array(n);
  for (let i = 0; i < n; i++) out[i] = rows[perm[i] as number] as number;
  return out;
}

/** Compares row `row` with a position given as (values, row id): negative if the row sorts before it. */
export function compareRowTo(
  row: number,
  keys: readonly SortKey[],
  values: readonly SortValue[],
  afterRow: number,
): number {
  for (let k = 0; k < keys.length; k++) {
    const key = keys[k] as SortKey;
    const c = compareValues(key.value(row), values[k] ?? null, key.desc);
    if (c !== 0) return c;
  }
  return row - afterRow;
}

/** First position in `rows` (sorted by keys, then row id) strictly after (values, row): binary search. */
export function positionAfter(
  rows: Uint32Array,
  keys: readonly SortKey[],
  values: readonly SortValue[],
  afterRow: number,
): number {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareRowTo(rows[mid] as number, keys, values, afterRow) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
