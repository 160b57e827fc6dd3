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
import type {
  LiveCallOptions,
  LiveCallResult,
  RawLiveCallOptions,
  RawLiveCallResult,
} from "../client/client.js";
import { CursorMismatchError } from "../errors/cursor.js";
import { InvalidOptionsError } from "../errors/options.js";
import { LIMITS } from "../model/fields.js";
import type { BacklinkItem } from "../model/item.js";
import type { BacklinksRequest } from "../model/request.js";
import type { RawItems } from "../raw/items.js";
import type { RawItemCheck } from "../raw/scan.js";
import { Chain, type FetchPage } from "./chain.js";
import { type Cursor, initialCursor, parseCursor } from "./cursor.js";
import { requestHash } from "./request-hash.js";

/** One page of a chain whose rows are `Items`: see {@link Page} and {@link RawPage}. */
export interface PageOf<Items> {
  readonly items: Items;
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

/** One page of a chain, its rows parsed. */
export type Page = PageOf<readonly BacklinkItem[]>;

/** One page of a raw-mode chain: its rows are the JSON bytes the API sent (`RawItems`). */
export type RawPage = PageOf<RawItems>;

/** Options of `paginateBacklinks`. */
export interface PaginateOptions {
  /** Resume after the last page this cursor records. */
  readonly cursor?: Cursor;
  /** Pages fetched ahead of the consumer, 0..16. Default 1. */
  readonly prefetch?: number;
  readonly signal?: AbortSignal;
}

/** Options of a raw-mode chain: pages carry `RawItems` (see `live(task, { raw: true })`). */
export interface RawPaginateOptions extends PaginateOptions {
  readonly raw: true;
  /** Passed to every `live` call of the chain (see `RawLiveCallOptions.itemCheck`). */
  readonly itemCheck?: RawItemCheck;
}

/** The part of the client pagination needs (`BacklinksClient` satisfies it). */
export interface PageSource {
  live(task: BacklinksRequest, options?: LiveCallOptions): Promise<LiveCallResult>;
}

/** The part of the client a raw-mode chain needs (`BacklinksClient` satisfies it). */
export interface RawPageSource {
  live(task: BacklinksRequest, options: RawLiveCallOptions): Promise<RawLiveCallResult>;
}

const MAX_PREFETCH = 16;

/**
 * Walk one chain. Options, the request's paging fields and the cursor are checked here, at call
 * time: `InvalidOptionsError`, `InvalidCursorError`, or `CursorMismatchError` when the cursor was
 * saved for another request. With `{ raw: true }` the pages carry `RawItems` (the rows' JSON bytes,
 * never parsed); paging, cursors and errors are the same in both modes.
 */
export function paginateBacklinks(
  client: RawPageSource,
  request: BacklinksRequest,
  options: RawPaginateOptions,
): AsyncIterable<RawPage>;
export function paginateBacklinks(
  client: PageSource,
  request: BacklinksRequest,
  options?: PaginateOptions,
): AsyncIterable<Page>;
export function paginateBacklinks(
  client: PageSource | RawPageSource,
  request: BacklinksRequest,
  options: PaginateOptions & { readonly raw?: boolean; readonly itemCheck?: RawItemCheck } = {},
): AsyncIterable<Page | RawPage> {
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
  const raw = options.raw ?? false;
  if (typeof raw !== "boolean") throw new InvalidOptionsError("raw", "a boolean", typeof raw);
  const itemCheck = options.itemCheck;
  if (itemCheck !== undefined && (!raw || typeof itemCheck !== "function")) {
    throw new InvalidOptionsError("itemCheck", "a function, with raw: true", typeof itemCheck);
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
  if (raw) {
    const source = client as RawPageSource;
    const fetch: FetchPage<RawItems> = (task, signal) =>
      source.live(task, itemCheck === undefined ? { signal, raw: true } : { signal, raw: true, itemCheck });
    return {
      [Symbol.asyncIterator]: () => new Chain(fetch, first, followUp, limit, prefetch, start, options.signal),
    };
  }
  const source = client as PageSource;
  const fetch: FetchPage<readonly BacklinkItem[]> = (task, signal) => source.live(task, { signal });
  return {
    [Symbol.asyncIterator]: () => new Chain(fetch, first, followUp, limit, prefetch, start, options.signal),
  };
}
