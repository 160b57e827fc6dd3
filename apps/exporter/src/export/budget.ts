/**
 * The spend limit (`maxCost`, USD, for the whole dataset including earlier runs).
 *
 * Spend is summed from the API's responses (core's client cost + the state's cost of earlier runs).
 * Before each request a chain reserves an estimate of that page's cost; the request is only sent if
 * spent + every reservation in flight + this estimate stays within maxCost. The estimate is the
 * previous page's cost of the same chain (pages of one chain have `limit` rows until the last, so
 * the last full page is the best predictor and never an underestimate); for a chain's first page it
 * is the largest page cost seen so far in the dataset, and before any page at all the published
 * price after the 2026 increase: $0.024 + $0.000036 × limit (api-notes §3.5) — [INF] the safe side.
 */
export class Budget {
  readonly #maxCost: number | undefined;
  readonly #spent: () => number;
  readonly #fallback: number;
  #largestPage: number;
  #reserved = 0;
  readonly #lastPage = new Map<string, number>();

  constructor(options: {
    maxCost: number | undefined;
    spent: () => number;
    limit: number;
    largestPageSeen: number;
  }) {
    this.#maxCost = options.maxCost;
    this.#spent = options.spent;
    this.#fallback = 0.024 + 0.000036 * options.limit;
    this.#largestPage = options.largestPageSeen;
  }

  /** USD spent so far (all runs). */
  spent(): number {
    return this.#spent();
  }

  /** The estimate of `chain`'s next page. */
  estimate(chain: string): number {
    return this.#lastPage.get(chain) ?? (this.#largestPage > 0 ? this.#largestPage : this.#fallback);
  }

  /**
   * Reserve the next page of `chain`. Returns the reserved amount, or null when the page could
   * pass maxCost (the chain must stop).
   */
  reserve(chain: string): number | null {
    const estimate = this.estimate(chain);
    if (this.#maxCost !== undefined && this.#spent() + this.#reserved + estimate > this.#maxCost + 1e-12)
      return null;
    this.#reserved += estimate;
    return estimate;
  }

  /** The request finished (page or error): drop its reservation; record the page's real cost. */
  settle(chain: string, reserved: number, pageCost: number | undefined): void {
    this.#reserved = Math.max(0, this.#reserved - reserved);
    if (pageCost !== undefined) {
      this.#lastPage.set(chain, pageCost);
      if (pageCost > this.#largestPage) this.#largestPage = pageCost;
    }
  }
}
