import { encodeRawNdjson } from "./ndjson-raw.js";
import { newRowValues, newStamps, type RowValues, readRow } from "./row.js";
import { OUTPUT_COLUMN_NAMES } from "./schema.js";
import type { BatchEncoder } from "./stage.js";

/**
 * Builds `{ type: values[0], …, extra: values[47] }` as an object literal of fixed shape, which
 * JSON.stringify serialises on V8's fast path: measured ~1.5x faster than stringifying the item
 * itself and ~1.3x faster than stringifying value by value. Keys are our schema constants.
 */
const toObject = new Function(
  "values",
  `return {${OUTPUT_COLUMN_NAMES.map((name, i) => `${JSON.stringify(name)}: values[${i}]`).join(", ")}};`,
) as (values: RowValues) => object;

/**
 * NDJSON encoder: one JSON object per line (LF), keys in schema order then `extra`, values exactly as
 * received (timestamps stay the API's text); every line has all 48 keys, null where absent.
 * Raw batches (items as JSON bytes) are copied through where that gives the same bytes
 * (see ndjson-raw.ts), so the output never depends on which kind of batch came in.
 */
export function ndjsonEncoder(): BatchEncoder {
  const values = newRowValues();
  const stamps = newStamps();
  const line = (item: unknown, row: number): string => {
    readRow(item, row, values, stamps);
    return `${JSON.stringify(toObject(values))}\n`;
  };
  return {
    head: "",
    encode(items, firstRow) {
      let out = "";
      for (let r = 0; r < items.length; r++) out += line(items[r], firstRow + r);
      return out;
    },
    encodeRaw: (batch, firstRow) => encodeRawNdjson(batch, firstRow, line),
  };
}
