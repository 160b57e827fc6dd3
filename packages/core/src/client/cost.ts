/**
 * Per-client accounting: attempts sent, retries, the sum of every `cost` the API reported
 * (including billed error answers), and a count of outcomes by code.
 */

/** Snapshot returned by `client.stats()`. */
export interface ClientStats {
  /** HTTP attempts sent (first tries and retries). */
  readonly requests: number;
  /** Attempts after the first, over all calls. */
  readonly retries: number;
  /** Sum of `cost` over every response, USD. */
  readonly cost: number;
  /**
   * Outcomes by key: the API `status_code` (`"20000"`, `"40202"`), `"http_<status>"` for HTTP
   * failures without a JSON status, or an error code (`"ERR_NETWORK"`, `"ERR_TIMEOUT"`,
   * `"ERR_MALFORMED_RESPONSE"`, `"ERR_ABORTED"`).
   */
  readonly byCode: Readonly<Record<string, number>>;
}

/** Mutable counters behind `stats()`. */
export class CostLedger {
  #requests = 0;
  #retries = 0;
  // Summed in nano-dollars as integers so a million additions of 0.00003 do not drift.
  #nanoCost = 0;
  readonly #byCode = new Map<string, number>();

  request(): void {
    this.#requests++;
  }

  retry(): void {
    this.#retries++;
  }

  addCost(cost: number): void {
    if (Number.isFinite(cost) && cost > 0) this.#nanoCost += Math.round(cost * 1e9);
  }

  outcome(key: string): void {
    this.#byCode.set(key, (this.#byCode.get(key) ?? 0) + 1);
  }

  snapshot(): ClientStats {
    return Object.freeze({
      requests: this.#requests,
      retries: this.#retries,
      cost: this.#nanoCost / 1e9,
      byCode: Object.freeze(Object.fromEntries(this.#byCode)),
    });
  }
}
