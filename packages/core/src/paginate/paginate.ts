/**
 * `paginateBacklinks`: one `search_after_token` chain as an `AsyncIterable` of pages.
 *
 * Page 1 is the request as given (no token); every later page is the same request without
 * `offset`, plus the previous page's token. The chain ends after a short page
 * (`items.length < limit`), an empty page, or a page without token; that last page is still
 * yielded, so the final cursor says `done: true` and its cost is seen. A token the chain already
 * used fails loudly (`RepeatedTokenError`).
 *
 * Demand-driven: nothing is fetched before the first `next()`, and at most `prefetch` pages are
 * fetched beyond what the consumer has taken (pages are sequential: one request in flight at most).
 */
import { createHash } from "node:crypto";
import type { BacklinksClient } from "../client/client.js";
import { abortErrorFrom } from "../client/sleep.js";
import { CursorMismatchError, RepeatedTokenError } from "../errors/cursor.js";
import { InvalidOptionsError } from "../errors/options.js";
import { LIMITS } from "../model/fields.js";
import type { BacklinkItem } from "../model/item.js";
import type { BacklinksRequest } from "../model/request.js";
import { type Cursor, initialCursor, parseCursor } from "./cursor.js";
import { requestHash } from "./request-hash.js";

/** One page of a chain. */
export interface Page {
  readonly items: readonly BacklinkItem[];
  /** 1-based, counted across resumes. */
  readonly pageNumber: number;
  /** `total_count` the API reported with this page. */
  readonly totalCount: number;
  /** Cost of this page's successful call. */
  readonly cost: number;
  /** Position after this page: persist it once the page is safely consumed. */
  readonly cursor: Cursor;
  readonly taskId: string;
  /** HTTP attempts this page took. */
  readonly attempts: number;
}

/** Options of `paginateBacklinks`. */
export interface PaginateOptions {
  /** Resume after the last page this cursor records. */
  readonly cursor?: Cursor;
  /** Pages fetched ahead of the consumer, 0..16. Default 1. */
  readonly prefetch?: number;
  readonly signal?: AbortSignal;
}

/** The part of the client pagination needs. */
export type PageSource = Pick<BacklinksClient, "live">;

/**
 * How many recent token digests a chain remembers for the repeated-token check. A loop longer than
 * this many pages is implausible, and the bound keeps memory flat on 40M-row chains.
 */
const TOKEN_MEMORY = 4096;
const MAX_PREFETCH = 16;

/**
 * Walk one chain. Options, the request's paging fields and the cursor are checked here, at call
 * time: `InvalidOptionsError`, `InvalidCursorError`, or `CursorMismatchError` when the cursor was
 * saved for another request.
 */
export function paginateBacklinks(
  client: PageSource,
  request: BacklinksRequest,
  options: PaginateOptions = {},
): AsyncIterable<Page> {
  if (
    typeof request !== "object" ||
    request === null ||
    typeof request.target !== "string" ||
    request.target === ""
  ) {
    throw new InvalidOptionsError("request.target", "a non-empty string", typeof request?.target);
  }
  if (request.search_after_token !== undefined) {
    throw new InvalidOptionsError(
      "request.search_after_token",
      "undefined (pass options.cursor to resume a chain)",
      typeof request.search_after_token,
    );
  }
  const limit = request.limit ?? LIMITS.defaultLimit;
  if (!Number.isInteger(limit) || limit < 1 || limit > LIMITS.maxLimit) {
    throw new InvalidOptionsError("request.limit", `an integer from 1 to ${LIMITS.maxLimit}`, String(limit));
  }
  const prefetch = options.prefetch ?? 1;
  if (!Number.isInteger(prefetch) || prefetch < 0 || prefetch > MAX_PREFETCH) {
    throw new InvalidOptionsError("prefetch", `an integer from 0 to ${MAX_PREFETCH}`, String(prefetch));
  }
  const hash = requestHash(request);
  let start = initialCursor(hash);
  if (options.cursor !== undefined) {
    start = parseCursor(options.cursor);
    if (start.requestHash !== hash) throw new CursorMismatchError(hash, start.requestHash);
  }
  const first: BacklinksRequest = Object.freeze({ ...request });
  const { offset: _offset, ...rest } = first;
  // Token pages never carry `offset`: the token already encodes the position.
  const followUp = (token: string): BacklinksRequest => ({ ...rest, search_after_token: token });
  return {
    [Symbol.asyncIterator]: () => new Chain(client, first, followUp, limit, prefetch, start, options.signal),
  };
}

type Settled = { readonly page: Page } | { readonly error: unknown };

class Chain implements AsyncIterator<Page> {
  readonly #client: PageSource;
  readonly #first: BacklinksRequest;
  readonly #followUp: (token: string) => BacklinksRequest;
  readonly #limit: number;
  readonly #prefetch: number;
  readonly #signal: AbortSignal | undefined;
  readonly #controller = new AbortController();
  readonly #seen = new Set<string>();
  #position: Cursor;
  #fetching = false;
  /** No more fetches: the chain ended, failed, or was closed. */
  #exhausted: boolean;
  #closed = false;
  readonly #buffer: Settled[] = [];
  readonly #waiters: { resolve: (r: IteratorResult<Page>) => void; reject: (e: unknown) => void }[] = [];

  constructor(
    client: PageSource,
    first: BacklinksRequest,
    followUp: (token: string) => BacklinksRequest,
    limit: number,
    prefetch: number,
    start: Cursor,
    signal: AbortSignal | undefined,
  ) {
    this.#client = client;
    this.#first = first;
    this.#followUp = followUp;
    this.#limit = limit;
    this.#prefetch = prefetch;
    this.#signal = signal;
    this.#position = start;
    this.#exhausted = start.done;
    if (start.token !== null) this.#remember(start.token);
    if (signal) {
      const onAbort = () => this.#controller.abort(signal.reason);
      if (signal.aborted) onAbort();
      else {
        signal.addEventListener("abort", onAbort, { once: true });
        // One signal often spans many chains (every target of an export): let go of it at the end.
        this.#detach = () => signal.removeEventListener("abort", onAbort);
      }
    }
  }

  #detach: () => void = () => {};

  [Symbol.asyncIterator](): AsyncIterator<Page> {
    return this;
  }

  next(): Promise<IteratorResult<Page>> {
    if (this.#signal?.aborted && !this.#closed) {
      this.#close();
      return Promise.reject(abortErrorFrom(this.#signal));
    }
    const settled = this.#buffer.shift();
    if (settled) {
      this.#pump();
      if ("error" in settled) {
        this.#close();
        return Promise.reject(settled.error);
      }
      return Promise.resolve({ done: false, value: settled.page });
    }
    if (this.#closed || (this.#exhausted && !this.#fetching)) {
      this.#detach();
      return Promise.resolve({ done: true, value: undefined });
    }
    return new Promise((resolve, reject) => {
      this.#waiters.push({ resolve, reject });
      this.#pump();
    });
  }

  return(): Promise<IteratorResult<Page>> {
    this.#close();
    return Promise.resolve({ done: true, value: undefined });
  }

  #close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#exhausted = true;
    this.#detach();
    this.#buffer.length = 0;
    // Cancel a prefetch nobody will consume.
    if (this.#fetching) this.#controller.abort(new Error("pagination closed"));
    for (const w of this.#waiters.splice(0)) w.resolve({ done: true, value: undefined });
  }

  #pump(): void {
    if (this.#fetching || this.#exhausted) return;
    if (this.#buffer.length >= this.#prefetch + this.#waiters.length) return;
    this.#fetching = true;
    this.#fetch().then(
      (page) => this.#settle({ page }),
      (error) => this.#settle({ error }),
    );
  }

  #settle(settled: Settled): void {
    this.#fetching = false;
    if (this.#closed) return;
    if ("error" in settled) this.#exhausted = true;
    const waiter = this.#waiters.shift();
    if (waiter) {
      if ("error" in settled) {
        this.#close();
        waiter.reject(settled.error);
        return;
      }
      waiter.resolve({ done: false, value: settled.page });
    } else {
      this.#buffer.push(settled);
    }
    if (this.#exhausted && !this.#fetching) {
      // Nothing more will come: waiters beyond the delivered page end now.
      for (const w of this.#waiters.splice(0)) w.resolve({ done: true, value: undefined });
    }
    this.#pump();
  }

  async #fetch(): Promise<Page> {
    const before = this.#position;
    const task = before.token === null ? this.#first : this.#followUp(before.token);
    const pageNumber = before.pages + 1;
    const call = await this.#client.live(task, { signal: this.#controller.signal });
    const { items, search_after_token: token, total_count } = call.result;
    // An empty page ends the chain whatever its token says (an API may echo the last token there);
    // a page with rows and a used token would repeat or loop, so it fails loudly.
    if (items.length > 0 && token !== null && this.#seen.has(digest(token)))
      throw new RepeatedTokenError(pageNumber);
    const done = items.length === 0 || items.length < this.#limit || token === null;
    if (token !== null) this.#remember(token);
    const cursor: Cursor = Object.freeze({
      version: 1,
      requestHash: before.requestHash,
      token,
      pages: pageNumber,
      rows: before.rows + items.length,
      done,
    });
    this.#position = cursor;
    if (done) this.#exhausted = true;
    return Object.freeze({
      items,
      pageNumber,
      totalCount: total_count,
      cost: call.cost,
      cursor,
      taskId: call.taskId,
      attempts: call.attempts,
    });
  }

  #remember(token: string): void {
    this.#seen.add(digest(token));
    if (this.#seen.size > TOKEN_MEMORY) {
      const oldest = this.#seen.values().next().value;
      if (oldest !== undefined) this.#seen.delete(oldest);
    }
  }
}

function digest(token: string): string {
  return createHash("sha1").update(token).digest("base64");
}
