/**
 * One target's token chain → part files. Pages come from core's `paginateBacklinks` (prefetch 0:
 * a page is requested only when the part being written asks for it, after the budget check; the
 * part writer asks for the next page of the same part before it encodes the current one), go
 * through one `pipeline(Readable.from(pages), format stage, meter, sink)` per part, and the state
 * is saved after each committed part. Nothing here holds more than the page being written and the
 * one being fetched. NDJSON chains walk in core's raw mode: rows stay the bytes the API sent
 * (`RawItems`, sliced like arrays) and the NDJSON stage copies them through where that is
 * byte-identical, so a row is never parsed and re-serialised (CSV and Parquet take parsed rows).
 */
import {
  type BacklinksClient,
  type Cursor,
  type Page,
  paginateBacklinks,
  parsedPage,
  type RawPage,
} from "@backlinks/core";
import { canonicalItemCheck } from "@backlinks/formats";
import type { ResolvedOptions, TargetTask } from "../options.js";
import type { Sink } from "../sinks/sink.js";
import type { ChainState, PartRecord } from "../state/state.js";
import type { Budget } from "./budget.js";
import { type Rows, type Slice, writePart } from "./part-writer.js";
import type { RunControl } from "./run-control.js";
import type { LogEvent } from "./types.js";

/** What a chain needs from the run. */
export interface ChainDeps {
  readonly client: BacklinksClient;
  readonly task: TargetTask;
  /** This chain's state; updated in place when a part is committed. */
  readonly state: ChainState;
  readonly options: ResolvedOptions;
  readonly sink: Sink;
  readonly budget: Budget;
  readonly control: RunControl;
  /** After every page (rows = rows handed to the writer so far for this target). */
  onPage(state: ChainState, page: Page | RawPage, rows: number): void;
  /** After every committed part (part) and when the chain ends (null): persist the state. */
  onCommit(state: ChainState, part: PartRecord | null): Promise<void>;
  log(event: LogEvent): void;
  /**
   * Called with the first page this run buys for the chain, before anything of it is counted or
   * written. Resolving false ends the chain here, its state untouched (the page's spend is the
   * caller's to record): how a target that turns out to be large hands over to its shards.
   */
  onFirstPage?(page: Page): Promise<boolean>;
  /** Relative path of this chain's part `index`; default `target=<t>/part-NNNNN.<ext>` (shards name their own). */
  partPath?(index: number): string;
}

/** Times in a row a refused token is asked for again before the run stops (resumable). */
const MAX_TOKEN_RETRIES = 3;

/** API 40501 naming `search_after_token`: the token was refused (expired or unknown). */
function isTokenRefused(err: unknown): boolean {
  const e = err as { statusCode?: unknown; statusMessage?: unknown } | null;
  return (
    e?.statusCode === 40501 &&
    typeof e.statusMessage === "string" &&
    e.statusMessage.includes("search_after_token")
  );
}

/** A settled `next()` of the page iterator. */
type Fetched = { readonly ok: IteratorResult<Page | RawPage> } | { readonly error: unknown };

/** A page requested ahead, with its budget reservation. */
interface Ahead {
  readonly reserved: number;
  readonly fetched: Promise<Fetched>;
}

/** Run the chain until its end, a stop of the run, or a failure (thrown). */
export async function runChain(deps: ChainDeps): Promise<void> {
  const { state, options, control, budget, task } = deps;
  if (state.end !== null) return;
  // Raw mode only where the stage copies bytes through; CSV and Parquet need the parsed values.
  const raw = options.format === "ndjson";
  const cap = options.maxRows;
  const open = (cursor: Cursor | null): AsyncIterator<Page | RawPage> => {
    const paging = { ...(cursor ? { cursor } : {}), prefetch: 0, signal: control.signal };
    return raw
      ? paginateBacklinks(deps.client, task.request, {
          ...paging,
          raw: true,
          // the NDJSON stage's own canonical check, run by core's scanner while the bytes are hot:
          // the stage then trusts its verdict instead of walking every item a second time
          itemCheck: canonicalItemCheck,
        })[Symbol.asyncIterator]()
      : paginateBacklinks(deps.client, task.request, paging)[Symbol.asyncIterator]();
  };
  let pages = open(state.cursor);
  let tokenRetries = 0;
  const request = (): Promise<Fetched> =>
    pages.next().then(
      (ok) => ({ ok }),
      (error: unknown) => ({ error }),
    );
  /** The next page, requested early by {@link fetchAhead}, with its budget reservation. */
  let ahead: Ahead | null = null;

  let lastCursor: Cursor | null = state.cursor;
  let skip = state.skipRows;
  let emitted = state.rows;
  let ended = false;
  let capHit = false;
  let firstSeen = false;

  /**
   * Request the next page now, so the API works on it while the current page is encoded and
   * written. The part writer calls it only when that page belongs to the part being written, so a
   * crash still re-buys at most the part in progress; a stop writes it (a bought page is never
   * dropped); and it takes the same budget reservation, so maxCost still stops before a page.
   * Returns whether a request was started.
   */
  const fetchAhead = (): boolean => {
    if (ahead !== null || ended || lastCursor?.done || control.stopped) return false;
    if ((cap !== undefined && emitted >= cap) || (deps.onFirstPage && !firstSeen)) return false;
    const reserved = budget.reserve(task.target);
    if (reserved === null) return false; // nextSlice stops the chain with the budget message
    ahead = { reserved, fetched: request() };
    return true;
  };

  /** The next non-empty slice, or null at the end of the chain or when the run stops. */
  const nextSlice = async (): Promise<Slice | null> => {
    for (;;) {
      if (ended) return null;
      let reserved: number;
      let fetched: Fetched;
      if (ahead !== null) {
        // requested early: bought (or on its way), so it is taken even when the run is stopping
        reserved = ahead.reserved;
        fetched = await ahead.fetched;
        ahead = null;
      } else {
        if (lastCursor?.done) {
          ended = true; // the last page was short/empty: no request needed
          return null;
        }
        if (cap !== undefined && emitted >= cap) {
          ended = true;
          capHit = true;
          return null;
        }
        if (control.stopped) return null;
        const r = budget.reserve(task.target);
        if (r === null) {
          deps.log({
            level: "warn",
            event: "budget_stop",
            target: task.target,
            message: `${task.target}: next page (~$${budget.estimate(task.target).toFixed(5)}) would pass maxCost $${options.maxCost}; stopping`,
            data: { spent: budget.spent(), maxCost: options.maxCost },
          });
          control.stop("budget");
          return null;
        }
        reserved = r;
        fetched = await request();
      }
      if ("error" in fetched) {
        const err = fetched.error;
        budget.settle(task.target, reserved, undefined);
        if (!control.signal.aborted && isTokenRefused(err) && tokenRetries < MAX_TOKEN_RETRIES) {
          // [INF] token expiry is undocumented (api-notes §4): a token refused as an invalid field
          // is tried again from the same position (a fresh chain from the last page's cursor).
          tokenRetries++;
          deps.log({
            level: "warn",
            event: "token_refused",
            target: task.target,
            message: `${task.target}: the API refused the search_after_token; asking again (${tokenRetries}/${MAX_TOKEN_RETRIES})`,
          });
          pages = open(lastCursor);
          continue;
        }
        if (!control.signal.aborted) control.stop("api_error", err);
        return null;
      }
      const result = fetched.ok;
      tokenRetries = 0;
      if (result.done) {
        budget.settle(task.target, reserved, undefined);
        ended = true;
        return null;
      }
      const page = result.value;
      budget.settle(task.target, reserved, page.cost);
      if (deps.onFirstPage && !firstSeen) {
        firstSeen = true;
        const first = isRawPage(page) ? parsedPage(page) : page; // one page per target: parse it
        if (!(await deps.onFirstPage(first))) return null;
      }
      lastCursor = page.cursor;
      state.pagesBought++;
      state.cost += page.cost;
      state.totalCount = page.totalCount;
      let items: Rows = page.items;
      let from = 0;
      if (skip > 0) {
        // resume inside a page that was split across parts: its first rows are committed already
        from = Math.min(skip, items.length);
        items = items.slice(from);
        skip = 0;
      }
      if (cap !== undefined && emitted + items.length > cap) items = items.slice(0, cap - emitted); // trim: exact cap
      emitted += items.length;
      deps.onPage(state, page, emitted);
      if (items.length > 0) return { page, items, from };
    }
  };

  let carry: Slice | null = null;
  try {
    for (;;) {
      const first: Slice | null = carry ?? (await nextSlice());
      carry = null;
      if (first === null || control.signal.aborted) break;
      const part = await writePart(deps, first, nextSlice, fetchAhead, (rest) => {
        carry = rest;
      });
      await deps.onCommit(state, part);
    }
  } finally {
    await pages.return?.();
    const pending = ahead as Ahead | null; // assigned in closures: TS cannot see it

    if (pending !== null) {
      // a failure left a page in flight: closing the iterator aborted it; release its reservation
      ahead = null;
      await pending.fetched;
      budget.settle(task.target, pending.reserved, undefined);
    }
  }
  if (ended && !control.signal.aborted) {
    state.cursor = lastCursor;
    state.skipRows = 0;
    state.pages = lastCursor?.pages ?? state.pages;
    state.end = capHit ? "max_rows" : "end_of_data";
    await deps.onCommit(state, null);
  }
}

function isRawPage(page: Page | RawPage): page is RawPage {
  return !Array.isArray(page.items);
}
