import type { EncodedRowGroup } from "./row-group.js";

/** Stage → worker: one complete row group, column-wise (see RowGroupColumns). */
export interface WorkerJob {
  readonly id: number;
  readonly columns: unknown[][];
  readonly rows: number;
}

/** Worker → stage: the encoded group (bytes transferred) or the error encoding threw. */
export type WorkerReply =
  | { readonly id: number; readonly ok: true; readonly group: EncodedRowGroup }
  | { readonly id: number; readonly ok: false; readonly error: unknown };
