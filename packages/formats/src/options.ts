import { FormatOptionsError, UnsupportedCompressionError } from "./errors.js";
import { zstdAvailable } from "./parquet/codecs.js";

/** Names accepted by `getFormat`. */
export const FORMAT_NAMES = Object.freeze(["csv", "ndjson", "parquet"] as const);

/** One of {@link FORMAT_NAMES}. */
export type FormatName = (typeof FORMAT_NAMES)[number];

/** Compressions named in {@link FormatOptions}. */
export type Compression = "none" | "gzip" | "snappy" | "zstd";

/** Options of `getFormat`; all optional. */
export interface FormatOptions {
  /**
   * CSV/NDJSON: "none" (default) or "gzip" (whole-file gzip, `.csv.gz`/`.ndjson.gz`).
   * Parquet: column-chunk codec, "snappy" (default), "gzip", "zstd" (only where Node's zlib has
   * zstd, else `ERR_UNSUPPORTED_COMPRESSION`) or "none".
   */
  compression?: Compression;
  csv?: {
    /** Start the file with a UTF-8 byte order mark (helps Excel detect UTF-8). Default false. */
    bom?: boolean;
    /** Prefix `'` to text values starting with = + - @ TAB CR (CSV injection guard). Default false. */
    escapeFormulas?: boolean;
  };
  parquet?: {
    /** Rows per row group (default 10,000); memory grows linearly with it. */
    rowGroupSize?: number;
    /**
     * Worker threads encoding complete row groups (pages, dictionaries, compression) off the thread
     * that writes to the stage. Default 0: the stage's own thread encodes (validating and
     * buffering a row, which must happen there, is ~85% of a row's cost, so a worker buys at most
     * ~1.15x and costs an isolate's memory; README). Memory grows with `workers + 1` row groups in
     * flight; the file bytes do not change.
     */
    workers?: number;
  };
}

/** Default Parquet row-group size: peak memory grows ~1.2–1.7 KB per row of it, speed does not improve above it (README). */
export const DEFAULT_ROW_GROUP_SIZE = 10_000;

/** Most Parquet encoding workers one stage may start. */
export const MAX_PARQUET_WORKERS = 16;

/** Default Parquet encoding workers: none (see FormatOptions.parquet.workers). */
export function defaultParquetWorkers(): number {
  return 0;
}

/** Options after validation, with defaults applied; frozen. */
export interface ResolvedOptions {
  readonly compression: Compression;
  readonly csv: { readonly bom: boolean; readonly escapeFormulas: boolean };
  readonly parquet: { readonly rowGroupSize: number; readonly workers: number };
}

const COMPRESSIONS: readonly string[] = ["none", "gzip", "snappy", "zstd"];

/** Validates `getFormat` arguments once at the boundary and returns frozen resolved options. */
export function resolveOptions(
  name: unknown,
  options: unknown,
): { name: FormatName; options: ResolvedOptions } {
  if (typeof name !== "string" || !(FORMAT_NAMES as readonly string[]).includes(name)) {
    throw new FormatOptionsError(
      "name",
      `format: expected one of ${FORMAT_NAMES.join(", ")}, got ${show(name)}`,
    );
  }
  const format = name as FormatName;
  const o = (options ?? {}) as FormatOptions;
  if (typeof o !== "object")
    throw new FormatOptionsError("options", `options: expected an object, got ${show(o)}`);

  const compression = o.compression ?? (format === "parquet" ? "snappy" : "none");
  if (!COMPRESSIONS.includes(compression)) {
    throw new FormatOptionsError(
      "compression",
      `compression: expected one of ${COMPRESSIONS.join(", ")}, got ${show(compression)}`,
    );
  }
  if (format !== "parquet" && compression !== "none" && compression !== "gzip") {
    throw new UnsupportedCompressionError(format, compression, `${format} files support "none" or "gzip"`);
  }
  if (format === "parquet" && compression === "zstd" && !zstdAvailable()) {
    throw new UnsupportedCompressionError(
      format,
      compression,
      `this Node.js (${process.version}) has no zstd in zlib; use "snappy" or "gzip"`,
    );
  }

  const bom = o.csv?.bom ?? false;
  const escapeFormulas = o.csv?.escapeFormulas ?? false;
  if (typeof bom !== "boolean")
    throw new FormatOptionsError("csv.bom", `csv.bom: expected boolean, got ${show(bom)}`);
  if (typeof escapeFormulas !== "boolean") {
    throw new FormatOptionsError(
      "csv.escapeFormulas",
      `csv.escapeFormulas: expected boolean, got ${show(escapeFormulas)}`,
    );
  }
  const rowGroupSize = o.parquet?.rowGroupSize ?? DEFAULT_ROW_GROUP_SIZE;
  if (!Number.isSafeInteger(rowGroupSize) || rowGroupSize < 1) {
    throw new FormatOptionsError(
      "parquet.rowGroupSize",
      `parquet.rowGroupSize: expected a positive integer, got ${show(rowGroupSize)}`,
    );
  }
  const workers = o.parquet?.workers ?? defaultParquetWorkers();
  if (!Number.isSafeInteger(workers) || workers < 0 || workers > MAX_PARQUET_WORKERS) {
    throw new FormatOptionsError(
      "parquet.workers",
      `parquet.workers: expected an integer 0..${MAX_PARQUET_WORKERS}, got ${show(workers)}`,
    );
  }
  return {
    name: format,
    options: Object.freeze({
      compression,
      csv: Object.freeze({ bom, escapeFormulas }),
      parquet: Object.freeze({ rowGroupSize, workers }),
    }),
  };
}

function show(value: unknown): string {
  if (typeof value === "string") return `string ${JSON.stringify(value)}`;
  return value === null || value === undefined ? String(value) : `${typeof value} ${String(value)}`;
}
