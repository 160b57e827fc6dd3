// The rows of one Parquet row group as compact, transferable column data (typed arrays and bytes).

/**
 * One output column of a row group, built row by row by the column builders and encoded by
 * `encodeRowGroup`. Everything but dictionaries is typed arrays, so a group crosses to a worker by
 * transfer (no copy, no structured clone of row objects). `defs` holds each row's definition level
 * (0 = null, 1 = value) for flat columns, and one level per list entry for lists.
 *
 * - `bytes`: PLAIN BYTE_ARRAY values already encoded (4-byte length + UTF-8 per non-null value, in
 *   row order); `rowEnds[r]` = bytes used after row r (for cutting pages).
 * - `dict`: strings as indexes into `dictionary` (insertion order; -1 for null).
 * - `number`: ints and timestamps (epoch ms) as doubles (all safe integers); INT64 on disk.
 * - `bool`: 0/1 per row.
 * - `list`: list<string> as Dremel levels (`reps`, `defs`: 0 null list, 1 empty list, 2 null
 *   element, 3 element) with element strings as indexes into `dictionary` (-1 where none).
 */
export type ColumnData =
  | {
      readonly kind: "bytes";
      readonly defs: Uint8Array;
      readonly data: Uint8Array;
      readonly rowEnds: Int32Array;
    }
  | {
      readonly kind: "dict";
      readonly defs: Uint8Array;
      readonly indexes: Int32Array;
      readonly dictionary: string[];
    }
  | { readonly kind: "number"; readonly defs: Uint8Array; readonly values: Float64Array }
  | { readonly kind: "bool"; readonly defs: Uint8Array; readonly values: Uint8Array }
  | {
      readonly kind: "list";
      readonly defs: Uint8Array;
      readonly reps: Uint8Array;
      readonly indexes: Int32Array;
      readonly dictionary: string[];
    };

/** One row group: `columns[i]` belongs to `OUTPUT_COLUMN_NAMES[i]`. */
export interface RowGroupData {
  readonly rows: number;
  readonly columns: ColumnData[];
}

/** The ArrayBuffers of a group, for `postMessage`'s transfer list (the sender loses them). */
export function transferList(group: RowGroupData): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  for (const column of group.columns) {
    for (const value of Object.values(column)) {
      if (ArrayBuffer.isView(value)) buffers.add(value.buffer as ArrayBuffer);
    }
  }
  return [...buffers];
}
