/** Length of the API's rate-limit window: "2,000 API calls per minute" (api-notes §3.3). */
export const RATE_WINDOW_MS = 60_000;

/**
 * Sliding-window request counter: at most `limit` accepted requests in any 60 s window.
 * Refused requests do not enter the window ([INF] the API does not say; counting them would keep a
 * hammering client locked out forever, and a well-behaved client is unaffected either way).
 * O(1) amortised per request: timestamps are kept in arrival order and dropped from the front.
 */
export class SlidingWindowRateLimiter {
  readonly limit: number;
  readonly #now: () => number;
  #stamps: number[] = [];
  #head = 0;

  constructor(limit: number, now: () => number = Date.now) {
    this.limit = limit;
    this.#now = now;
  }

  /** Take one slot if the window has room; `false` means refuse with 40202. */
  tryAcquire(): boolean {
    const now = this.#now();
    this.#expire(now);
    if (this.#stamps.length - this.#head >= this.limit) return false;
    this.#stamps.push(now);
    return true;
  }

  /** Slots left in the current window (for `X-RateLimit-Remaining`). */
  remaining(): number {
    this.#expire(this.#now());
    return Math.max(0, this.limit - (this.#stamps.length - this.#head));
  }

  /** Requests accepted in the current window. */
  used(): number {
    return this.limit - this.remaining();
  }

  #expire(now: number): void {
    const cutoff = now - RATE_WINDOW_MS;
    const stamps = this.#stamps;
    while (this.#head < stamps.length && (stamps[this.#head] ?? 0) <= cutoff) this.#head++;
    // Compact now and then instead of shift()ing on every request.
    if (this.#head > 1024 && this.#head * 2 > stamps.length) {
      this.#stamps = stamps.slice(this.#head);
      this.#head = 0;
    }
  }
}
