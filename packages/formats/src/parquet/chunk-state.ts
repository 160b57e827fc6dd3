/**
 * What encoding one column chunk shares between its writers: the file and scratch buffers
 * (`ChunkContext`), the chunk's running state (`ChunkState`) and the one-page writer of flat columns.
 */
import type { ParquetWriter } from "hyparquet-writer";
import type { ByteSink } from "./byte-sink.js";
import { type DataPageV2, type PageCompressor, writeDataPage, writeHybrid } from "./page-writer.js";

type PageLocation = NonNullable<
  ParquetWriter["pendingIndexes"][number]["offsetIndex"]
>["page_locations"][number];

/** Dictionary indexes are bit-packed at ≤ 24 bits (page-writer's packer); beyond, PLAIN. */
export const MAX_DICTIONARY = 1 << 24;

/** What a column chunk needs to know of its place in the schema and file. */
export interface ChunkContext {
  readonly out: ByteSink;
  readonly compress: PageCompressor;
  readonly codec: "UNCOMPRESSED" | "SNAPPY" | "GZIP" | "ZSTD";
  readonly rows: number;
  /** Reused scratch buffers (levels; plain values). */
  readonly levels: ByteSink;
  readonly values: ByteSink;
}

/** A chunk being written: its pages so far, uncompressed bytes, dictionary and first data page. */
export interface ChunkState {
  uncompressed: number;
  pages: PageLocation[];
  dictionaryOffset: number | undefined;
  dataOffset: number;
}

/** One data page of a flat (non-list) column for rows `from … to`: definition levels at 1 bit. */
export function flatPage(
  ctx: ChunkContext,
  state: ChunkState,
  defs: Uint8Array,
  from: number,
  to: number,
  encoding: number,
  values: Uint8Array,
): void {
  const levels = ctx.levels;
  levels.length = 0;
  writeHybrid(levels, defs, from, to, 1);
  let nulls = 0;
  for (let r = from; r < to; r++) nulls += 1 - defs[r]!;
  const page: DataPageV2 = {
    numValues: to - from,
    numNulls: nulls,
    numRows: to - from,
    encoding,
    defLength: levels.length,
    repLength: 0,
  };
  const offset = ctx.out.length;
  state.uncompressed += writeDataPage(ctx.out, page, levels.view(), values, ctx.compress);
  state.pages.push({
    offset: BigInt(offset),
    compressed_page_size: ctx.out.length - offset,
    first_row_index: BigInt(from),
  });
}
