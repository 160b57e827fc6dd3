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
import { type SortKey, sortKeys } from "./sort-keys.js";

/** A request's full answer, without paging. */
export interface RowSet {
  readonly rows: Uint32Array;
  /** group_count per position, or null (as_is: 0). */
  readonly groupCounts: Uint32Array | null;
  readonly keys: readonly SortKey[];
}

/** Computes the row set of `query` on `ds`. */
export function computeRowSet(
  ds: TargetDataset,
  scope: TargetScope,
  query: Query,
  fields: ReadonlyMap<string, FieldAccess>,
  dictOrders: DictOrderCache,
): RowSet {
  let rows = selectRows(ds, scope, query);
  const having = query.filters !== null && usesGroupCount(query.filters);
  if (query.filters !== null) {
    const pre = compileFilter(query.filters, fields, having);
    let n = 0;
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i] as number;
      if (pre(row, 0)) rows[n++] = row;
    }
    rows = rows.subarray(0, n);
  }
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
