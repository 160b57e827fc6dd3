import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "vitest";
import { OUTPUT_COLUMN_NAMES } from "../../src/index.js";
import { DUCKDB_TYPES, expectedCsv, expectedParquet, logicalRow, OUTPUT_TYPES } from "./expected.js";
import { plainBytes, readCsv, readNdjson, readParquetDuckDB, readParquetHyparquet } from "./readers.js";
import { isGzip, type Variant } from "./variants.js";

/**
 * Reads a file back with every independent reader of its format and asserts it holds exactly
 * `items`, value for value and type for type.
 */
export async function expectFileHolds(
  variant: Variant,
  bytes: Buffer,
  items: readonly Record<string, unknown>[],
  dir: string,
): Promise<void> {
  const data = plainBytes(bytes, isGzip(variant));
  if (variant.format === "csv") {
    const bom = variant.options.csv?.bom === true;
    expect(data.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))).toBe(bom);
    const { header, rows } = readCsv(data);
    expect(header).toEqual(OUTPUT_COLUMN_NAMES);
    for (const row of rows)
      for (const v of Object.values(row)) expect(v === null || typeof v === "string").toBe(true);
    const escapeFormulas = variant.options.csv?.escapeFormulas === true;
    expect(rows).toEqual(items.map((item) => expectedCsv(item, escapeFormulas)));
    return;
  }
  if (variant.format === "ndjson") {
    const rows = readNdjson(data);
    expect(rows).toEqual(items.map(logicalRow));
    for (const row of rows) expect(Object.keys(row)).toEqual(OUTPUT_COLUMN_NAMES);
    return;
  }
  const expected = items.map(expectedParquet);
  const path = join(
    dir,
    `${variant.label.replaceAll(/\W/g, "_")}-${Math.random().toString(36).slice(2)}.parquet`,
  );
  writeFileSync(path, bytes);
  const duck = await readParquetDuckDB(path);
  expect(duck.columns).toEqual(OUTPUT_COLUMN_NAMES);
  expect(duck.types).toEqual(OUTPUT_TYPES.map((t) => DUCKDB_TYPES[t]));
  expect(duck.rows).toEqual(expected);
  const hy = await readParquetHyparquet(bytes);
  expect(hy).toEqual(expected);
}
