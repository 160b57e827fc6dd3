export { canonicalItemCheck, type RawItemCheck } from "./canonical-item.js";
export {
  BatchTypeError,
  FormatError,
  FormatOptionsError,
  RowTypeError,
  UnsupportedCompressionError,
} from "./errors.js";
export { getFormat, type OutputFormat } from "./format.js";
export {
  type Compression,
  DEFAULT_ROW_GROUP_SIZE,
  FORMAT_NAMES,
  type FormatName,
  type FormatOptions,
} from "./options.js";
export { zstdAvailable } from "./parquet/codecs.js";
export { ParquetWorkerError } from "./parquet/worker-error.js";
export { isRawJsonBatch, type RawJsonBatch } from "./raw-batch.js";
export {
  BACKLINK_COLUMNS,
  type BacklinkColumn,
  type ColumnType,
  EXTRA_COLUMN,
  OUTPUT_COLUMN_NAMES,
} from "./schema.js";
export { parseApiTimestamp } from "./timestamp.js";
