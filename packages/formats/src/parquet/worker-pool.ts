import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { Compression } from "../options.js";
import { type RowGroupData, transferList } from "./column-data.js";
import type { EncodedRowGroup } from "./row-group.js";
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
 * Old-generation heap limit of a worker, in MB: 4 KB per row of the group size, at least 64 MB.
 * Without a limit V8 sizes a worker's heap generously and RSS grows with it. A worker receives a
 * group as transferred ArrayBuffers (outside this limit); on its heap are only the group's
 * dictionary strings (the distinct values of low-cardinality text columns, structured-cloned) and
 * the encoding's short-lived intermediates, far below 4 KB a row. A group that still does not fit
 * fails the stage with ERR_PARQUET_WORKER (cause ERR_WORKER_OUT_OF_MEMORY), never a wrong file.
 */
export function workerHeapMb(rowGroupSize: number): number {
  return Math.max(64, Math.ceil((rowGroupSize * 4) / 1024));
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

/**
 * A fixed-size set of worker threads encoding row groups for ONE stage. Groups go to the workers
 * in turn (group k to worker k mod size), each posted once complete as compact column data with
 * its buffers transferred (the stage's thread validates and builds the columns; the worker chooses
 * encodings, writes pages, compresses). A worker still encoding takes the next group from its
 * message queue when done.
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

  /**
   * Sends a complete row group to the next worker in turn (starting it on first use), its buffers
   * transferred (the caller must not use `group` afterwards); resolves with it encoded, or rejects
   * with the worker's or the pool's error.
   */
  encode(group: RowGroupData): Promise<EncodedRowGroup> {
    return new Promise((resolve, reject) => {
      try {
        this.#throwIfUnusable();
        const slot = this.#slots[this.#turn++ % this.#size] ?? this.#start();
        if (slot.groups++ === 0) slot.worker.ref();
        const id = this.#nextId++;
        slot.jobs.push({ id, resolve, reject });
        slot.worker.postMessage({ id, group } satisfies WorkerJob, transferList(group));
      } catch (error) {
        reject(error);
      }
    });
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
