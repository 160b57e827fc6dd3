import { Transform, type TransformCallback } from "node:stream";
import { createGzip, type Gzip } from "node:zlib";
import { BatchTypeError } from "./errors.js";
import { describeType } from "./row.js";

/** Turns batches of items into text; one instance per file. */
export interface BatchEncoder {
  /** Bytes at the top of every file (CSV header, BOM), also for an empty file. */
  readonly head: string;
  /**
   * Encodes a whole batch into one string (one call per API page, not per row: per-row stream hops
   * cost more than the encoding, see stack.md). `firstRow` is the file-level index of `items[0]`.
   */
  encode(items: readonly unknown[], firstRow: number): string;
}

/** Object-mode chunks (batches) the writable side buffers before it stops accepting more. */
export const WRITABLE_BATCHES = 1;

/**
 * The stage of the text formats: object-mode writable side taking arrays of items, byte readable
 * side; optionally gzipped as a whole file. Backpressure: the writable side holds at most
 * {@link WRITABLE_BATCHES} batch, and Transform does not take the next batch while the readable
 * side holds ≥ readableHighWaterMark bytes, so buffered output is ≤ highWaterMark + one batch.
 */
export class TextStage extends Transform {
  readonly #encoder: BatchEncoder;
  readonly #gzip: Gzip | null;
  #rows = 0;
  #started = false;

  constructor(encoder: BatchEncoder, gzip: boolean) {
    super({ writableObjectMode: true, writableHighWaterMark: WRITABLE_BATCHES });
    this.#encoder = encoder;
    this.#gzip = gzip ? createGzip() : null;
    if (this.#gzip !== null) {
      this.#gzip.on("data", (chunk: Buffer) => this.push(chunk));
      this.#gzip.on("error", (error) => this.destroy(error));
    }
  }

  /** Rows encoded so far. */
  get rows(): number {
    return this.#rows;
  }

  override _transform(batch: unknown, _encoding: BufferEncoding, callback: TransformCallback): void {
    let text: string;
    try {
      if (!Array.isArray(batch)) throw new BatchTypeError(describeType(batch));
      text = this.#encoder.encode(batch, this.#rows);
      this.#rows += batch.length;
    } catch (error) {
      callback(error as Error);
      return;
    }
    if (!this.#started) {
      this.#started = true;
      text = this.#encoder.head + text;
    }
    this.#emit(text, callback);
  }

  override _flush(callback: TransformCallback): void {
    const finish = (): void => {
      if (this.#gzip === null) {
        callback();
        return;
      }
      this.#gzip.once("end", () => callback());
      this.#gzip.end();
    };
    if (this.#started) {
      finish();
      return;
    }
    // Empty input still makes a valid file: the header (CSV) or nothing (NDJSON).
    this.#started = true;
    this.#emit(this.#encoder.head, (error) => (error ? callback(error) : finish()));
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.#gzip?.destroy();
    callback(error);
  }

  #emit(text: string, callback: (error?: Error | null) => void): void {
    if (text.length === 0) {
      callback();
    } else if (this.#gzip === null) {
      this.push(Buffer.from(text, "utf8"));
      callback();
    } else {
      this.#gzip.write(text, "utf8", (error) => callback(error ?? null));
    }
  }
}
