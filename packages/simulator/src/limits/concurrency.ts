/**
 * Counts requests in flight. Every authenticated request enters (so `maxSeen` shows how hard a
 * client pushed, including the requests that were refused) and leaves when its response closes;
 * a request that finds more than `max` in flight, itself included, is refused with 40209.
 */
export class ConcurrencyGate {
  readonly max: number | null;
  #inFlight = 0;
  #maxSeen = 0;

  constructor(max: number | null) {
    this.max = max;
  }

  /** Enter; returns `false` when this request must be refused. Call `leave()` either way. */
  enter(): boolean {
    this.#inFlight++;
    if (this.#inFlight > this.#maxSeen) this.#maxSeen = this.#inFlight;
    return this.max === null || this.#inFlight <= this.max;
  }

  leave(): void {
    this.#inFlight--;
  }

  get inFlight(): number {
    return this.#inFlight;
  }

  get maxSeen(): number {
    return this.#maxSeen;
  }
}
