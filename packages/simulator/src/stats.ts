import type { FaultKind } from "./faults/kinds.js";
import { toUsd } from "./limits/account.js";

/** Why a request was refused by the simulated account (not by an injected fault). */
export type RefusalKind = "rateLimit" | "concurrency" | "dailyCost" | "balance";

/** A snapshot of what the simulator has served since it started. */
export interface SimulatorStats {
  /** HTTP requests received, every path and method. */
  readonly requests: number;
  /**
   * Status codes sent: request-level codes other than 20000 (e.g. `40100`, `40202`) once per
   * response, and every task's code (`20000`, `40000`, `40501` …) once per task.
   */
  readonly byStatusCode: Readonly<Record<string, number>>;
  /** HTTP status codes sent (`"200"`, `"401"`, `"502"` …). */
  readonly byHttpStatus: Readonly<Record<string, number>>;
  /** Injected faults by kind (only the ones that actually fired). */
  readonly faults: Readonly<Record<string, number>>;
  /** Requests refused by the configured limits (injected 40202s are in `faults`). */
  readonly refusals: Readonly<Record<RefusalKind, number>>;
  /** USD billed, the sum of every billed task's `cost`. */
  readonly cost: number;
  /** Most requests in flight at once, refused ones included. */
  readonly maxConcurrentSeen: number;
}

/** Mutable counters behind `stats()`; plain integer increments, nothing per-request allocated. */
export class StatsRecorder {
  requests = 0;
  costUnits = 0;
  readonly #byStatusCode = new Map<number, number>();
  readonly #byHttpStatus = new Map<number, number>();
  readonly #faults = new Map<FaultKind, number>();
  readonly #refusals: Record<RefusalKind, number> = {
    rateLimit: 0,
    concurrency: 0,
    dailyCost: 0,
    balance: 0,
  };

  statusCode(code: number): void {
    this.#byStatusCode.set(code, (this.#byStatusCode.get(code) ?? 0) + 1);
  }

  httpStatus(status: number): void {
    this.#byHttpStatus.set(status, (this.#byHttpStatus.get(status) ?? 0) + 1);
  }

  fault(kind: FaultKind): void {
    this.#faults.set(kind, (this.#faults.get(kind) ?? 0) + 1);
  }

  refusal(kind: RefusalKind): void {
    this.#refusals[kind]++;
  }

  /** A frozen copy; later requests do not change it. */
  snapshot(maxConcurrentSeen: number): SimulatorStats {
    return Object.freeze({
      requests: this.requests,
      byStatusCode: Object.freeze(
        Object.fromEntries([...this.#byStatusCode].map(([k, v]) => [String(k), v])),
      ),
      byHttpStatus: Object.freeze(
        Object.fromEntries([...this.#byHttpStatus].map(([k, v]) => [String(k), v])),
      ),
      faults: Object.freeze(Object.fromEntries(this.#faults)),
      refusals: Object.freeze({ ...this.#refusals }),
      cost: toUsd(this.costUnits),
      maxConcurrentSeen,
    });
  }
}
