/**
 * `paginateShards`: walk every shard of a plan as its own `search_after_token` chain
 * (`paginateBacklinks`, with its own cursor), several chains at once, as one `AsyncIterable` of
 * pages tagged with their shard. All chains share the one client, so the client's global rate and
 * concurrency limits hold across shards; `chains` only bounds how many walk at the same time.
 *
 * Order: `"key"` yields shard after shard in plan order (the unsharded order when `plan.ordered`),
 * while later chains read ahead up to `bufferPages` pages each; `"arrival"` yields pages as they
 * come (order per shard only), starting the biggest shards first, which keeps every chain busy. Memory is bounded either way by
 * `chains × (bufferPages + prefetch)` pages.
 */
import { abortErrorFrom } from "../client/sleep.js";
import { LIMITS } from "../model/fields.js";
import type { BacklinkItem } from "../model/item.js";
import type { BacklinksRequest } from "../model/request.js";
import type { Cursor } from "../paginate/cursor.js";
import { type Page, type PageSource, paginateBacklinks } from "../paginate/paginate.js";
import { requestHash } from "../paginate/request-hash.js";
import { ShardOptionsError } from "./errors.js";
import { takeFirstPage } from "./first-pages.js";
import type { Shard, ShardPlan } from "./model.js";
import type { HeldPage } from "./probe.js";

/** A page of one shard's chain. */
export interface ShardPage {
  readonly shard: Shard;
  readonly page: Page;
}

/** Options of `paginateShards`. */
export interface PaginateShardsOptions {
  /** Per-shard cursors by shard id (from a previous run's state); a `done` cursor skips its shard. */
  readonly cursors?: Readonly<Record<string, Cursor>>;
  /** Chains walking at once. Default 30 (the API's concurrency cap). */
  readonly chains?: number;
  /** `"auto"` (default): `"key"` when the plan is ordered, else `"arrival"`. */
  readonly order?: "auto" | "key" | "arrival";
  /** Pages a chain may hold before the consumer takes them. Default 2. */
  readonly bufferPages?: number;
  /** Passed to each chain's `paginateBacklinks`. Default 1. */
  readonly prefetch?: number;
  /**
   * `"reuse"` (default): a shard whose page 1 the planner fetched (and that has no cursor) yields
   * that page and continues its chain from it; `"fetch"`: fetch every page 1 again.
   */
  readonly firstPages?: "reuse" | "fetch";
  readonly signal?: AbortSignal;
}

/** The request one shard's chain sends: the plan's request with the shard's filters. */
export function shardRequest(plan: ShardPlan, shard: Shard): BacklinksRequest {
  const { filters: _f, ...rest } = plan.request;
  return shard.filters === undefined ? rest : { ...rest, filters: shard.filters };
}

function intOption(name: string, v: number | undefined, dflt: number, max: number): number {
  if (v === undefined) return dflt;
  if (!Number.isInteger(v) || v < 1 || v > max)
    throw new ShardOptionsError(name, `an integer 1..${max}`, String(v));
  return v;
}

/** One shard's chain, pumping pages into a small queue. */
class Lane {
  readonly shard: Shard;
  readonly queue: Page[] = [];
  finished = false;
  error: unknown;
  #space: (() => void) | null = null;
  #stopped = false;
  done: Promise<void> = Promise.resolve();

  constructor(shard: Shard) {
    this.shard = shard;
  }

  start(pages: AsyncIterable<Page>, capacity: number, notify: () => void): void {
    this.done = (async () => {
      try {
        for await (const page of pages) {
          this.queue.push(page);
          notify();
          while (this.queue.length >= capacity && !this.#stopped) {
            await new Promise<void>((resolve) => {
              this.#space = resolve;
            });
          }
          if (this.#stopped) break;
        }
      } catch (err) {
        if (!this.#stopped) this.error = err;
      } finally {
        this.finished = true;
        notify();
      }
    })();
  }

  take(): Page | undefined {
    const page = this.queue.shift();
    this.#wake();
    return page;
  }

  stop(): void {
    this.#stopped = true;
    this.#wake();
  }

  #wake(): void {
    const resolve = this.#space;
    this.#space = null;
    resolve?.();
  }
}

/**
 * Walk every shard of `plan`. Fails with the first chain's error (the others are cancelled and
 * awaited first); breaking out of the loop cancels every chain.
 */
export function paginateShards(
  client: PageSource,
  plan: ShardPlan,
  options: PaginateShardsOptions = {},
): AsyncIterable<ShardPage> {
  const chains = intOption("chains", options.chains, 30, 1000);
  const capacity = intOption("bufferPages", options.bufferPages, 2, 64);
  const order = options.order ?? "auto";
  if (order !== "auto" && order !== "key" && order !== "arrival") {
    throw new ShardOptionsError("order", '"auto", "key" or "arrival"', String(order));
  }
  const keyOrder = order === "key" || (order === "auto" && plan.ordered);
  const chainOf = (shard: Shard, signal?: AbortSignal, from?: Cursor): AsyncIterable<Page> => {
    const cursor = from ?? options.cursors?.[shard.id];
    return paginateBacklinks(client, shardRequest(plan, shard), {
      ...(cursor ? { cursor } : {}),
      ...(options.prefetch !== undefined ? { prefetch: options.prefetch } : {}),
      ...(signal ? { signal } : {}),
    });
  };
  const reuse = (options.firstPages ?? "reuse") === "reuse";
  /** The shard's pages: its held page 1 (if any, and no cursor says otherwise), then its chain. */
  const pagesOf = (shard: Shard, signal: AbortSignal): AsyncIterable<Page> => {
    const held =
      reuse && options.cursors?.[shard.id] === undefined ? takeFirstPage(plan, shard.id) : undefined;
    if (held === undefined) return chainOf(shard, signal);
    const page = heldToPage(plan, shard, held);
    return (async function* () {
      yield page;
      if (!page.cursor.done) yield* chainOf(shard, signal, page.cursor);
    })();
  };
  // Creating a chain checks its options and cursor without fetching: a cursor saved for another
  // request fails here, before any shard starts.
  for (const shard of plan.shards) chainOf(shard);
  return {
    async *[Symbol.asyncIterator]() {
      const controller = new AbortController();
      const signal = options.signal
        ? AbortSignal.any([options.signal, controller.signal])
        : controller.signal;
      let wake: (() => void) | null = null;
      const notify = (): void => {
        const w = wake;
        wake = null;
        w?.();
      };
      const onAbort = (): void => notify();
      options.signal?.addEventListener("abort", onAbort);
      const lanes: Lane[] = [];
      // In arrival order the biggest shards start first (longest-processing-time first), so no
      // big shard starts last and leaves the other chains idle at the end.
      const startOrder = keyOrder ? plan.shards : [...plan.shards].sort((a, b) => b.count - a.count);
      let next = 0;
      try {
        for (;;) {
          if (options.signal?.aborted) throw abortErrorFrom(options.signal);
          while (lanes.length < chains && next < plan.shards.length) {
            const lane = new Lane(startOrder[next] as Shard);
            lane.start(pagesOf(lane.shard, signal), capacity, notify);
            lanes.push(lane);
            next++;
          }
          if (lanes.length === 0) return;
          const failed = lanes.find((l) => l.error !== undefined);
          if (failed) throw failed.error;
          const candidates = keyOrder ? lanes.slice(0, 1) : lanes;
          const ready = candidates.find((l) => l.queue.length > 0);
          if (ready) {
            const page = ready.take() as Page;
            yield { shard: ready.shard, page };
            continue;
          }
          const drained = lanes.findIndex((l) => l.finished && l.queue.length === 0 && l.error === undefined);
          if (drained >= 0 && (!keyOrder || drained === 0)) {
            lanes.splice(drained, 1);
            continue;
          }
          await new Promise<void>((resolve) => {
            wake = resolve;
          });
        }
      } finally {
        options.signal?.removeEventListener("abort", onAbort);
        controller.abort(new Error("shard pagination closed"));
        for (const lane of lanes) lane.stop();
        await Promise.all(lanes.map((l) => l.done));
      }
    },
  };
}

/**
 * A held first page as the `Page` its chain would have yielded, with the cursor after it; the
 * end-of-chain rule is `paginateBacklinks`'s own (short or empty page, or no token).
 */
function heldToPage(plan: ShardPlan, shard: Shard, held: HeldPage): Page {
  const request = shardRequest(plan, shard);
  const limit = request.limit ?? LIMITS.defaultLimit;
  const done = held.items.length === 0 || held.items.length < limit || held.token === null;
  const cursor: Cursor = Object.freeze({
    version: 1,
    requestHash: requestHash(request),
    token: held.token,
    pages: 1,
    rows: held.items.length,
    done,
  });
  return Object.freeze({
    items: held.items as readonly BacklinkItem[],
    pageNumber: 1,
    totalCount: held.totalCount,
    cost: held.cost,
    cursor,
    taskId: held.taskId,
    attempts: held.attempts,
  });
}
