import { Transform, type TransformCallback } from "node:stream";
import { BatchTypeError } from "../errors.js";
import type { Compression, ResolvedOptions } from "../options.js";
import { describeType } from "../row.js";
import { WRITABLE_BATCHES } from "../stage.js";
import { ColumnBuffer } from "./column-buffer.js";
import { ParquetFile } from "./parquet-file.js";
import { type EncodedRowGroup, encodeRowGroup } from "./row-group.js";
import { RowGroupPool } from "./worker-pool.js";

/** A row group handed to a worker, waiting to be written in file order. */
interface Pending {
  group: EncodedRowGroup | null;
}

/**
 * Parquet stage: validates rows and buffers them column-wise in compact form (ColumnBuffer), and
 * cuts a row group each time `rowGroupSize` rows have arrived (by row count, never by batch, so the
 * bytes do not depend on how the input was split). Row groups are encoded either
 *
 * - on this thread (`parquet.workers: 0`), synchronously inside `_transform`, so no further batch
 *   is accepted while a group is encoded and flushed; or
 * - on a pool of `workers` worker threads: a complete group's column data is transferred to the
 *   next worker in turn, which encodes it while the next groups fill; encoded groups are written
 *   strictly in order. A new group is started only while at most `workers` groups are unwritten
 *   (else the batch's callback waits), so at most `workers + 1` groups are in flight; an encoded
 *   group is written only while the readable side is below its highWaterMark, so a slow sink
 *   holds everything back.
 *
 * Both paths run the same `encodeRowGroup` and place groups with the same `ParquetFile`, so the
 * file bytes are identical. Workers are terminated when the stage ends, fails or is destroyed.
 */
export class ParquetStage extends Transform {
  readonly #rowGroupSize: number;
  readonly #compression: Compression;
  readonly #file: ParquetFile;
  readonly #buffer: ColumnBuffer;
  readonly #workers: number;
  readonly #pool: RowGroupPool | null;
  readonly #pending: Pending[] = [];
  #readableFull = false;
  #wake: (() => void) | null = null;
  #rows = 0;

  constructor(options: ResolvedOptions) {
    super({ writableObjectMode: true, writableHighWaterMark: WRITABLE_BATCHES });
    this.#rowGroupSize = options.parquet.rowGroupSize;
    this.#compression = options.compression;
    this.#workers = options.parquet.workers;
    this.#buffer = new ColumnBuffer(this.#rowGroupSize);
    this.#pool =
      this.#workers > 0 ? new RowGroupPool(this.#workers, this.#compression, this.#rowGroupSize) : null;
    this.#file = new ParquetFile(this.#compression, (bytes) => {
      this.#readableFull = !this.push(bytes);
    });
  }

  /** Rows accepted so far. */
  get rows(): number {
    return this.#rows;
  }

  /** Worker threads currently alive for this stage (0 on the in-thread path and after the end). */
  get liveWorkers(): number {
    return this.#pool?.liveWorkers ?? 0;
  }

  override _transform(batch: unknown, _encoding: BufferEncoding, callback: TransformCallback): void {
    if (!Array.isArray(batch)) {
      callback(new BatchTypeError(describeType(batch)));
      return;
    }
    if (this.#pool === null) {
      try {
        for (const item of batch) {
          this.#append(item);
          if (this.#buffer.rows === this.#rowGroupSize) this.#encodeHere();
        }
      } catch (error) {
        callback(error as Error);
        return;
      }
      callback();
      return;
    }
    this.#acceptBatch(batch).then(
      () => callback(),
      (error: Error) => {
        if (!this.destroyed) callback(error);
      },
    );
  }

  override _flush(callback: TransformCallback): void {
    if (this.#pool === null) {
      try {
        if (this.#buffer.rows > 0) this.#encodeHere();
        this.#file.finish();
      } catch (error) {
        callback(error as Error);
        return;
      }
      callback();
      return;
    }
    this.#finishPooled().then(
      () => callback(),
      (error: Error) => {
        if (!this.destroyed) callback(error);
      },
    );
  }

  override _read(size: number): void {
    this.#readableFull = false;
    this.#writeReady();
    super._read(size);
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.#signal();
    if (this.#pool === null) {
      callback(error);
      return;
    }
    // Keep the stage's error even if terminating the workers fails too.
    this.#pool.close().then(
      () => callback(error),
      (closeError: Error) => callback(error ?? closeError),
    );
  }

  #append(item: unknown): void {
    this.#buffer.append(item, this.#rows);
    this.#rows++;
  }

  #encodeHere(): void {
    // ParquetFile.append emits the group's bytes (pushed downstream) before returning.
    this.#file.append(encodeRowGroup(this.#buffer.take(), this.#compression));
  }

  async #acceptBatch(batch: readonly unknown[]): Promise<void> {
    for (const item of batch) {
      // A new group starts only while at most `workers` groups are unwritten (≤ workers + 1 in flight).
      if (this.#buffer.rows === 0) while (this.#pending.length > this.#workers) await this.#changed();
      this.#append(item);
      if (this.#buffer.rows === this.#rowGroupSize) this.#submit();
    }
  }

  async #finishPooled(): Promise<void> {
    if (this.#buffer.rows > 0) this.#submit();
    while (this.#pending.length > 0) await this.#changed();
    this.#file.finish();
    await this.#pool!.close();
  }

  /** Hands the complete group to a worker; it is written when its turn comes. */
  #submit(): void {
    const entry: Pending = { group: null };
    this.#pending.push(entry);
    this.#pool!.encode(this.#buffer.take()).then(
      (group) => {
        entry.group = group;
        this.#writeReady();
      },
      (error: unknown) => this.destroy(error instanceof Error ? error : new Error(String(error))),
    );
  }

  /** Writes encoded groups in file order while the readable side has room. */
  #writeReady(): void {
    let wrote = false;
    while (!this.#readableFull && !this.destroyed) {
      const next = this.#pending[0];
      if (next?.group == null) break;
      this.#pending.shift();
      this.#file.append(next.group);
      wrote = true;
    }
    if (wrote) this.#signal();
  }

  /** Resolves at the next written group (or destroy); rejects if the stage was destroyed. */
  #changed(): Promise<void> {
    if (this.destroyed) return Promise.reject(this.errored ?? new Error("stage destroyed"));
    return new Promise((resolve, reject) => {
      this.#wake = () => (this.destroyed ? reject(this.errored ?? new Error("stage destroyed")) : resolve());
    });
  }

  #signal(): void {
    const wake = this.#wake;
    this.#wake = null;
    wake?.();
  }
}
