import { Readable, Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { type FormatName, type FormatOptions, getFormat, zstdAvailable } from "../../src/index.js";

/** One format × compression (× CSV options) combination the contract suite runs. */
export interface Variant {
  readonly label: string;
  readonly format: FormatName;
  readonly options: FormatOptions;
}

/** Every variant the writers support on this platform. */
export const VARIANTS: readonly Variant[] = [
  { label: "csv", format: "csv", options: {} },
  { label: "csv+bom+escapeFormulas", format: "csv", options: { csv: { bom: true, escapeFormulas: true } } },
  { label: "csv.gz", format: "csv", options: { compression: "gzip" } },
  { label: "ndjson", format: "ndjson", options: {} },
  { label: "ndjson.gz", format: "ndjson", options: { compression: "gzip" } },
  { label: "parquet snappy", format: "parquet", options: { parquet: { rowGroupSize: 4 } } },
  {
    label: "parquet gzip",
    format: "parquet",
    options: { compression: "gzip", parquet: { rowGroupSize: 5 } },
  },
  { label: "parquet none", format: "parquet", options: { compression: "none" } },
  ...(zstdAvailable()
    ? [{ label: "parquet zstd", format: "parquet", options: { compression: "zstd" } } as const]
    : []),
];

/** Whether the variant's whole file is gzipped. */
export const isGzip = (v: Variant): boolean => v.format !== "parquet" && v.options.compression === "gzip";

/** Runs batches through a fresh stage in a pipeline and returns the file's bytes. */
export async function encode(variant: Variant, batches: readonly unknown[]): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk);
      callback();
    },
  });
  const stage = getFormat(variant.format, variant.options).createStage();
  await pipeline(Readable.from(batches, { objectMode: true }), stage, sink);
  return Buffer.concat(chunks);
}
