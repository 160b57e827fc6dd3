import * as zlib from "node:zlib";
import { DuckDBInstance } from "@duckdb/node-api";
import { parse } from "csv-parse/sync";
import { parquetReadObjects } from "hyparquet";
import { OUTPUT_COLUMN_NAMES } from "../../src/index.js";
import { OUTPUT_TYPES } from "./expected.js";

/** The bytes of a file, gunzipped when it is a .gz variant. */
export function plainBytes(bytes: Buffer, gzip: boolean): Buffer {
  return gzip ? zlib.gunzipSync(bytes) : bytes;
}

/** csv-parse, telling null (unquoted empty field) from "" (quoted empty field). Returns header + rows. */
export function readCsv(bytes: Buffer): { header: string[]; rows: Record<string, unknown>[] } {
  const records: (string | null)[][] = parse(bytes, {
    bom: true,
    relax_column_count: false,
    cast: (value, context) => (value === "" && !context.quoting ? null : value),
  });
  const [header = [], ...rest] = records;
  const rows = rest.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])));
  return { header: header as string[], rows };
}

/** JSON.parse per line; the file must end with LF and hold no blank lines. */
export function readNdjson(bytes: Buffer): Record<string, unknown>[] {
  const text = bytes.toString("utf8");
  if (text === "") return [];
  if (!text.endsWith("\n")) throw new Error("NDJSON must end with a newline");
  return text
    .slice(0, -1)
    .split("\n")
    .map((line) => JSON.parse(line));
}

/** hyparquet, every row as an object. */
export async function readParquetHyparquet(bytes: Buffer): Promise<Record<string, unknown>[]> {
  const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length) as ArrayBuffer;
  // hyparquet reads snappy itself; gzip (and zstd where Node has it) come from zlib.
  const zstd = (zlib as unknown as { zstdDecompressSync?: (b: Uint8Array) => Buffer }).zstdDecompressSync;
  const compressors = {
    GZIP: (input: Uint8Array) => new Uint8Array(zlib.gunzipSync(input)),
    ...(zstd ? { ZSTD: (input: Uint8Array) => new Uint8Array(zstd(input)) } : {}),
  };
  return parquetReadObjects({ file, compressors });
}

/** DuckDB read_parquet: rows (JSON text columns parsed) and the column names + types DuckDB saw. */
export async function readParquetDuckDB(
  path: string,
): Promise<{ columns: string[]; types: string[]; rows: Record<string, unknown>[] }> {
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  try {
    const reader = await connection.runAndReadAll(
      `select * from read_parquet('${path.replaceAll("'", "''")}')`,
    );
    const columns = reader.columnNames();
    const types = reader.columnTypes().map(String);
    const rows = reader.getRowObjectsJS().map((row) => {
      const out: Record<string, unknown> = {};
      OUTPUT_COLUMN_NAMES.forEach((name, i) => {
        const v = row[name];
        out[name] = OUTPUT_TYPES[i] === "json" && typeof v === "string" ? JSON.parse(v) : v;
      });
      return out;
    });
    return { columns, types, rows };
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
