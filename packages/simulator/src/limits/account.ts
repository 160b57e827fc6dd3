/**
 * Money in integer units of 1e-8 USD, so sums of many `0.00003` prices never drift
 * (`0.1 + 0.2` problems) and envelope costs print like the API's (`0.02015`).
 */
export const COST_UNITS_PER_USD = 100_000_000;

/** USD → integer cost units. */
export function toUnits(usd: number): number {
  return Math.round(usd * COST_UNITS_PER_USD);
}

/** Integer cost units → USD, exact to the printed decimal. */
export function toUsd(units: number): number {
  return units / COST_UNITS_PER_USD;
}

/** Why the account refuses a request before it runs. */
export type AccountRefusal = "balance" | "dailyCost";

const DAY_MS = 86_400_000;

/**
 * The simulated account: a balance that each billed task lowers, and a daily cost limit that
 * resets at 00:00 UTC (api-notes §3.2, 40203).
 */
export class Account {
  readonly dailyLimitUnits: number | null;
  #balanceUnits: number | null;
  #spentTodayUnits = 0;
  #day: number;
  readonly #now: () => number;

  constructor(dailyCostLimit: number | null, balance: number | null, now: () => number = Date.now) {
    this.dailyLimitUnits = dailyCostLimit === null ? null : toUnits(dailyCostLimit);
    this.#balanceUnits = balance === null ? null : toUnits(balance);
    this.#now = now;
    this.#day = Math.floor(now() / DAY_MS);
  }

  /**
   * Checked before a billable request runs: an empty balance refuses everything (HTTP 402), and a
   * day whose spend already reached the limit refuses until midnight UTC (40203).
   */
  refusal(): AccountRefusal | null {
    if (this.#balanceUnits !== null && this.#balanceUnits <= 0) return "balance";
    this.#rollDay();
    if (this.dailyLimitUnits !== null && this.#spentTodayUnits >= this.dailyLimitUnits) return "dailyCost";
    return null;
  }

  /** Whether the balance covers `units` (no balance configured → always). */
  canAfford(units: number): boolean {
    return this.#balanceUnits === null || this.#balanceUnits >= units;
  }

  /** Bill a task. */
  charge(units: number): void {
    this.#rollDay();
    this.#spentTodayUnits += units;
    if (this.#balanceUnits !== null) this.#balanceUnits -= units;
  }

  /** Remaining balance in USD, `null` when unlimited. */
  get balance(): number | null {
    return this.#balanceUnits === null ? null : toUsd(this.#balanceUnits);
  }

  /** Spent since 00:00 UTC, USD. */
  get spentToday(): number {
    this.#rollDay();
    return toUsd(this.#spentTodayUnits);
  }

  #rollDay(): void {
    const day = Math.floor(this.#now() / DAY_MS);
    if (day !== this.#day) {
      this.#day = day;
      this.#spentTodayUnits = 0;
    }
  }
}
