import type { EncodedRowGroup } from "./row-group.js";

/**
 * Stage → worker. `rows`: the next rows of the worker's current row group, column-wise (a slice of
 * RowGroupColumns, one message per batch, so the stage's thread never holds a whole group);
 * `encode`: the group is complete, encode it and reply.
 */
export type WorkerJob =
  | { readonly type: "rows"; readonly columns: unknown[][]; readonly rows: number }
  | { readonly type: "encode"; readonly id: number };

/** Worker → stage: the encoded group (bytes transferred) or the error encoding threw. */
export type WorkerReply =
  | { readonly id: number; readonly ok: true; readonly group: EncodedRowGroup }
  | { readonly id: number; readonly ok: false; readonly error: unknown };
