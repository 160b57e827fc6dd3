/**
 * The iterator behind `paginateBacklinks`: fetches pages one at a time (at most `prefetch` ahead of
 * the consumer), advances the cursor, applies the end-of-chain rules and the repeated-token check.
 */
import { createHash } from "node:crypto";
import { abortErrorFrom } from "../client/sleep.js";
import { RepeatedTokenError } from "../errors/cursor.js";
import type { BacklinksRequest } from "../model/request.js";
import type { Cursor } from "./cursor.js";
import type { PageOf } from "./paginate.js";

/** One call of a chain, in either mode. */
export type FetchPage<Items> = (
  task: BacklinksRequest,
  signal: AbortSignal,
) => Promise<{
  readonly result: {
    readonly items: Items;
    readonly search_after_token: string | null;
    readonly total_count: number;
  };
  readonly cost: number;
  readonly taskId: string;
  readonly attempts: number;
}>;

/**
 * How many recent token digests a chain remembers for the repeated-token check. A loop longer than
 * this many pages is implausible, and the bound keeps memory flat on 40M-row chains.
 */
const TOKEN_MEMORY = 4096;

type Settled<Items> = { readonly page: PageOf<Items> } | { readonly error: unknown };

export class Chain<Items extends { readonly length: number }> implements AsyncIterator<PageOf<Items>> {
  readonly #fetchPage: FetchPage<Items>;
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
  readonly #buffer: Settled<Items>[] = [];
  readonly #waiters: {
    resolve: (r: IteratorResult<PageOf<Items>>) => void;
    reject: (e: unknown) => void;
  }[] = [];

  constructor(
    fetchPage: FetchPage<Items>,
    first: BacklinksRequest,
    followUp: (token: string) => BacklinksRequest,
    limit: number,
    prefetch: number,
    start: Cursor,
    signal: AbortSignal | undefined,
  ) {
    this.#fetchPage = fetchPage;
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

  [Symbol.asyncIterator](): AsyncIterator<PageOf<Items>> {
    return this;
  }

  next(): Promise<IteratorResult<PageOf<Items>>> {
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

  return(): Promise<IteratorResult<PageOf<Items>>> {
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

  #settle(settled: Settled<Items>): void {
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

  async #fetch(): Promise<PageOf<Items>> {
    const before = this.#position;
    const task = before.token === null ? this.#first : this.#followUp(before.token);
    const pageNumber = before.pages + 1;
    const call = await this.#fetchPage(task, this.#controller.signal);
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
