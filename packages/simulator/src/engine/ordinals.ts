/**
 * Dense ordinals of a sort key over a row set: equal values share one ordinal, nulls get the
 * largest, so a stable counting sort per key orders the rows (order.ts). Dictionary fields rank
 * their (few) distinct values once per dataset; numbers use their offset when the range is small,
 * else one native sort of packed (value, position) floats; other strings sort their values.
 */
import type { TargetDataset } from "../dataset/target-dataset.js";
import type { Accessor } from "./fields.js";
import { compareValues, normalise, reverseLabels, type SortKey, type SortValue } from "./sort-keys.js";

/** Dense ordinals of the values at each position (equal values share one); nulls get `count`. */
export interface Ordinals {
  readonly ord: Uint32Array;
  readonly count: number;
}

function ordinalsOfSorted<T>(values: readonly T[], compare: (a: T, b: T) => number): Map<T, number> {
  const ranks = new Map<T, number>();
  const sorted = [...new Set(values)].sort(compare);
  sorted.forEach((v, i) => {
    ranks.set(v, i);
  });
  return ranks;
}

const cmpAsc = (a: SortValue, b: SortValue): number => compareValues(a, b, false);

function dictOrdinals(ds: TargetDataset, key: SortKey, rows: Uint32Array, cache: DictOrderCache): Ordinals {
  const access = key.access as Extract<Accessor, { kind: "dict" }>;
  const cacheKey = `${ds.target}\u0000${key.field}`;
  let byId = cache.get(cacheKey);
  if (byId === undefined) {
    const values: SortValue[] = new Array(access.size);
    for (let id = 0; id < access.size; id++) {
      const v = normalise(access.value(id));
      values[id] = key.field === "domain_from" && v !== null ? reverseLabels(v as string) : v;
    }
    const ranks = ordinalsOfSorted(
      values.filter((v) => v !== null),
      cmpAsc,
    );
    const table = new Uint32Array(access.size);
    const nullOrd = ranks.size;
    for (let id = 0; id < access.size; id++) {
      const v = values[id] ?? null;
      table[id] = v === null ? nullOrd : (ranks.get(v) as number);
    }
    byId = { table, count: nullOrd };
    cache.set(cacheKey, byId);
  }
  const ord = new Uint32Array(rows.length);
  const { table, count } = byId;
  const id = access.id;
  for (let i = 0; i < rows.length; i++) ord[i] = table[id(rows[i] as number)] as number;
  return { ord, count };
}

function numberOrdinals(key: SortKey, rows: Uint32Array): Ordinals {
  const n = rows.length;
  const values = new Float64Array(n);
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let integral = true;
  for (let i = 0; i < n; i++) {
    const v = key.value(rows[i] as number);
    const x = v === null ? Number.NaN : (v as number);
    values[i] = x;
    if (!Number.isNaN(x)) {
      if (x < min) min = x;
      if (x > max) max = x;
      if (integral && !Number.isInteger(x)) integral = false;
    }
  }
  const ord = new Uint32Array(n);
  if (min > max) return { ord: ord.fill(0), count: 0 };
  if (integral && max - min <= Math.max(4 * n, 65_536)) {
    const count = max - min + 1;
    for (let i = 0; i < n; i++) {
      const x = values[i] as number;
      ord[i] = Number.isNaN(x) ? count : x - min;
    }
    return { ord, count };
  }
  // Wide integer range (times): pack (value - min, position) into one float and sort natively,
  // then hand out dense ranks in one pass. Falls back to a comparator sort when it cannot pack.
  const posBits = Math.max(1, Math.ceil(Math.log2(n + 1)));
  const scale = 2 ** posBits;
  let m = 0;
  if (integral && (max - min + 2) * scale <= Number.MAX_SAFE_INTEGER) {
    const packed = new Float64Array(n);
    let p = 0;
    for (let i = 0; i < n; i++) {
      const x = values[i] as number;
      if (!Number.isNaN(x)) packed[p++] = (x - min) * scale + i;
      else ord[i] = 0xffffffff;
    }
    const sorted = packed.subarray(0, p).sort();
    let prev = -1;
    for (let j = 0; j < p; j++) {
      const v = sorted[j] as number;
      const value = Math.floor(v / scale);
      if (value !== prev) {
        prev = value;
        m++;
      }
      ord[v - value * scale] = m - 1;
    }
  } else {
    const order = Array.from({ length: n }, (_, i) => i)
      .filter((i) => !Number.isNaN(values[i] as number))
      .sort((a, b) => (values[a] as number) - (values[b] as number));
    let prev = Number.NaN;
    for (const i of order) {
      if (values[i] !== prev) {
        prev = values[i] as number;
        m++;
      }
      ord[i] = m - 1;
    }
    for (let i = 0; i < n; i++) if (Number.isNaN(values[i] as number)) ord[i] = 0xffffffff;
  }
  // Nulls were marked; they rank after every value.
  for (let i = 0; i < n; i++) if ((ord[i] as number) > m) ord[i] = m;
  return { ord, count: m };
}

/**
 * `scheme://host/` of a URL (up to and including the first `/` after `://`), else the whole
 * string. Two strings compare like their heads, unless the heads are equal: no head is a proper
 * prefix of another head that ends in that same `/`, so ordering by (head, rest) is exactly the
 * code-unit order of the whole strings — with far fewer long comparisons.
 */
function headLength(s: string): number {
  const scheme = s.indexOf("://");
  if (scheme < 0) return s.length;
  const slash = s.indexOf("/", scheme + 3);
  return slash < 0 ? s.length : slash + 1;
}

const byCodeUnits = (x: string, y: string): number => (x < y ? -1 : x > y ? 1 : 0);

function stringOrdinals(key: SortKey, rows: Uint32Array): Ordinals {
  const n = rows.length;
  const rests: string[] = new Array(n);
  const headIds = new Int32Array(n).fill(-1);
  const heads = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const s = key.value(rows[i] as number) as string | null;
    if (s === null) continue;
    const h = headLength(s);
    const head = s.slice(0, h);
    let id = heads.get(head);
    if (id === undefined) {
      id = heads.size;
      heads.set(head, id);
    }
    headIds[i] = id;
    rests[i] = s.slice(h);
  }
  const headRank = new Uint32Array(heads.size);
  [...heads.keys()].sort(byCodeUnits).forEach((head, rank) => {
    headRank[heads.get(head) as number] = rank;
  });
  // Bucket positions by head rank (counting sort), then sort each bucket by the rest.
  const starts = new Uint32Array(heads.size + 1);
  for (let i = 0; i < n; i++) {
    const id = headIds[i] as number;
    if (id >= 0) {
      const r = (headRank[id] as number) + 1;
      starts[r] = (starts[r] as number) + 1;
    }
  }
  for (let r = 1; r < starts.length; r++) starts[r] = (starts[r] as number) + (starts[r - 1] as number);
  const present = starts[heads.size] as number;
  const sorted = new Uint32Array(present);
  const fill = starts.slice(0, heads.size);
  for (let i = 0; i < n; i++) {
    const id = headIds[i] as number;
    if (id < 0) continue;
    const r = headRank[id] as number;
    sorted[fill[r] as number] = i;
    fill[r] = (fill[r] as number) + 1;
  }
  const ord = new Uint32Array(n).fill(0xffffffff);
  let m = 0;
  for (let r = 0; r < heads.size; r++) {
    const bucket = Array.from(sorted.subarray(starts[r] as number, starts[r + 1] as number));
    bucket.sort((a, b) => byCodeUnits(rests[a] as string, rests[b] as string));
    let prev: string | undefined;
    for (const i of bucket) {
      if (prev === undefined || rests[i] !== prev) {
        prev = rests[i] as string;
        m++;
      }
      ord[i] = m - 1;
    }
  }
  for (let i = 0; i < n; i++) if ((ord[i] as number) === 0xffffffff) ord[i] = m;
  return { ord, count: m };
}

/** Per-dataset cache of dictionary orders (request-independent, so kept for the engine's life). */
export type DictOrderCache = Map<string, { readonly table: Uint32Array; readonly count: number }>;

/** Ordinals of `key` at each position of `rows`. */
export function ordinalsOf(
  ds: TargetDataset,
  key: SortKey,
  rows: Uint32Array,
  cache: DictOrderCache,
): Ordinals {
  if (key.access.kind === "dict") return dictOrdinals(ds, key, rows, cache);
  if (key.access.kind === "str") return stringOrdinals(key, rows);
  return numberOrdinals(key, rows);
}
