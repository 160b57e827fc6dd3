/**
 * Cheap probes: one small request (usually `limit: 1`) with the shard key's condition and an
 * `order_by` on the key. Its `total_count` is the exact size of the piece at probe time, its first
 * row gives the piece's smallest (or largest) key value, and with `offset` (≤ 20,000, api-notes §1.2)
 * it reads a quantile. Filtering and sorting are free (api-notes §1.1); each probe costs the base
 * price plus its few rows.
 */
import { LIMITS } from "../model/fields.js";
import type { BacklinksRequest, FilterExpression, OrderByRule } from "../model/request.js";
import { andFilters } from "./conditions.js";
import type { ProbeStats } from "./model.js";

/** The part of the client the planner uses (`BacklinksClient` satisfies it). */
export interface ShardClient {
  live(
    task: BacklinksRequest,
    options?: { signal?: AbortSignal },
  ): Promise<{
    readonly result: {
      readonly total_count: number;
      readonly items: readonly unknown[] | null;
      readonly search_after_token?: string | null;
    };
    readonly cost: number;
  }>;
}

/** What one probe learned. */
export interface ProbeAnswer {
  /** `total_count` of the probed piece. */
  readonly total: number;
  /** The key value of each returned row, in order (`null` for a null key). */
  readonly values: readonly unknown[];
}

/** Largest offset a probe may ask for (`offset + limit` stays within the documented 20,000). */
export const MAX_PROBE_OFFSET = LIMITS.maxOffset - 1;

/** Reads the value of `field` of an item, `null` when absent. */
function keyOf(item: unknown, field: string): unknown {
  if (item === null || typeof item !== "object") return null;
  return (item as Record<string, unknown>)[field] ?? null;
}

/** What all probes of one plan spent, and the budget they share. */
export class ProbeLedger {
  readonly maxProbes: number;
  requests = 0;
  cost = 0;
  rows = 0;

  constructor(maxProbes: number) {
    this.maxProbes = maxProbes;
  }

  /** Probes spent so far. */
  stats(): ProbeStats {
    return { requests: this.requests, cost: Math.round(this.cost * 1e6) / 1e6, rows: this.rows };
  }
}

/** Sends probes for one request and one key, and books them in a shared ledger. */
export class Prober {
  readonly #client: ShardClient;
  readonly #base: BacklinksRequest;
  readonly #key: string;
  readonly #signal: AbortSignal | undefined;
  readonly ledger: ProbeLedger;

  /**
   * @param base the user's request; probes keep its target, mode, custom_mode, status type and
   *   filters, and replace `order_by`, `limit`, `offset` and the token.
   */
  constructor(
    client: ShardClient,
    base: BacklinksRequest,
    key: string,
    options: { signal?: AbortSignal | undefined; ledger: ProbeLedger },
  ) {
    this.#client = client;
    const { order_by: _o, limit: _l, offset: _f, search_after_token: _t, ...rest } = base;
    this.#base = rest;
    this.#key = key;
    this.#signal = options.signal;
    this.ledger = options.ledger;
  }

  /** True while the probe budget lasts; refinement stops (keeping larger shards) when it is spent. */
  get canProbe(): boolean {
    return this.ledger.requests < this.ledger.maxProbes;
  }

  /**
   * One probe of the rows matching the user's filters AND `condition`.
   * @param order sort on the key (`none` keeps the API's default order: a sample uncorrelated with
   *   a string key's characters).
   */
  async probe(
    condition: FilterExpression | null,
    options: { order: "asc" | "desc" | "none"; offset?: number; limit?: number },
  ): Promise<ProbeAnswer> {
    const limit = options.limit ?? 1;
    const offset = Math.min(options.offset ?? 0, LIMITS.maxOffset - limit);
    const task: { -readonly [K in keyof BacklinksRequest]: BacklinksRequest[K] } = { ...this.#base, limit };
    const filters = andFilters(this.#base.filters, condition);
    if (filters === undefined) delete task.filters;
    else task.filters = filters;
    if (options.order !== "none") task.order_by = [`${this.#key},${options.order}` as OrderByRule];
    if (offset > 0) task.offset = offset;
    this.ledger.requests++;
    const answer = await this.#client.live(task, this.#signal ? { signal: this.#signal } : {});
    const items = answer.result.items ?? [];
    this.ledger.cost += answer.cost;
    this.ledger.rows += items.length;
    return { total: answer.result.total_count, values: items.map((item) => keyOf(item, this.#key)) };
  }
}
