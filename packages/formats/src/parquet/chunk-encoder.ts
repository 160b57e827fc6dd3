// Encodes one column of a row group (ColumnData) into a Parquet column chunk: pages, dictionary,
// statistics, chunk metadata and offset index, in the shapes hyparquet-writer's footer code takes.
import type { ParquetWriter } from "hyparquet-writer";
import type { ByteSink } from "./byte-sink.js";
import type { ColumnData } from "./column-data.js";
import {
  bitWidth,
  type DataPageV2,
  type PageCompressor,
  PLAIN,
  RLE,
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
type PageLocation = OffsetIndex["page_locations"][number];

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
// Dictionary indexes are bit-packed at ≤ 24 bits (page-writer's packer); beyond, PLAIN.
const MAX_DICTIONARY = 1 << 24;
// An automatic dictionary must at least halve the PLAIN bytes (hyparquet-writer's rule, kept so
// files stay the same size); a sampled 90% distinct rejects one without building it.
const SAMPLE = 1000;
const SAMPLE_REJECT = 0.9;

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

interface ChunkState {
  uncompressed: number;
  pages: PageLocation[];
  dictionaryOffset: number | undefined;
  dataOffset: number;
}

function flatPage(
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

/** INT64: dictionary when it at least halves the bytes (sampled first), else PLAIN. */
function writeNumbers(
  ctx: ChunkContext,
  state: ChunkState,
  defs: Uint8Array,
  data: Float64Array,
): ColumnMeta["encodings"] {
  const rows = ctx.rows;
  const values = ctx.values;
  values.length = 0;
  let nonNull = 0;
  for (let r = 0; r < rows; r++) nonNull += defs[r]!;
  let dictionary: number[] | null = null;
  let indexes: Int32Array | null = null;
  if (nonNull > 0 && !mostlyDistinct(defs, data)) {
    const lookup = new Map<number, number>();
    const list: number[] = [];
    const idx = new Int32Array(nonNull);
    let n = 0;
    for (let r = 0; r < rows; r++) {
      if (defs[r] === 0) continue;
      const v = data[r]!;
      let i = lookup.get(v);
      if (i === undefined) {
        i = list.push(v) - 1;
        lookup.set(v, i);
      }
      idx[n++] = i;
    }
    const width = bitWidth(list.length - 1);
    if (
      list.length <= MAX_DICTIONARY &&
      2 * (8 * list.length + Math.ceil((nonNull * width) / 8)) <= 8 * nonNull
    ) {
      dictionary = list;
      indexes = idx;
    }
  }
  if (dictionary !== null && indexes !== null) {
    for (const v of dictionary) values.i64(v);
    state.dictionaryOffset = ctx.out.length;
    state.uncompressed += writeDictionaryPage(ctx.out, dictionary.length, values.view(), ctx.compress);
    state.dataOffset = ctx.out.length;
    values.length = 0;
    const width = bitWidth(dictionary.length - 1);
    values.u8(width);
    writeHybrid(values, indexes, 0, indexes.length, width);
    flatPage(ctx, state, defs, 0, rows, RLE_DICTIONARY, values.view());
    return ["PLAIN", "RLE_DICTIONARY"];
  }
  for (let r = 0; r < rows; r++) if (defs[r] === 1) values.i64(data[r]!);
  flatPage(ctx, state, defs, 0, rows, PLAIN, values.view());
  return ["PLAIN"];
}

/** Whether a sample of the non-null values is more than 90% distinct (a dictionary cannot pay). */
function mostlyDistinct(defs: Uint8Array, data: Float64Array): boolean {
  const rows = defs.length;
  const step = Math.max(1, Math.floor(rows / SAMPLE));
  const seen = new Set<number>();
  let sampled = 0;
  for (let r = 0; r < rows; r += step) {
    if (defs[r] === 0) continue;
    sampled++;
    seen.add(data[r]!);
  }
  return sampled > 0 && seen.size / sampled > SAMPLE_REJECT;
}

/** BOOLEAN, RLE encoded (4-byte length, then the hybrid at 1 bit) over the non-null values. */
function writeBools(ctx: ChunkContext, state: ChunkState, defs: Uint8Array, data: Uint8Array): void {
  const rows = ctx.rows;
  const values = ctx.values;
  values.length = 0;
  const present = new Uint8Array(rows);
  let n = 0;
  for (let r = 0; r < rows; r++) if (defs[r] === 1) present[n++] = data[r]!;
  values.u32(0);
  writeHybrid(values, present, 0, n, 1);
  values.bytes.writeUInt32LE(values.length - 4, 0);
  flatPage(ctx, state, defs, 0, rows, RLE, values.view());
}

function numberStatistics(defs: Uint8Array, data: Float64Array): Statistics {
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

function boolStatistics(defs: Uint8Array, data: Uint8Array): Statistics {
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
