// Snappy for Parquet pages: the native `snappy` package when its binary loads, else hyparquet-writer's JS one.
import { createRequire } from "node:module";
import { snappyCompress as jsSnappyCompress } from "hyparquet-writer/src/snappy.js";

interface NativeSnappy {
  compressSync(input: Uint8Array, options: { copyOutputData: boolean }): Buffer;
}

/**
 * The native binding (napi-rs, a prebuilt binary per platform installed as an optional
 * dependency), or null where none loads (a platform without a prebuilt binary, an install that
 * skipped optional dependencies). Loaded lazily with require so a missing binary costs speed
 * (~12% of Parquet encoding time, measured with hyparquet-writer) instead of failing the import of
 * the whole package, CSV and NDJSON included.
 */
function loadNative(): NativeSnappy | null {
  try {
    return createRequire(import.meta.url)("snappy") as NativeSnappy;
  } catch {
    return null;
  }
}

const native = loadNative();

// copyOutputData: the output is copied into a buffer V8 allocates, not handed over as an external
// buffer. External buffers are freed by finalizers Node runs only when the event loop turns: fed
// from a synchronous source, a Parquet stage held every page it had ever compressed (RSS +0.7 KB
// a row, measured: 1.6 GB at 2M rows); with the copy, RSS stays flat.
const COPY_OUTPUT = { copyOutputData: true };

/** Which snappy implementation this process uses (both write valid, but different, bytes). */
export const SNAPPY_IMPLEMENTATION: "native" | "js" = native === null ? "js" : "native";

/** Snappy-compresses one page. */
export const snappyCompress: (input: Uint8Array) => Uint8Array =
  native === null ? jsSnappyCompress : (input) => native.compressSync(input, COPY_OUTPUT);
