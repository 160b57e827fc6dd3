/**
 * A FIFO counting semaphore: at most `limit` requests of one client on the wire at once (the API
 * allows 30 simultaneous requests per account; more are refused with 40209).
 */
import { abortErrorFrom } from "./sleep.js";

interface Waiter {
  resolve: () => void;
  reject: (e: unknown) => void;
  signal: AbortSignal | undefined;
  onAbort: (() => void) | undefined;
}

/** Shared concurrency gate. */
export class ConcurrencyGate {
  readonly limit: number;
  #active = 0;
  readonly #queue: Waiter[] = [];

  constructor(limit: number) {
    this.limit = limit;
  }

  /** Requests holding a slot now. */
  get active(): number {
    return this.#active;
  }

  /** Wait for a slot; the caller must `release()` it exactly once. */
  acquire(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(abortErrorFrom(signal));
    if (this.#active < this.limit) {
      this.#active++;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const waiter: Waiter = { resolve, reject, signal, onAbort: undefined };
      if (signal) {
        waiter.onAbort = () => {
          const i = this.#queue.indexOf(waiter);
          if (i >= 0) this.#queue.splice(i, 1);
          reject(abortErrorFrom(signal));
        };
        signal.addEventListener("abort", waiter.onAbort, { once: true });
      }
      this.#queue.push(waiter);
    });
  }

  /** Give a slot back; hands it straight to the next waiter. */
  release(): void {
    const next = this.#queue.shift();
    if (next) {
      if (next.onAbort) next.signal?.removeEventListener("abort", next.onAbort);
      next.resolve();
      return;
    }
    this.#active--;
  }
}
