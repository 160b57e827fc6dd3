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
 */
export function ndjsonEncoder(): BatchEncoder {
  const values = newRowValues();
  const stamps = newStamps();
  return {
    head: "",
    encode(items, firstRow) {
      let out = "";
      for (let r = 0; r < items.length; r++) {
        readRow(items[r], firstRow + r, values, stamps);
        out += JSON.stringify(toObject(values)) + "\n";
      }
      return out;
    },
  };
}
