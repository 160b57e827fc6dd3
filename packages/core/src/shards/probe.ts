/**
 * Cheap probes: one small request (usually `limit: 1`) with the shard key's condition and an
 * `order_by` on the key. Its `total_count` is the exact size of the piece at probe time, its first
 * row gives the piece's smallest (or largest) key value, and with `offset` (≤ 20,000, api-notes §1.2)
 * it reads a quantile. Filtering and sorting are free (api-notes §1.1); each probe costs the base
 * price plus its few rows.
 */
import { LIMITS } from "../model/fields.js";
import type { BacklinksRequest, FilterExpression, OrderByRule } from "../model/request.js";
import { canonicalJson } from "../paginate/request-hash.js";
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
    readonly taskId?: string;
    readonly attempts?: number;
  }>;
}

/** A shard's real first page, fetched while planning (see `Prober.firstPage`). */
export interface HeldPage {
  readonly items: readonly unknown[];
  readonly totalCount: number;
  readonly token: string | null;
  readonly cost: number;
  readonly taskId: string;
  readonly attempts: number;
}

/** What one probe learned. */
export interface ProbeAnswer {
  /** `total_count` of the probed piece. */
  readonly total: number;
  /** The key value of each returned row, in order (`null` for a null key). */
  readonly values: readonly unknown[];
}

/** Reads the value of `field` of an item, `null` when absent. */
function keyOf(item: unknown, field: string): unknown {
  if (item === null || typeof item !== "object") return null;
  return (item as Record<string, unknown>)[field] ?? null;
}

/** What all probes of one plan spent, and the budget they share. */
export class ProbeLedger {
  readonly maxProbes: number;
  /** First pages the planner may hold for reuse (each up to the request's `limit` rows). */
  readonly maxPages: number;
  requests = 0;
  cost = 0;
  rows = 0;
  /** First-page probes sent (the `maxPages` budget). */
  pagesFetched = 0;
  /** Probe waves (see `ProbeStats.rounds`) and probes in flight now. */
  rounds = 0;
  #inFlight = 0;
  /** Held first pages by the canonical JSON of the `filters` they were fetched with. */
  readonly pages = new Map<string, HeldPage>();

  constructor(maxProbes: number, maxPages: number) {
    this.maxProbes = maxProbes;
    this.maxPages = maxPages;
  }

  /** Probes spent so far. */
  stats(pagesKept = 0): ProbeStats {
    return {
      requests: this.requests,
      cost: Math.round(this.cost * 1e6) / 1e6,
      rows: this.rows,
      pagesKept,
      rounds: this.rounds,
    };
  }

  /** Sends one probe through `send`, counting requests and waves. */
  async send<T>(send: () => Promise<T>): Promise<T> {
    this.requests++;
    if (this.#inFlight++ === 0) this.rounds++;
    try {
      return await send();
    } finally {
      this.#inFlight--;
    }
  }
}

/** The map key of a held page: the exact filters of the shard request it is page 1 of. */
export function heldPageKey(filters: FilterExpression | undefined): string {
  return canonicalJson(filters ?? null);
}

/** Sends probes for one request and one key, and books them in a shared ledger. */
export class Prober {
  readonly #client: ShardClient;
  readonly #base: BacklinksRequest;
  readonly #request: BacklinksRequest;
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
    const { offset: _f2, search_after_token: _t2, ...request } = base;
    this.#request = request;
    this.#key = key;
    this.#signal = options.signal;
    this.ledger = options.ledger;
  }

  /** True while the probe budget lasts; refinement stops (keeping larger shards) when it is spent. */
  get canProbe(): boolean {
    return this.ledger.requests < this.ledger.maxProbes;
  }

  /**
   * Counts a piece that will probably be a final shard by fetching that shard's real page 1: the
   * request exactly as its chain would send it (user's `order_by` and `limit`). Its `total_count`
   * is the count a `limit: 1` probe would give, and its rows and token let the chain start at
   * page 2 (`paginateShards` picks the page up). Falls back to a `limit: 1` probe once
   * `maxPages` pages are held.
   */
  async firstPage(condition: FilterExpression | null): Promise<ProbeAnswer> {
    // Reserve the slot before the request: probes of one level run in parallel.
    if (this.ledger.pagesFetched >= this.ledger.maxPages) return this.probe(condition, { order: "none" });
    this.ledger.pagesFetched++;
    const filters = andFilters(this.#request.filters, condition);
    const task: { -readonly [K in keyof BacklinksRequest]: BacklinksRequest[K] } = { ...this.#request };
    if (filters === undefined) delete task.filters;
    else task.filters = filters;
    const answer = await this.ledger.send(() =>
      this.#client.live(task, this.#signal ? { signal: this.#signal } : {}),
    );
    const items = answer.result.items ?? [];
    this.ledger.cost += answer.cost;
    this.ledger.rows += items.length;
    this.ledger.pages.set(heldPageKey(filters), {
      items,
      totalCount: answer.result.total_count,
      token: answer.result.search_after_token ?? null,
      cost: answer.cost,
      taskId: answer.taskId ?? "",
      attempts: answer.attempts ?? 1,
    });
    return { total: answer.result.total_count, values: [] };
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
    const answer = await this.ledger.send(() =>
      this.#client.live(task, this.#signal ? { signal: this.#signal } : {}),
    );
    const items = answer.result.items ?? [];
    this.ledger.cost += answer.cost;
    this.ledger.rows += items.length;
    return { total: answer.result.total_count, values: items.map((item) => keyOf(item, this.#key)) };
  }
}
