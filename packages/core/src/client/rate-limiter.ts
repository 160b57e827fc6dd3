/**
 * Requests-per-minute limiter shared by every request of a client. It spaces request starts evenly
 * (one every `60000 / rate` ms) rather than allowing a burst: the API counts calls per minute, and
 * DataForSEO recommends a steady flow over bursts (api-notes §3.3). Even spacing also guarantees no
 * rolling minute ever sees more than `rate` starts.
 */
import { sleep } from "./sleep.js";

/** Shared limiter. Slots are reserved in call order, so waiting is FIFO. */
export class RateLimiter {
  readonly perMinute: number;
  readonly intervalMs: number;
  #next = 0;
  readonly #now: () => number;

  constructor(perMinute: number, now: () => number = () => performance.now()) {
    this.perMinute = perMinute;
    this.intervalMs = 60_000 / perMinute;
    this.#now = now;
  }

  /** Wait for the next free slot. An aborted wait leaves its slot unused (harmless: it only slows). */
  acquire(signal?: AbortSignal): Promise<void> {
    const now = this.#now();
    const slot = Math.max(now, this.#next);
    this.#next = slot + this.intervalMs;
    return sleep(slot - now, signal);
  }

  /** Push every later start to at least `ms` from now (used when the API says "slow down"). */
  holdFor(ms: number): void {
    this.#next = Math.max(this.#next, this.#now() + ms);
  }
}
