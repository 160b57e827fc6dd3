/**
 * Ordering (api-notes §1.2, §9): up to 3 request keys, then `last_seen desc` (unless already a
 * key), then the row id ascending as the stable unique key. `domain_from` sorts by its labels
 * reversed (`www.a.co.zw` → `zw.co.a.www.`); nulls sort last in both directions ([INF], like
 * Elasticsearch's default `missing: _last`, which the real token shape suggests).
 *
 * Sorting is an LSD radix sort: each key becomes dense ordinals, then one stable counting sort
 * per key from the least significant — linear in rows, no comparator calls.
 */
import { formatTokenTime, parseApiTime } from "../dataset/dates.js";
import type { TargetDataset } from "../dataset/target-dataset.js";
import type { Accessor, DictValue, FieldAccess } from "./fields.js";
import type { SortRule } from "./query.js";

/** A comparable sort value: number, string, or null (NaN is normalised to null). */
export type SortValue = number | string | null;

/** One effective sort key. */
export interface SortKey {
  readonly field: string;
  readonly desc: boolean;
  /** The row's comparable value. */
  readonly value: (row: number) => SortValue;
  /** The row's value as the token stores it (ISO time, boolean, reversed domain, …). */
  readonly tokenValue: (row: number) => unknown;
  /** A token value back to a comparable value; undefined when it is malformed. */
  readonly fromToken: (json: unknown) => SortValue | undefined;
  readonly access: Accessor;
}

/** `www.velocitybroadband.co.zw` → `zw.co.velocitybroadband.www.` (api-notes §9). */
export function reverseLabels(host: string): string {
  return `${host.split(".").reverse().join(".")}.`;
}

const normalise = (v: DictValue): SortValue =>
  v === null || (typeof v === "number" && Number.isNaN(v)) ? null : (v as number | string);

/** Compares two sort values (nulls last in both directions). */
export function compareValues(a: SortValue, b: SortValue, desc: boolean): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  const c = a < b ? -1 : a > b ? 1 : 0;
  return desc ? -c : c;
}

function keyOf(rule: SortRule, fa: FieldAccess): SortKey {
  const access = fa.access;
  let raw: (row: number) => SortValue;
  if (access.kind === "dict") {
    const { id, value } = access;
    raw =
      rule.field === "domain_from"
        ? (row) => reverseLabels(value(id(row)) as string)
        : (row) => normalise(value(id(row)));
  } else if (access.kind === "group_count") {
    // group_count is known only after grouping; as a pre-grouping sort key it is constant ([INF]).
    raw = () => 0;
  } else {
    const get = access.get;
    raw = (row) => normalise(get(row));
  }
  const type = fa.type;
  const tokenValue =
    type === "time"
      ? (row: number) => {
          const v = raw(row);
          return v === null ? null : formatTokenTime(v as number);
        }
      : type === "bool"
        ? (row: number) => {
            const v = raw(row);
            return v === null ? null : v === 1;
          }
        : raw;
  const fromToken = (json: unknown): SortValue | undefined => {
    if (json === null) return null;
    if (type === "time") {
      if (typeof json !== "string") return undefined;
      const t = parseApiTime(json);
      return Number.isFinite(t) ? t : undefined;
    }
    if (type === "bool") return typeof json === "boolean" ? (json ? 1 : 0) : undefined;
    if (type === "num") return typeof json === "number" && Number.isFinite(json) ? json : undefined;
    return typeof json === "string" ? json : undefined;
  };
  return { field: rule.field, desc: rule.desc, value: raw, tokenValue, fromToken, access };
}

/** The effective keys: the request's rules, then `last_seen desc` unless present. */
export function sortKeys(orderBy: readonly SortRule[], fields: ReadonlyMap<string, FieldAccess>): SortKey[] {
  const rules = [...orderBy];
  if (!rules.some((r) => r.field === "last_seen")) rules.push({ field: "last_seen", desc: true });
  return rules.map((rule) => {
    const fa = fields.get(rule.field);
    if (fa === undefined) throw new Error(`simulator: no accessor for sort field "${rule.field}"`);
    return keyOf(rule, fa);
  });
}

/** Dense ordinals of the values at each position (equal values share one); nulls get `count`. */
interface Ordinals {
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

function stringOrdinals(key: SortKey, rows: Uint32Array): Ordinals {
  const strings: SortValue[] = new Array(rows.length);
  for (let i = 0; i < rows.length; i++) strings[i] = key.value(rows[i] as number);
  const ranks = ordinalsOfSorted(
    strings.filter((s) => s !== null),
    cmpAsc,
  );
  const ord = new Uint32Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const s = strings[i] ?? null;
    ord[i] = s === null ? ranks.size : (ranks.get(s) as number);
  }
  return { ord, count: ranks.size };
}

/** Per-dataset cache of dictionary orders (request-independent, so kept for the engine's life). */
export type DictOrderCache = Map<string, { readonly table: Uint32Array; readonly count: number }>;

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
    const { ord, count } =
      key.access.kind === "dict"
        ? dictOrdinals(ds, key, rows, cache)
        : key.access.kind === "str"
          ? stringOrdinals(key, rows)
          : numberOrdinals(key, rows);
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
