import { ParquetWriter } from "hyparquet-writer";
import type { Compression } from "../options.js";
import { ChunkWriter } from "./chunk-writer.js";
import { parquetCodec } from "./codecs.js";
import { CREATED_BY, type EncodedRowGroup } from "./row-group.js";
import { parquetSchema } from "./schema.js";

/**
 * One Parquet file assembled from row groups encoded elsewhere (on this thread or a worker): writes
 * the leading magic, places each group after the previous one — shifting the group's offsets
 * (chunk, data/dictionary page, page locations) by where it lands — and at the end writes the page
 * indexes and footer through hyparquet-writer's own `finish`. Page bytes hold no absolute offsets,
 * so a group encoded at offset 0 and shifted gives the same file as encoding it in place.
 */
export class ParquetFile {
  readonly #out: ChunkWriter;
  readonly #writer: ParquetWriter;

  /** `emit` receives the file's bytes in order. */
  constructor(compression: Compression, emit: (bytes: Buffer) => void) {
    const { codec, compressors } = parquetCodec(compression);
    this.#out = new ChunkWriter(emit);
    // Used for its header and footer only; row groups come in through append().
    this.#writer = new ParquetWriter({
      writer: this.#out,
      schema: parquetSchema(),
      codec,
      compressors,
      createdBy: CREATED_BY,
    });
  }

  /** Appends the next row group of the file (groups must come in file order). */
  append(group: EncodedRowGroup): void {
    const base = BigInt(this.#out.offset);
    for (const { chunk, offsetIndex } of group.indexes) {
      chunk.file_offset += base;
      const meta = chunk.meta_data;
      if (meta !== undefined) {
        meta.data_page_offset += base;
        if (meta.dictionary_page_offset !== undefined) meta.dictionary_page_offset += base;
      }
      if (offsetIndex !== undefined) for (const page of offsetIndex.page_locations) page.offset += base;
    }
    this.#out.passThrough(group.bytes);
    this.#writer.row_groups.push(group.rowGroup);
    this.#writer.pendingIndexes.push(...group.indexes);
    this.#writer.num_rows += group.rowGroup.num_rows;
  }

  /** Writes the page indexes, footer and trailing magic, and emits the rest of the file. */
  finish(): void {
    void this.#writer.finish();
  }
}
