import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { Compression } from "../options.js";
import type { EncodedRowGroup, RowGroupColumns } from "./row-group.js";
import { ParquetWorkerError } from "./worker-error.js";
import type { WorkerJob, WorkerReply } from "./worker-protocol.js";

/**
 * The worker entry: `parquet-worker.js` next to this module in the built package (tsup bundles
 * this module into dist/, beside the worker entry). Run from the TypeScript sources (vitest, or a
 * sibling package's tests resolving the "development" condition) there is no JS worker next to
 * this file, so the built one in the package's dist/ is used (turbo builds before it tests; the
 * package's vitest setup rebuilds it when a source is newer).
 */
export function workerEntry(): URL {
  const candidates = [
    new URL("./parquet-worker.js", import.meta.url),
    new URL("../../dist/parquet-worker.js", import.meta.url),
  ];
  for (const url of candidates) if (existsSync(fileURLToPath(url))) return url;
  throw new ParquetWorkerError(
    `Parquet worker entry not found (looked for ${candidates.map((u) => fileURLToPath(u)).join(", ")}): ` +
      "build the package (npx tsup in packages/formats) or set parquet.workers to 0",
  );
}

/**
 * Old-generation heap limit of a worker, in MB: 16 KB per row of the group size, at least 128 MB.
 * Without a limit each worker's V8 heap grew to ~100+ MB of mostly garbage (V8 sizes its heap
 * against the limit), and two workers took peak RSS from ~280 to ~470 MB at 10k-row groups; with
 * 128 MB it stayed ~340–370 MB at the same CPU per row (bench). A worker holds one group's values
 * (~5 KB a row of API data) plus the encoding's short-lived intermediates, so this leaves ~3×
 * headroom; a group that still does not fit fails the stage with ERR_PARQUET_WORKER (cause
 * ERR_WORKER_OUT_OF_MEMORY), never a wrong file.
 */
export function workerHeapMb(rowGroupSize: number): number {
  return Math.max(128, Math.ceil((rowGroupSize * 16) / 1024));
}

interface Job {
  readonly id: number;
  readonly resolve: (group: EncodedRowGroup) => void;
  readonly reject: (error: unknown) => void;
}

interface Slot {
  readonly worker: Worker;
  /** Row groups on this worker not yet replied to (being filled, queued or encoded). */
  groups: number;
  /** Encode requests awaiting their replies, in the order the worker answers them. */
  readonly jobs: Job[];
}

/** One row group being filled on a worker: rows go in batch by batch, then `finish` encodes it. */
export interface OpenGroup {
  /**
   * Posts the next rows of the group (structured clone: the caller must not use the arrays
   * afterwards). Throws the pool's error if it is broken, or DataCloneError for a value structured
   * clone cannot copy (a function, a symbol).
   */
  append(rows: RowGroupColumns): void;
  /** Closes the group; resolves with it encoded, or rejects with the worker's error. */
  finish(): Promise<EncodedRowGroup>;
}

/**
 * A fixed-size set of worker threads encoding row groups for ONE stage. Groups go to the workers
 * in turn (group k to worker k mod size); the stage posts a group's rows batch by batch as they are
 * validated (so no whole group piles up on the stage's thread), then asks for it encoded. A worker
 * still encoding its previous group takes the next one's rows from its message queue when done.
 * The pool does not limit groups: the stage does. Workers start on first use, are ref'd only while
 * they hold a group (an idle pool never keeps the process alive) and are all terminated by
 * {@link close}. Once a worker fails the pool is broken: every open and later group fails with
 * that first error.
 */
export class RowGroupPool {
  readonly #size: number;
  readonly #compression: Compression;
  readonly #slots: Slot[] = [];
  #nextId = 0;
  #turn = 0;
  #live = 0;
  #broken: unknown = null;
  #closed = false;

  readonly #heapMb: number;

  /** `rowGroupSize` sizes each worker's heap limit ({@link workerHeapMb}). */
  constructor(size: number, compression: Compression, rowGroupSize: number) {
    this.#size = size;
    this.#compression = compression;
    this.#heapMb = workerHeapMb(rowGroupSize);
  }

  /** Worker threads started whose `exit` has not been seen yet. */
  get liveWorkers(): number {
    return this.#live;
  }

  /** Opens the next row group on the next worker in turn (starting it on first use). */
  open(): OpenGroup {
    this.#throwIfUnusable();
    const turn = this.#turn++ % this.#size;
    const slot = this.#slots[turn] ?? this.#start();
    if (slot.groups++ === 0) slot.worker.ref();
    let finished = false;
    return {
      append: (rows) => {
        this.#throwIfUnusable();
        if (finished) throw new ParquetWorkerError("row group already finished (internal error)");
        slot.worker.postMessage({ type: "rows", columns: rows.columns, rows: rows.rows } satisfies WorkerJob);
      },
      finish: () =>
        new Promise((resolve, reject) => {
          finished = true;
          if (this.#broken !== null) return reject(this.#broken);
          const id = this.#nextId++;
          slot.jobs.push({ id, resolve, reject });
          slot.worker.postMessage({ type: "encode", id } satisfies WorkerJob);
        }),
    };
  }

  /** Terminates every worker; open groups fail. Idempotent. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#breakWith(new ParquetWorkerError("Parquet worker pool closed while encoding"));
    const workers = this.#slots.splice(0).map((s) => s.worker);
    await Promise.all(workers.map((w) => w.terminate()));
  }

  #throwIfUnusable(): void {
    if (this.#broken !== null) throw this.#broken;
    if (this.#closed) throw new ParquetWorkerError("Parquet worker pool is closed");
  }

  #start(): Slot {
    let worker: Worker;
    try {
      worker = new Worker(workerEntry(), {
        workerData: { compression: this.#compression },
        // No inherited flags: many (`--input-type` of node -e, `--max-old-space-size`, …) are refused
        // in a worker (ERR_WORKER_INVALID_EXEC_ARGV), and the worker's plain JS entry needs none.
        execArgv: [],
        resourceLimits: { maxOldGenerationSizeMb: this.#heapMb },
      });
    } catch (error) {
      this.#breakWith(
        error instanceof ParquetWorkerError
          ? error
          : new ParquetWorkerError("could not start a Parquet worker", { cause: error }),
      );
      throw this.#broken;
    }
    const slot: Slot = { worker, groups: 0, jobs: [] };
    this.#slots.push(slot);
    this.#live++;
    worker.on("message", (reply: WorkerReply) => {
      const job = slot.jobs[0];
      if (job === undefined || job.id !== reply.id) return;
      slot.jobs.shift();
      if (--slot.groups === 0) worker.unref();
      if (reply.ok) job.resolve(reply.group);
      else job.reject(reply.error);
    });
    worker.on("error", (error) => {
      this.#breakWith(new ParquetWorkerError(`Parquet worker failed: ${error.message}`, { cause: error }));
    });
    worker.on("exit", (code) => {
      this.#live--;
      const index = this.#slots.indexOf(slot);
      if (index >= 0) this.#slots.splice(index, 1);
      if (!this.#closed) {
        this.#breakWith(new ParquetWorkerError(`Parquet worker exited unexpectedly (exit code ${code})`));
      }
    });
    return slot;
  }

  /** Fails every group awaiting its encoding with the pool's first error. */
  #breakWith(error: unknown): void {
    if (this.#broken === null) this.#broken = error;
    for (const slot of this.#slots) for (const job of slot.jobs.splice(0)) job.reject(this.#broken);
  }
}
