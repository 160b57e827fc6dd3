import type { RowGroupData } from "./column-data.js";
import type { EncodedRowGroup } from "./row-group.js";

/**
 * Stage → worker: one complete row group as compact column data (its ArrayBuffers transferred, not
 * copied); the worker encodes it and replies.
 */
export interface WorkerJob {
  readonly id: number;
  readonly group: RowGroupData;
}

/** Worker → stage: the encoded group (bytes transferred) or the error encoding threw. */
export type WorkerReply =
  | { readonly id: number; readonly ok: true; readonly group: EncodedRowGroup }
  | { readonly id: number; readonly ok: false; readonly error: unknown };
