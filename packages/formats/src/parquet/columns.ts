import { BACKLINK_COLUMNS, type ColumnType } from "../schema.js";

// Per output column (47 schema columns + extra) flags of how a column is encoded.

const TYPES: readonly ColumnType[] = BACKLINK_COLUMNS.map((c) => c.type);

// Text columns that are nearly unique per row. For them a dictionary never pays (measured: same file
// size) and building one costs time, so they are written PLAIN: encoded to UTF-8 as the row is
// buffered (column-builders.ts). Other text is interned into a per-group dictionary as it arrives
// and written RLE_DICTIONARY when that at least halves its bytes, else PLAIN (chunk-encoder.ts).
const PLAIN_TEXT_COLUMNS = new Set([
  "domain_from",
  "url_from",
  "domain_from_ip",
  "page_from_title",
  "alt",
  "image_url",
  "anchor",
  "text_pre",
  "text_post",
]);

/** Whether output column i is written PLAIN, as UTF-8 bytes buffered per row (nearly unique text). */
export const PLAIN_TEXT: readonly boolean[] = [
  ...BACKLINK_COLUMNS.map((c) => PLAIN_TEXT_COLUMNS.has(c.name)),
  false,
];

/** Whether output column i is an int column (INT64). */
export const INT_COLUMN: readonly boolean[] = [...TYPES.map((t) => t === "int"), false];

/** Whether output column i is a timestamp column (stored as epoch milliseconds). */
export const TIMESTAMP_COLUMN: readonly boolean[] = [...TYPES.map((t) => t === "timestamp"), false];

// Min/max statistics only where they serve pruning (ints, bools, timestamps); string min/max
// comparisons were ~15% of hyparquet-writer's encoding time and, truncated to 16 bytes, rarely prune.
/** Whether output column i gets min/max statistics. */
export const WITH_STATISTICS: readonly boolean[] = [
  ...TYPES.map((t) => t === "int" || t === "bool" || t === "timestamp"),
  false,
];
