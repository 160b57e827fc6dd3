// Encodes one complete row group (all 48 column chunks) from its ColumnData, at file offset 0.
import type { ParquetWriter } from "hyparquet-writer";
import type { Compression } from "../options.js";
import { OUTPUT_COLUMN_NAMES } from "../schema.js";
import { ByteSink } from "./byte-sink.js";
import { type ChunkColumn, encodeChunk } from "./chunk-encoder.js";
import { parquetCodec } from "./codecs.js";
import type { RowGroupData } from "./column-data.js";
import { WITH_STATISTICS } from "./columns.js";
import { parquetSchema } from "./schema.js";

/** Row-group metadata as hyparquet-writer builds it (goes into the footer). */
export type RowGroupMeta = ParquetWriter["row_groups"][number];
/** Per column chunk: the chunk plus its page indexes (written after the last row group). */
export type ChunkIndexes = ParquetWriter["pendingIndexes"][number];

/**
 * One encoded row group: its bytes as they go into the file and its metadata, with every file
 * offset relative to the first byte of `bytes` (the file shifts them when it places the group).
 * Plain data (bigints, arrays, Uint8Arrays): it crosses a worker boundary by structured clone.
 */
export interface EncodedRowGroup {
  readonly bytes: Uint8Array;
  readonly rowGroup: RowGroupMeta;
  readonly indexes: ChunkIndexes[];
}

const CREATED_BY = "@backlinks/formats (hyparquet-writer 0.17.0 footer)";

export { CREATED_BY };

/** Per output column: leaf path and physical type, from the Parquet schema. */
const CHUNK_COLUMNS: readonly ChunkColumn[] = (() => {
  const schema = parquetSchema();
  const columns: ChunkColumn[] = [];
  let i = 1;
  for (let c = 0; c < OUTPUT_COLUMN_NAMES.length; c++) {
    const top = schema[i]!;
    if (top.type === undefined) {
      // 3-level LIST: <name> / list / element.
      const leaf = schema[i + 2]!;
      columns.push({
        path: [top.name, "list", leaf.name],
        type: "BYTE_ARRAY",
        statistics: WITH_STATISTICS[c]!,
      });
      i += 3;
    } else {
      columns.push({
        path: [top.name],
        type: top.type as ChunkColumn["type"],
        statistics: WITH_STATISTICS[c]!,
      });
      i += 1;
    }
  }
  return columns;
})();

/**
 * Encodes one complete row group (all column chunks, their statistics and offset indexes) on its
 * own, at file offset 0. Used unchanged on the main thread (`workers: 0`) and in the worker, so
 * both produce the same bytes. Pages are DATA_PAGE_V2; nearly unique text PLAIN, other text, ints
 * and timestamps dictionary-encoded when that at least halves their bytes; booleans RLE.
 */
export function encodeRowGroup(group: RowGroupData, compression: Compression): EncodedRowGroup {
  const { codec, compressors } = parquetCodec(compression);
  const compressor = compressors[codec];
  const out = new ByteSink(1 << 20);
  const ctx = {
    out,
    compress: compressor ?? ((input: Uint8Array) => input),
    codec,
    rows: group.rows,
    levels: new ByteSink(1 << 12),
    values: new ByteSink(1 << 16),
  };
  const indexes: ChunkIndexes[] = [];
  let uncompressed = 0n;
  for (let c = 0; c < CHUNK_COLUMNS.length; c++) {
    const encoded = encodeChunk(ctx, CHUNK_COLUMNS[c]!, group.columns[c]!);
    uncompressed += encoded.chunk.meta_data!.total_uncompressed_size;
    indexes.push(encoded);
  }
  return {
    bytes: out.view(),
    rowGroup: {
      columns: indexes.map((i) => i.chunk),
      total_byte_size: uncompressed,
      num_rows: BigInt(group.rows),
      total_compressed_size: BigInt(out.length),
    },
    indexes,
  };
}
