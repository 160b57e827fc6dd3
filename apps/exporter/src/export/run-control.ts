/**
 * Shared stop control of one run. A *soft* stop (abort signal, budget, daily limit, an API error
 * in any chain) lets every chain finish its current page, commit its current part and save
 * state. A *hard* stop (sink failure, bug) aborts every pipeline at once; in-progress parts are
 * discarded and only committed parts remain.
 */

import { setMaxListeners } from "node:events";

/** Why the run stopped early. */
export type StopReason = "aborted" | "budget" | "api_error";

export class RunControl {
  #reason: StopReason | null = null;
  #error: unknown;
  #hardError: unknown;
  readonly #hard = new AbortController();

  constructor() {
    // every chain's paginator and every part's pipeline listen to this one signal
    setMaxListeners(0, this.#hard.signal);
  }

  /** Soft stop; the first reason (and error) wins. */
  stop(reason: StopReason, error?: unknown): void {
    if (this.#reason !== null) return;
    this.#reason = reason;
    this.#error = error;
  }

  /** Hard stop; the first error wins (later cleanup errors never replace it). */
  fail(error: unknown): void {
    if (this.#hardError === undefined) this.#hardError = error ?? new Error("unknown failure");
    this.stop("api_error", error);
    if (!this.#hard.signal.aborted) this.#hard.abort(this.#hardError);
  }

  get stopped(): boolean {
    return this.#reason !== null;
  }
  get reason(): StopReason | null {
    return this.#reason;
  }
  get error(): unknown {
    return this.#error;
  }
  get hardError(): unknown {
    return this.#hardError;
  }
  /** Aborts pipelines and in-flight requests on a hard stop. */
  get signal(): AbortSignal {
    return this.#hard.signal;
  }
}
