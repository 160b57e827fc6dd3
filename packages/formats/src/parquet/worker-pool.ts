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

interface Job {
  readonly message: WorkerJob;
  readonly resolve: (group: EncodedRowGroup) => void;
  readonly reject: (error: unknown) => void;
}

interface Slot {
  readonly worker: Worker;
  job: Job | null;
}

/**
 * A fixed-size set of worker threads encoding row groups for ONE stage. Workers start on first
 * use (an empty or small file may need fewer), are ref'd only while they hold a job (an idle pool
 * never keeps the process alive) and are all terminated by {@link close}. Once a worker fails the
 * pool is broken: every pending and later job rejects with that first error.
 */
export class RowGroupPool {
  readonly #size: number;
  readonly #compression: Compression;
  readonly #slots: Slot[] = [];
  readonly #queue: Job[] = [];
  #nextId = 0;
  #live = 0;
  #broken: unknown = null;
  #closed = false;

  constructor(size: number, compression: Compression) {
    this.#size = size;
    this.#compression = compression;
  }

  /** Worker threads started whose `exit` has not been seen yet. */
  get liveWorkers(): number {
    return this.#live;
  }

  /**
   * Encodes one row group on a worker. The column arrays are structured-cloned into the worker
   * (the caller must not use them afterwards); the encoded bytes come back transferred.
   */
  encode(group: RowGroupColumns): Promise<EncodedRowGroup> {
    return new Promise((resolve, reject) => {
      if (this.#broken !== null) return reject(this.#broken);
      if (this.#closed) return reject(new ParquetWorkerError("Parquet worker pool is closed"));
      const message: WorkerJob = { id: this.#nextId++, columns: group.columns, rows: group.rows };
      this.#queue.push({ message, resolve, reject });
      this.#dispatch();
    });
  }

  /** Terminates every worker; pending jobs reject. Idempotent. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#breakWith(new ParquetWorkerError("Parquet worker pool closed while encoding"));
    const workers = this.#slots.splice(0).map((s) => s.worker);
    await Promise.all(workers.map((w) => w.terminate()));
  }

  #dispatch(): void {
    while (this.#queue.length > 0) {
      let slot = this.#slots.find((s) => s.job === null) ?? null;
      if (slot === null) {
        if (this.#slots.length >= this.#size) return;
        slot = this.#start();
        if (slot === null) return;
      }
      const job = this.#queue.shift()!;
      slot.job = job;
      slot.worker.ref();
      try {
        slot.worker.postMessage(job.message);
      } catch (error) {
        // e.g. a value structured clone cannot copy; the job fails, the pool stays usable.
        slot.job = null;
        slot.worker.unref();
        job.reject(error);
      }
    }
  }

  #start(): Slot | null {
    let worker: Worker;
    try {
      worker = new Worker(workerEntry(), {
        workerData: { compression: this.#compression },
        // Workers inherit the process's flags; `--input-type` (node -e / --eval) is refused in a
        // worker (ERR_WORKER_INVALID_EXEC_ARGV) and means nothing to a file entry.
        execArgv: process.execArgv.filter((arg) => !arg.startsWith("--input-type")),
      });
    } catch (error) {
      this.#breakWith(
        error instanceof ParquetWorkerError
          ? error
          : new ParquetWorkerError("could not start a Parquet worker", { cause: error }),
      );
      return null;
    }
    const slot: Slot = { worker, job: null };
    this.#slots.push(slot);
    this.#live++;
    worker.on("message", (reply: WorkerReply) => {
      const job = slot.job;
      if (job === null || job.message.id !== reply.id) return;
      slot.job = null;
      worker.unref();
      if (reply.ok) job.resolve(reply.group);
      else job.reject(reply.error);
      this.#dispatch();
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

  /** Rejects every queued and running job with `error`; keeps the first error of the pool. */
  #breakWith(error: unknown): void {
    if (this.#broken === null) this.#broken = error;
    const failed = this.#broken;
    for (const job of this.#queue.splice(0)) job.reject(failed);
    for (const slot of this.#slots) {
      if (slot.job !== null) {
        slot.job.reject(failed);
        slot.job = null;
      }
    }
  }
}
