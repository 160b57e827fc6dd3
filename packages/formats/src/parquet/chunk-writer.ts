import { ByteWriter } from "hyparquet-writer";

/**
 * hyparquet-writer's in-memory writer, made to hand its bytes out after every row group instead of
 * growing with the file: `flush()` (called by ParquetWriter after each row group) passes a copy of
 * the buffered bytes to `emit` and rewinds. `offset` keeps counting the whole file, so the offsets
 * written into the footer stay right. `finish()` is idempotent because ParquetWriter.finish calls it
 * and a caller may too.
 */
export class ChunkWriter extends ByteWriter {
  readonly #emit: (bytes: Buffer) => void;
  #finished = false;

  constructor(emit: (bytes: Buffer) => void) {
    super(1 << 16);
    this.#emit = emit;
  }

  flush(): void {
    if (this.index === 0) return;
    // Copy: the same ArrayBuffer is reused for the next row group.
    this.#emit(Buffer.from(new Uint8Array(this.buffer, 0, this.index)));
    this.index = 0;
  }

  /**
   * Emits bytes encoded elsewhere (a whole row group) as the next part of the file without copying
   * them into the buffer; the caller must not reuse `bytes` afterwards.
   */
  passThrough(bytes: Uint8Array): void {
    this.flush();
    if (bytes.length === 0) return;
    this.offset += bytes.length;
    this.#emit(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length));
  }

  override finish(): void {
    if (this.#finished) return;
    this.#finished = true;
    this.flush();
  }
}
