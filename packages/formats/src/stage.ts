import { Transform, type TransformCallback } from "node:stream";
import { createGzip, type Gzip } from "node:zlib";
import { BatchTypeError } from "./errors.js";
import { isRawJsonBatch, parseRawItem, type RawJsonBatch, rawBuffer } from "./raw-batch.js";
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
  /**
   * Encodes a raw batch (items as JSON bytes) into exactly what `encode` gives for the parsed
   * items. Encoders without it get the batch parsed item by item and passed to `encode`.
   */
  encodeRaw?(batch: RawJsonBatch, firstRow: number): string | Uint8Array;
}

/** Object-mode chunks (batches) the writable side buffers before it stops accepting more. */
export const WRITABLE_BATCHES = 1;

/**
 * The stage of the text formats: object-mode writable side taking arrays of items (or raw batches,
 * see {@link RawJsonBatch}: the output is the same as for the parsed items), byte readable side; optionally gzipped as a whole file. Backpressure: the writable side holds at most
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
    let text: string | Uint8Array;
    try {
      text = this.#encodeBatch(batch);
    } catch (error) {
      callback(error as Error);
      return;
    }
    if (!this.#started) {
      this.#started = true;
      const head = this.#encoder.head;
      if (head.length > 0)
        text = typeof text === "string" ? head + text : Buffer.concat([Buffer.from(head), text]);
    }
    this.#emit(text, callback);
  }

  #encodeBatch(batch: unknown): string | Uint8Array {
    let out: string | Uint8Array;
    if (Array.isArray(batch)) out = this.#encoder.encode(batch, this.#rows);
    else if (isRawJsonBatch(batch)) {
      if (this.#encoder.encodeRaw) out = this.#encoder.encodeRaw(batch, this.#rows);
      else {
        const buf = rawBuffer(batch);
        const items = Array.from({ length: batch.length }, (_, i) => parseRawItem(batch, buf, i));
        out = this.#encoder.encode(items, this.#rows);
      }
    } else throw new BatchTypeError(describeType(batch));
    this.#rows += (batch as { length: number }).length;
    return out;
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

  #emit(text: string | Uint8Array, callback: (error?: Error | null) => void): void {
    if (text.length === 0) {
      callback();
    } else if (this.#gzip === null) {
      this.push(typeof text === "string" ? Buffer.from(text, "utf8") : text);
      callback();
    } else if (typeof text === "string") {
      this.#gzip.write(text, "utf8", (error) => callback(error ?? null));
    } else {
      this.#gzip.write(text, (error) => callback(error ?? null));
    }
  }
}
