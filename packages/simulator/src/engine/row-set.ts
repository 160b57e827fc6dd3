/**
 * The ordered, grouped rows of one request (everything but limit/offset/token): selected by
 * scope, filtered, sorted, grouped, then `group_count` conditions applied to the groups.
 */
import type { TargetDataset } from "../dataset/target-dataset.js";
import type { FieldAccess } from "./fields.js";
import { compileFilter, usesGroupCount } from "./filter-eval.js";
import { bestPerGroup, type GroupedRows, groupingOf, groupRows, groupSizes } from "./grouping.js";
import { sortRows } from "./order.js";
import type { DictOrderCache } from "./ordinals.js";
import type { Query } from "./query.js";
import { selectRows, type TargetScope } from "./scope.js";
import { compareValues, type SortKey, sortKeys } from "./sort-keys.js";

/** A request's full answer, without paging. */
export interface RowSet {
  readonly rows: Uint32Array;
  /** group_count per position, or null (as_is: 0). */
  readonly groupCounts: Uint32Array | null;
  readonly keys: readonly SortKey[];
}

/**
 * Rows the scope selects and the filters keep, ascending (a view into a scratch array). With
 * `groupCountAsTrue`, `group_count` conditions pass (they are applied after grouping).
 */
function matchingRows(
  ds: TargetDataset,
  scope: TargetScope,
  query: Query,
  fields: ReadonlyMap<string, FieldAccess>,
  groupCountAsTrue: boolean,
): Uint32Array {
  const rows = selectRows(ds, scope, query);
  if (query.filters === null) return rows;
  const pre = compileFilter(query.filters, fields, groupCountAsTrue);
  let n = 0;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as number;
    if (pre(row, 0)) rows[n++] = row;
  }
  return rows.subarray(0, n);
}

/** True when the first `k` rows of `query` can be found without ordering them all (see topRows). */
export function hasCheapTop(query: Query): boolean {
  return groupingOf(query) === null && (query.filters === null || !usesGroupCount(query.filters));
}

/**
 * The first `k` rows of an `as_is` request in order, and how many rows match: a bounded heap over
 * the matching rows instead of a full sort. For a first page with a small limit (a probe for
 * total_count, a preview) on a large target; a token walk then computes and caches the full set.
 */
export function topRows(
  ds: TargetDataset,
  scope: TargetScope,
  query: Query,
  fields: ReadonlyMap<string, FieldAccess>,
  k: number,
): { set: RowSet; total: number } {
  const rows = matchingRows(ds, scope, query, fields, false);
  const keys = sortKeys(query.orderBy, fields);
  const compare = (a: number, b: number): number => {
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i] as SortKey;
      const c = compareValues(key.value(a), key.value(b), key.desc);
      if (c !== 0) return c;
    }
    return a - b;
  };
  // Max-heap (by the order) of the best k rows seen so far: the root is the worst of them.
  const heap: number[] = [];
  const siftDown = (from: number): void => {
    let i = from;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let top = i;
      if (l < heap.length && compare(heap[l] as number, heap[top] as number) > 0) top = l;
      if (r < heap.length && compare(heap[r] as number, heap[top] as number) > 0) top = r;
      if (top === i) return;
      [heap[i], heap[top]] = [heap[top] as number, heap[i] as number];
      i = top;
    }
  };
  for (let i = 0; i < rows.length && k > 0; i++) {
    const row = rows[i] as number;
    if (heap.length < k) {
      heap.push(row);
      for (let j = heap.length - 1; j > 0; ) {
        const parent = (j - 1) >> 1;
        if (compare(heap[j] as number, heap[parent] as number) <= 0) break;
        [heap[j], heap[parent]] = [heap[parent] as number, heap[j] as number];
        j = parent;
      }
    } else if (compare(row, heap[0] as number) < 0) {
      heap[0] = row;
      siftDown(0);
    }
  }
  heap.sort(compare);
  return { set: { rows: Uint32Array.from(heap), groupCounts: null, keys }, total: rows.length };
}

/** Computes the row set of `query` on `ds`. */
export function computeRowSet(
  ds: TargetDataset,
  scope: TargetScope,
  query: Query,
  fields: ReadonlyMap<string, FieldAccess>,
  dictOrders: DictOrderCache,
): RowSet {
  const having = query.filters !== null && usesGroupCount(query.filters);
  const rows = matchingRows(ds, scope, query, fields, having);
  const grouping = groupingOf(query);
  let groupCountOf: ((row: number) => number) | undefined;
  if (grouping !== null && query.orderBy.some((r) => r.field === "group_count")) {
    // group_count as a sort key: each row's group size among the filtered rows, known up front.
    groupCountOf = groupSizes(rows, grouping.field, fields);
  }
  const keys = sortKeys(query.orderBy, fields, groupCountOf);
  let grouped: GroupedRows;
  if (grouping !== null && grouping.perGroup === 1) {
    // one_per_domain / one_per_anchor / custom_mode value 1: pick, then sort only the kept rows.
    const best = bestPerGroup(rows, grouping.field, fields, keys);
    const sorted = sortRows(ds, best.rows, keys, dictOrders);
    grouped = { rows: sorted, groupCounts: sorted.map(best.groupCountOf) };
  } else {
    grouped = groupRows(sortRows(ds, rows, keys, dictOrders), query, fields);
  }
  if (!having || query.filters === null) return { ...grouped, keys };
  const post = compileFilter(query.filters, fields, false);
  const out = new Uint32Array(grouped.rows.length);
  const counts = grouped.groupCounts === null ? null : new Uint32Array(grouped.rows.length);
  let m = 0;
  for (let i = 0; i < grouped.rows.length; i++) {
    const gc = grouped.groupCounts === null ? 0 : (grouped.groupCounts[i] as number);
    const row = grouped.rows[i] as number;
    if (post(row, gc)) {
      out[m] = row;
      if (counts !== null) counts[m] = gc;
      m++;
    }
  }
  return { rows: out.slice(0, m), groupCounts: counts === null ? null : counts.slice(0, m), keys };
}
