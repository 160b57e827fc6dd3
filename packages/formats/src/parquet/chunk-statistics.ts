/**
 * Column-chunk statistics (min, max, null count) for the footer, from a row group's compact
 * column data: numbers and timestamps as INT64, booleans.
 */
import type { ParquetWriter } from "hyparquet-writer";

type Statistics = NonNullable<
  NonNullable<ParquetWriter["pendingIndexes"][number]["chunk"]["meta_data"]>["statistics"]
>;

/** min/max/null count of an INT64 (or timestamp) column's values. */
export function numberStatistics(defs: Uint8Array, data: Float64Array): Statistics {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let nulls = 0;
  for (let r = 0; r < defs.length; r++) {
    if (defs[r] === 0) {
      nulls++;
      continue;
    }
    const v = data[r]!;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return nulls === defs.length
    ? { null_count: BigInt(nulls) }
    : { min_value: min, max_value: max, null_count: BigInt(nulls) };
}

/** min/max/null count of a BOOLEAN column's values (false < true). */
export function boolStatistics(defs: Uint8Array, data: Uint8Array): Statistics {
  let seenTrue = false;
  let seenFalse = false;
  let nulls = 0;
  for (let r = 0; r < defs.length; r++) {
    if (defs[r] === 0) nulls++;
    else if (data[r] === 1) seenTrue = true;
    else seenFalse = true;
  }
  return nulls === defs.length
    ? { null_count: BigInt(nulls) }
    : { min_value: !seenFalse, max_value: seenTrue, null_count: BigInt(nulls) };
}
