/**
 * Grouping modes (api-notes §1.2): `one_per_domain` / `one_per_anchor` keep the first row of each
 * referring domain / anchor in the request's order (the "most important" one by that order), and
 * `custom_mode {field, value: N}` keeps the first N rows per distinct value of `field`. Every kept
 * row's `group_count` is the size of its whole group among the filtered rows. Null is one group
 * value of its own ([INF], like SQL GROUP BY). In `as_is` group_count is 0, as observed.
 */
import type { Accessor, FieldAccess } from "./fields.js";
import type { Query } from "./query.js";
import { compareValues, type SortKey } from "./sort-keys.js";

/** Rows after grouping, in order, with each row's group_count. */
export interface GroupedRows {
  readonly rows: Uint32Array;
  /** group_count per position; null in as_is (group_count 0). */
  readonly groupCounts: Uint32Array | null;
}

/** The field and per-group quota of a query's grouping, or null for plain `as_is`. */
export function groupingOf(query: Query): { field: string; perGroup: number } | null {
  if (query.customMode !== null) return { field: query.customMode.field, perGroup: query.customMode.value };
  if (query.mode === "one_per_domain") return { field: "domain_from", perGroup: 1 };
  if (query.mode === "one_per_anchor") return { field: "anchor", perGroup: 1 };
  return null;
}

/** Applies the grouping of `query` to ordered rows. */
export function groupRows(
  sorted: Uint32Array,
  query: Query,
  fields: ReadonlyMap<string, FieldAccess>,
): GroupedRows {
  const grouping = groupingOf(query);
  if (grouping === null) return { rows: sorted, groupCounts: null };
  const access = fields.get(grouping.field)?.access as Accessor;
  // Every custom_mode field is a dictionary field (see fields.ts), so a group is a dictionary id.
  if (access.kind !== "dict") throw new Error(`simulator: cannot group by "${grouping.field}"`);
  const { id, size } = access;
  const n = sorted.length;
  const groupOf = new Uint32Array(n);
  const counts = new Uint32Array(size);
  for (let i = 0; i < n; i++) {
    const g = id(sorted[i] as number);
    groupOf[i] = g;
    counts[g] = (counts[g] as number) + 1;
  }
  const taken = new Uint32Array(size);
  const rows = new Uint32Array(n);
  const groupCounts = new Uint32Array(n);
  let m = 0;
  for (let i = 0; i < n; i++) {
    const g = groupOf[i] as number;
    const t = taken[g] as number;
    if (t < grouping.perGroup) {
      taken[g] = t + 1;
      rows[m] = sorted[i] as number;
      groupCounts[m] = counts[g] as number;
      m++;
    }
  }
  return { rows: rows.slice(0, m), groupCounts: groupCounts.slice(0, m) };
}

/**
 * The sort value of every position for numeric keys (NaN = null), read once, so the comparisons
 * of `bestPerGroup` are array reads; other keys (strings, dictionaries) compare their values.
 */
function numericColumns(rows: Uint32Array, keys: readonly SortKey[]): (Float64Array | null)[] {
  return keys.map((key) => {
    if (key.access.kind !== "num" && key.access.kind !== "group_count") return null;
    const column = new Float64Array(rows.length);
    for (let i = 0; i < rows.length; i++)
      column[i] = (key.value(rows[i] as number) as number | null) ?? Number.NaN;
    return column;
  });
}

/** Total order of two positions: the sort keys (nulls last), then row id — the order of sortRows. */
function comparePositions(
  i: number,
  j: number,
  rows: Uint32Array,
  keys: readonly SortKey[],
  columns: readonly (Float64Array | null)[],
): number {
  for (let k = 0; k < keys.length; k++) {
    const key = keys[k] as SortKey;
    const column = columns[k];
    let c: number;
    if (column) {
      const a = column[i] as number;
      const b = column[j] as number;
      if (a === b) continue;
      c = Number.isNaN(a) ? (Number.isNaN(b) ? 0 : 1) : Number.isNaN(b) ? -1 : key.desc ? b - a : a - b;
    } else {
      c = compareValues(key.value(rows[i] as number), key.value(rows[j] as number), key.desc);
    }
    if (c !== 0) return c;
  }
  return (rows[i] as number) - (rows[j] as number);
}

/**
 * One row per group without sorting every row: a single pass keeps each group's first row in the
 * request's order and counts the group. The kept rows (one per domain or anchor, usually far fewer
 * than the matches) are then sorted by the caller. Same result as sorting first, then keeping
 * the first row per group, since `comparePositions` is the exact order of `sortRows`.
 */
export function bestPerGroup(
  rows: Uint32Array,
  field: string,
  fields: ReadonlyMap<string, FieldAccess>,
  keys: readonly SortKey[],
): { rows: Uint32Array; groupCountOf: (row: number) => number } {
  const access = fields.get(field)?.access as Accessor;
  if (access.kind !== "dict") throw new Error(`simulator: cannot group by "${field}"`);
  const { id, size } = access;
  const columns = numericColumns(rows, keys);
  const best = new Int32Array(size).fill(-1);
  const counts = new Uint32Array(size);
  for (let i = 0; i < rows.length; i++) {
    const g = id(rows[i] as number);
    counts[g] = (counts[g] as number) + 1;
    const current = best[g] as number;
    if (current < 0 || comparePositions(i, current, rows, keys, columns) < 0) best[g] = i;
  }
  const kept: number[] = [];
  for (let g = 0; g < size; g++) if ((best[g] as number) >= 0) kept.push(rows[best[g] as number] as number);
  kept.sort((a, b) => a - b);
  return { rows: Uint32Array.from(kept), groupCountOf: (row) => counts[id(row)] as number };
}

/** A row's group size among `rows` when grouping by `field` (a dictionary field). */
export function groupSizes(
  rows: Uint32Array,
  field: string,
  fields: ReadonlyMap<string, FieldAccess>,
): (row: number) => number {
  const access = fields.get(field)?.access as Accessor;
  if (access.kind !== "dict") throw new Error(`simulator: cannot group by "${field}"`);
  const { id, size } = access;
  const counts = new Uint32Array(size);
  for (let i = 0; i < rows.length; i++) {
    const g = id(rows[i] as number);
    counts[g] = (counts[g] as number) + 1;
  }
  return (row) => counts[id(row)] as number;
}
