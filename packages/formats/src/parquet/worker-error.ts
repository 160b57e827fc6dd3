import { FormatError } from "../errors.js";

/**
 * A Parquet encoding worker could not be started, crashed or exited while it held a row group
 * (code `ERR_PARQUET_WORKER`); `cause` holds the underlying error when there is one. An error thrown
 * by the encoder itself inside a worker is passed on as it was thrown, not wrapped.
 */
export class ParquetWorkerError extends FormatError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("ERR_PARQUET_WORKER", message, options);
  }

  override get name(): string {
    return "ParquetWorkerError";
  }
}
