import { ByteWriter, ParquetWriter } from "hyparquet-writer";
import type { Compression } from "../options.js";
import { OUTPUT_COLUMN_NAMES } from "../schema.js";
import { parquetCodec } from "./codecs.js";
import { INT_COLUMN, PLAIN_TEXT, WITH_STATISTICS } from "./columns.js";
import { parquetSchema } from "./schema.js";
import { Utf8Arena } from "./utf8-arena.js";

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

/**
 * The rows of one row group, column-wise, as `ColumnBuffer` collects them: values exactly as
 * validated by readRow, except timestamps already as epoch milliseconds. `columns[i]` belongs to
 * `OUTPUT_COLUMN_NAMES[i]`. Plain arrays of strings, numbers, booleans, string lists and JSON
 * objects, so they can be posted to a worker without conversion.
 */
export interface RowGroupColumns {
  readonly columns: unknown[][];
  readonly rows: number;
}

// Most ints of a backlink (ranks, scores, status codes, counts) are small: sharing their BigInts
// avoids one allocation per cell for the INT64 columns.
const SMALL_BIGINTS: readonly bigint[] = Array.from({ length: 1024 }, (_, i) => BigInt(i));
function toBigInt(value: number): bigint {
  return value >= 0 && value < 1024 ? SMALL_BIGINTS[value]! : BigInt(value);
}

const SCHEMA = parquetSchema();
const CREATED_BY = "@backlinks/formats (hyparquet-writer 0.17.0)";

export { CREATED_BY };

/**
 * Encodes one complete row group (all column chunks, their statistics and page indexes) on its
 * own, at file offset 0. Used unchanged on the main thread (`workers: 0`) and in the worker, so
 * both produce the same bytes. Mutates `group.columns` (ints become BigInts, unique text becomes
 * UTF-8 views) — the caller hands the arrays over.
 */
export function encodeRowGroup(group: RowGroupColumns, compression: Compression): EncodedRowGroup {
  const { codec, compressors } = parquetCodec(compression);
  const arena = new Utf8Arena();
  const columnData = OUTPUT_COLUMN_NAMES.map((name, c) => {
    const data = group.columns[c]!;
    convertColumn(c, data, arena);
    return {
      name,
      data,
      statistics: WITH_STATISTICS[c]!,
      ...(PLAIN_TEXT[c] ? { encoding: "PLAIN" as const } : {}),
    };
  });
  const out = new ByteWriter(1 << 20);
  const writer = new ParquetWriter({
    writer: out,
    schema: SCHEMA,
    codec,
    compressors,
    createdBy: CREATED_BY,
  });
  // The constructor wrote the file's leading magic; this writer holds only the group, at offset 0.
  out.index = 0;
  out.offset = 0;
  void writer.write({ columnData, rowGroupSize: group.rows });
  return {
    bytes: new Uint8Array(out.buffer, 0, out.index),
    rowGroup: writer.row_groups[0]!,
    indexes: writer.pendingIndexes,
  };
}

function convertColumn(c: number, data: unknown[], arena: Utf8Arena): void {
  if (PLAIN_TEXT[c]) {
    for (let r = 0; r < data.length; r++) {
      const value = data[r];
      if (value !== null) data[r] = arena.encode(value as string);
    }
  } else if (INT_COLUMN[c]) {
    for (let r = 0; r < data.length; r++) {
      const value = data[r];
      if (value !== null) data[r] = toBigInt(value as number);
    }
  }
}
