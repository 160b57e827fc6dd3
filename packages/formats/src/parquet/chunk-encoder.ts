// Encodes one column of a row group (ColumnData) into a Parquet column chunk: pages, dictionary,
// statistics, chunk metadata and offset index, in the shapes hyparquet-writer's footer code takes.
import type { ParquetWriter } from "hyparquet-writer";
import { writeBools, writeNumbers } from "./chunk-numbers.js";
import { type ChunkContext, type ChunkState, flatPage, MAX_DICTIONARY } from "./chunk-state.js";
import { boolStatistics, numberStatistics } from "./chunk-statistics.js";
import type { ColumnData } from "./column-data.js";
import {
  bitWidth,
  type DataPageV2,
  PLAIN,
  RLE_DICTIONARY,
  writeDataPage,
  writeDictionaryPage,
  writeHybrid,
} from "./page-writer.js";

// Footer metadata types as hyparquet-writer declares them (its `finish` serializes them).
type PageIndexes = ParquetWriter["pendingIndexes"][number];
type ColumnChunk = PageIndexes["chunk"];
type ColumnMeta = NonNullable<ColumnChunk["meta_data"]>;
type Statistics = NonNullable<ColumnMeta["statistics"]>;
type OffsetIndex = NonNullable<PageIndexes["offsetIndex"]>;

export type { ChunkContext } from "./chunk-state.js";

/** Per column: its leaf path, physical type and whether it gets min/max statistics. */
export interface ChunkColumn {
  readonly path: string[];
  readonly type: "BYTE_ARRAY" | "INT64" | "BOOLEAN";
  readonly statistics: boolean;
}

/** The chunk's footer metadata and (for more than one page) its offset index. */
export interface EncodedChunk {
  chunk: ColumnChunk;
  offsetIndex?: OffsetIndex;
}

// Pages are cut at ~1 MiB of values (hyparquet-writer's default page size), at row boundaries.
const PAGE_BYTES = 1 << 20;
// An automatic dictionary must at least halve the PLAIN bytes (hyparquet-writer's rule, kept so
// files stay the same size).

/** Writes column chunk `column` of the group into `ctx.out`. */
export function encodeChunk(ctx: ChunkContext, column: ChunkColumn, data: ColumnData): EncodedChunk {
  const start = ctx.out.length;
  const state: ChunkState = { uncompressed: 0, pages: [], dictionaryOffset: undefined, dataOffset: start };
  let encodings: ColumnMeta["encodings"];
  let statistics: Statistics | undefined;
  let numValues = ctx.rows;
  switch (data.kind) {
    case "bytes":
      encodings = ["PLAIN"];
      writeBytesPages(ctx, state, data.defs, data.data, data.rowEnds);
      break;
    case "dict":
      encodings = writeStrings(ctx, state, data.defs, data.indexes, data.dictionary, null);
      break;
    case "list":
      numValues = data.defs.length;
      encodings = writeStrings(ctx, state, data.defs, data.indexes, data.dictionary, data.reps);
      break;
    case "number":
      encodings = writeNumbers(ctx, state, data.defs, data.values);
      if (column.statistics) statistics = numberStatistics(data.defs, data.values);
      break;
    case "bool":
      encodings = ["RLE"];
      writeBools(ctx, state, data.defs, data.values);
      if (column.statistics) statistics = boolStatistics(data.defs, data.values);
      break;
  }
  const chunk: ColumnChunk = {
    file_offset: BigInt(start),
    meta_data: {
      type: column.type,
      encodings: encodings as ColumnMeta["encodings"],
      path_in_schema: column.path,
      codec: ctx.codec,
      num_values: BigInt(numValues),
      total_uncompressed_size: BigInt(state.uncompressed),
      total_compressed_size: BigInt(ctx.out.length - start),
      data_page_offset: BigInt(state.dataOffset),
      ...(state.dictionaryOffset === undefined
        ? {}
        : { dictionary_page_offset: BigInt(state.dictionaryOffset) }),
      ...(statistics === undefined ? {} : { statistics }),
    },
  };
  return state.pages.length > 1 ? { chunk, offsetIndex: { page_locations: state.pages } } : { chunk };
}

/** PLAIN BYTE_ARRAY values already encoded: pages cut at ~1 MiB of value bytes, at row boundaries. */
function writeBytesPages(
  ctx: ChunkContext,
  state: ChunkState,
  defs: Uint8Array,
  data: Uint8Array,
  rowEnds: Int32Array,
): void {
  const rows = ctx.rows;
  let from = 0;
  let fromByte = 0;
  for (let r = 0; r < rows; r++) {
    const end = rowEnds[r]!;
    if (end - fromByte >= PAGE_BYTES || r === rows - 1) {
      flatPage(ctx, state, defs, from, r + 1, PLAIN, data.subarray(fromByte, end));
      from = r + 1;
      fromByte = end;
    }
  }
  if (rows === 0) flatPage(ctx, state, defs, 0, 0, PLAIN, data.subarray(0, 0));
}

/** Dictionary (page + RLE_DICTIONARY indexes) when it at least halves the bytes, else PLAIN. */
function writeStrings(
  ctx: ChunkContext,
  state: ChunkState,
  defs: Uint8Array,
  indexes: Int32Array,
  dictionary: readonly string[],
  reps: Uint8Array | null,
): ColumnMeta["encodings"] {
  const entries = dictionary.length;
  const encoded = dictionary.map((s) => Buffer.from(s, "utf8"));
  const counts = new Int32Array(entries);
  let nonNull = 0;
  for (let i = 0; i < indexes.length; i++) {
    const index = indexes[i]!;
    if (index >= 0) {
      counts[index]!++;
      nonNull++;
    }
  }
  let plainBytes = 0;
  let dictionaryBytes = 0;
  for (let d = 0; d < entries; d++) {
    plainBytes += counts[d]! * (4 + encoded[d]!.length);
    dictionaryBytes += 4 + encoded[d]!.length;
  }
  const width = bitWidth(entries - 1);
  const useDictionary =
    entries > 0 &&
    entries <= MAX_DICTIONARY &&
    2 * (dictionaryBytes + Math.ceil((nonNull * width) / 8)) <= plainBytes;
  const values = ctx.values;
  values.length = 0;
  if (useDictionary) {
    for (const bytes of encoded) {
      values.u32(bytes.length);
      values.append(bytes);
    }
    state.dictionaryOffset = ctx.out.length;
    state.uncompressed += writeDictionaryPage(ctx.out, entries, values.view(), ctx.compress);
    state.dataOffset = ctx.out.length;
    values.length = 0;
    values.u8(width);
    const present = nonNull === indexes.length ? indexes : indexes.filter((i) => i >= 0);
    writeHybrid(values, present, 0, present.length, width);
  } else {
    for (let i = 0; i < indexes.length; i++) {
      const index = indexes[i]!;
      if (index < 0) continue;
      values.u32(encoded[index]!.length);
      values.append(encoded[index]!);
    }
  }
  const encoding = useDictionary ? RLE_DICTIONARY : PLAIN;
  if (reps === null) flatPage(ctx, state, defs, 0, ctx.rows, encoding, values.view());
  else listPage(ctx, state, defs, reps, encoding, values.view());
  return useDictionary ? ["PLAIN", "RLE_DICTIONARY"] : ["PLAIN"];
}

/** One page of a list<string> column: repetition levels (1 bit) and definition levels (2 bits). */
function listPage(
  ctx: ChunkContext,
  state: ChunkState,
  defs: Uint8Array,
  reps: Uint8Array,
  encoding: number,
  values: Uint8Array,
): void {
  const levels = ctx.levels;
  levels.length = 0;
  writeHybrid(levels, reps, 0, reps.length, 1);
  const repLength = levels.length;
  writeHybrid(levels, defs, 0, defs.length, 2);
  let nulls = 0;
  for (let i = 0; i < defs.length; i++) if (defs[i]! < 3) nulls++;
  const page: DataPageV2 = {
    numValues: defs.length,
    numNulls: nulls,
    numRows: ctx.rows,
    encoding,
    defLength: levels.length - repLength,
    repLength,
  };
  const offset = ctx.out.length;
  state.uncompressed += writeDataPage(ctx.out, page, levels.view(), values, ctx.compress);
  state.pages.push({
    offset: BigInt(offset),
    compressed_page_size: ctx.out.length - offset,
    first_row_index: 0n,
  });
}
