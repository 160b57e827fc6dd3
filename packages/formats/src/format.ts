import type { Transform } from "node:stream";
import { csvEncoder } from "./csv.js";
import { ndjsonEncoder } from "./ndjson.js";
import { type FormatName, type FormatOptions, resolveOptions } from "./options.js";
import { ParquetStage } from "./parquet/stage.js";
import { TextStage } from "./stage.js";

/** A file format the exporter can write: its names and a factory of pipeline stages. */
export interface OutputFormat {
  readonly name: FormatName;
  /** File extension with the dot, compression included: `.csv`, `.csv.gz`, `.ndjson`, `.ndjson.gz`, `.parquet`. */
  readonly extension: string;
  /** MIME type of the file (for S3 `ContentType`). */
  readonly contentType: string;
  /** `Content-Encoding` to store with the object (`gzip` for .gz files), if any. */
  readonly contentEncoding?: string;
  /**
   * A new stage for one complete file: object-mode writable side taking arrays of items (one per
   * API page), byte readable side. `end()` finishes the file; create a new stage per part file.
   */
  createStage(): Transform;
}

/**
 * Returns the writer of one format. Options are validated here, once, and frozen; errors are
 * {@link FormatOptionsError} (`ERR_FORMAT_OPTIONS`) or {@link UnsupportedCompressionError}
 * (`ERR_UNSUPPORTED_COMPRESSION`, e.g. zstd on Node 20 or snappy for CSV).
 */
export function getFormat(name: FormatName, options?: FormatOptions): OutputFormat {
  const resolved = resolveOptions(name, options);
  const o = resolved.options;
  const gzip = o.compression === "gzip";
  switch (resolved.name) {
    case "csv":
      return Object.freeze({
        name: "csv",
        extension: gzip ? ".csv.gz" : ".csv",
        contentType: "text/csv; charset=utf-8; header=present",
        ...(gzip ? { contentEncoding: "gzip" } : {}),
        createStage: () => new TextStage(csvEncoder(o.csv), gzip),
      });
    case "ndjson":
      return Object.freeze({
        name: "ndjson",
        extension: gzip ? ".ndjson.gz" : ".ndjson",
        contentType: "application/x-ndjson",
        ...(gzip ? { contentEncoding: "gzip" } : {}),
        createStage: () => new TextStage(ndjsonEncoder(), gzip),
      });
    case "parquet":
      return Object.freeze({
        name: "parquet",
        extension: ".parquet",
        contentType: "application/vnd.apache.parquet",
        createStage: () => new ParquetStage(o),
      });
  }
}
