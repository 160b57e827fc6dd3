import * as zlib from "node:zlib";
import type { Compression } from "../options.js";
import { snappyCompress } from "./snappy.js";

/** Parquet codec names as hyparquet-writer spells them. */
export type ParquetCodec = "UNCOMPRESSED" | "SNAPPY" | "GZIP" | "ZSTD";

type Compressor = (input: Uint8Array) => Uint8Array;

// zlib gained zstd in Node 22.15 / 23.8; Node 20 has none. Looked up at run time so the same
// build gives zstd on a newer Node without a native dependency.
const zstdCompressSync = (zlib as unknown as { zstdCompressSync?: (input: Uint8Array) => Buffer })
  .zstdCompressSync;

/** Whether this Node.js can write zstd-compressed Parquet pages. */
export function zstdAvailable(): boolean {
  return typeof zstdCompressSync === "function";
}

/** The codec and the compressor functions hyparquet-writer needs for a `compression` option. */
export function parquetCodec(compression: Compression): {
  codec: ParquetCodec;
  compressors: Partial<Record<ParquetCodec, Compressor>>;
} {
  switch (compression) {
    case "none":
      return { codec: "UNCOMPRESSED", compressors: {} };
    case "gzip":
      return { codec: "GZIP", compressors: { GZIP: (input) => zlib.gzipSync(input) } };
    case "zstd":
      // options.ts refused zstd already when it is missing; this guard only keeps the types honest.
      if (zstdCompressSync === undefined) throw new Error("zstd is not available in this Node.js");
      return { codec: "ZSTD", compressors: { ZSTD: (input) => zstdCompressSync(input) } };
    default:
      // Native snappy where its binary loads (hyparquet-writer's pure-JS snappy was ~12% of
      // encoding time), see snappy.ts.
      return { codec: "SNAPPY", compressors: { SNAPPY: snappyCompress } };
  }
}
