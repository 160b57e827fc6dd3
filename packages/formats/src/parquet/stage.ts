import { Transform, type TransformCallback } from "node:stream";
import { ParquetWriter } from "hyparquet-writer";
import { BatchTypeError } from "../errors.js";
import type { ResolvedOptions } from "../options.js";
import { describeType, newRowValues, newStamps, readRow, SCHEMA_WIDTH, STAMP_SLOT } from "../row.js";
import { BACKLINK_COLUMNS, type ColumnType, OUTPUT_COLUMN_NAMES } from "../schema.js";
import { WRITABLE_BATCHES } from "../stage.js";
import { ChunkWriter } from "./chunk-writer.js";
import { parquetCodec } from "./codecs.js";
import { parquetSchema } from "./schema.js";
import { Utf8Arena } from "./utf8-arena.js";

// Text columns that are nearly unique per row. For them a dictionary never pays (measured: same file
// size) and building one costs time, so they are written PLAIN, and their strings are encoded into
// shared slabs (Utf8Arena) instead of one ArrayBuffer per value. Low-cardinality text keeps
// hyparquet-writer's dictionary path, which hashes JS strings natively.
const PLAIN_TEXT_COLUMNS = new Set([
  "domain_from",
  "url_from",
  "domain_from_ip",
  "page_from_title",
  "alt",
  "image_url",
  "anchor",
  "text_pre",
  "text_post",
]);
const PLAIN_TEXT: readonly boolean[] = [
  ...BACKLINK_COLUMNS.map((c) => PLAIN_TEXT_COLUMNS.has(c.name)),
  false,
];
const TYPES: readonly ColumnType[] = BACKLINK_COLUMNS.map((c) => c.type);
// Min/max statistics only where they serve pruning (ints, bools, timestamps); string min/max
// comparisons were ~15% of encoding time and, truncated to 16 bytes, rarely prune anything.
const WITH_STATISTICS: readonly boolean[] = [
  ...TYPES.map((t) => t === "int" || t === "bool" || t === "timestamp"),
  false,
];

// Most ints of a backlink (ranks, scores, status codes, counts) are small: sharing their BigInts
// avoids one allocation per cell for the INT64 columns.
const SMALL_BIGINTS: readonly bigint[] = Array.from({ length: 1024 }, (_, i) => BigInt(i));
function toBigInt(value: number): bigint {
  return value >= 0 && value < 1024 ? SMALL_BIGINTS[value]! : BigInt(value);
}

/**
 * Parquet stage: buffers rows column-wise and encodes a row group each time `rowGroupSize` rows
 * have arrived, handing its bytes downstream at once. Groups are cut by row count, never by batch,
 * so the bytes do not depend on how the input was split. Encoding runs synchronously inside
 * `_transform`, so no further batch is accepted while a group is being encoded and flushed, and
 * Transform's own backpressure holds the next batch while the readable side is full.
 */
export class ParquetStage extends Transform {
  readonly #rowGroupSize: number;
  readonly #writer: ParquetWriter;
  readonly #columns: unknown[][] = OUTPUT_COLUMN_NAMES.map(() => []);
  readonly #values = newRowValues();
  readonly #stamps = newStamps();
  readonly #arena = new Utf8Arena();
  #buffered = 0;
  #rows = 0;

  constructor(options: ResolvedOptions) {
    super({ writableObjectMode: true, writableHighWaterMark: WRITABLE_BATCHES });
    this.#rowGroupSize = options.parquet.rowGroupSize;
    const { codec, compressors } = parquetCodec(options.compression);
    this.#writer = new ParquetWriter({
      writer: new ChunkWriter((bytes) => this.push(bytes)),
      schema: parquetSchema(),
      codec,
      compressors,
      createdBy: "@backlinks/formats (hyparquet-writer 0.17.0)",
    });
  }

  /** Rows accepted so far. */
  get rows(): number {
    return this.#rows;
  }

  override _transform(batch: unknown, _encoding: BufferEncoding, callback: TransformCallback): void {
    try {
      if (!Array.isArray(batch)) throw new BatchTypeError(describeType(batch));
      for (const item of batch) {
        this.#append(item);
        if (this.#buffered === this.#rowGroupSize) this.#writeGroup();
      }
    } catch (error) {
      callback(error as Error);
      return;
    }
    callback();
  }

  override _flush(callback: TransformCallback): void {
    try {
      if (this.#buffered > 0) this.#writeGroup();
      // Writes the page indexes and footer, then calls ChunkWriter.finish (emits the tail).
      this.#writer.finish();
    } catch (error) {
      callback(error as Error);
      return;
    }
    callback();
  }

  #append(item: unknown): void {
    const values = this.#values;
    const stamps = this.#stamps;
    readRow(item, this.#rows, values, stamps);
    const columns = this.#columns;
    for (let c = 0; c < SCHEMA_WIDTH; c++) {
      const value = values[c];
      let stored: unknown = value;
      if (value !== null) {
        const type = TYPES[c];
        if (PLAIN_TEXT[c]) stored = this.#arena.encode(value as string);
        else if (type === "int") stored = toBigInt(value as number);
        else if (type === "timestamp") stored = stamps[STAMP_SLOT[c]!];
      }
      columns[c]!.push(stored);
    }
    columns[SCHEMA_WIDTH]!.push(values[SCHEMA_WIDTH]);
    this.#buffered++;
    this.#rows++;
  }

  #writeGroup(): void {
    const columnData = OUTPUT_COLUMN_NAMES.map((name, c) => ({
      name,
      data: this.#columns[c]!,
      statistics: WITH_STATISTICS[c]!,
      ...(PLAIN_TEXT[c] ? { encoding: "PLAIN" as const } : {}),
    }));
    // ParquetWriter.write calls ChunkWriter.flush after the group, which pushes the bytes.
    void this.#writer.write({ columnData, rowGroupSize: this.#buffered });
    for (const column of this.#columns) column.length = 0;
    this.#arena.reset();
    this.#buffered = 0;
  }
}
