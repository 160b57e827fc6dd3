import { LIMITS } from "@backlinks/core";
import type { LivePageJson, PageBufferSource, SimulatorEngine } from "./engine-port.js";

/** A page computed ahead of its request: the serialised `result[0]` and what billing needs. */
export interface PrefetchedPage {
  readonly itemsCount: number;
  /** Its `search_after_token`, to prefetch the page after it in turn. */
  readonly token: string | null;
  /** `result[0]` as UTF-8 JSON, spliced into the envelope as is. */
  readonly json: Buffer;
}

/**
 * A task's page as JSON bytes: the engine's own writer when it has one (into a buffer from
 * `buffers` when given), else JSON.stringify.
 */
export function executeJson(
  engine: SimulatorEngine,
  task: unknown,
  buffers?: PageBufferSource,
): LivePageJson {
  if (engine.executeJson !== undefined) return engine.executeJson(task, buffers);
  const result = engine.execute(task);
  return {
    itemsCount: result.items_count,
    token: result.search_after_token,
    json: Buffer.from(JSON.stringify(result), "utf8"),
  };
}

/** Memory cap of pages computed ahead, in bytes. */
const DEFAULT_MAX_BYTES = 64 * 1024 * 1024;

/**
 * Computes the next page of a token walk while the client is busy with the current one.
 *
 * A walk is a serial chain: the client needs page N's token before it can ask for page N+1, so
 * without this the server idles while the client parses, and the client idles while the server
 * executes and serialises. After a full page is delivered, the page the same task with the new
 * token would get is executed and serialised once the event loop is free; the request for it then
 * only has to wrap it in an envelope. The dataset never changes, so a page computed early is the
 * page computed late. Faults, latency, limits and billing still apply at request time.
 */
export class PagePrefetcher {
  readonly #engine: SimulatorEngine;
  readonly #maxBytes: number;
  readonly #buffers: PageBufferSource | undefined;
  readonly #pages = new Map<string, PrefetchedPage>();
  readonly #pending = new Set<string>();
  #bytes = 0;
  #closed = false;

  /** `buffers`: where pages are written (the server's pool), so a sent page's buffer is reused. */
  constructor(engine: SimulatorEngine, maxBytes: number = DEFAULT_MAX_BYTES, buffers?: PageBufferSource) {
    this.#engine = engine;
    this.#maxBytes = maxBytes;
    this.#buffers = buffers;
  }

  /** The page computed ahead for exactly this task (any key order), consumed; else `undefined`. */
  take(task: unknown): PrefetchedPage | undefined {
    if ((this.#pages.size === 0 && this.#pending.size === 0) || !hasToken(task)) return undefined;
    const key = canonicalJson(task);
    // Asked for before its turn came: the request computes it; the background job is dropped.
    if (this.#pending.delete(key)) return undefined;
    const page = this.#pages.get(key);
    if (page !== undefined) {
      this.#pages.delete(key);
      this.#bytes -= page.json.length;
    }
    return page;
  }

  /**
   * `task` was answered with `itemsCount` items and `token`: if that was a full page, schedule the
   * next one. Call when the response has been handed to the OS, so this work never delays it.
   */
  ahead(task: unknown, itemsCount: number, token: string | null): void {
    if (this.#closed || token === null || token === "" || typeof task !== "object" || task === null) return;
    const t = task as Record<string, unknown>;
    const limit = typeof t.limit === "number" ? t.limit : LIMITS.defaultLimit;
    if (itemsCount < limit) return; // the walk ends here: nothing will ask for more
    const next = { ...t, search_after_token: token };
    const key = canonicalJson(next);
    if (this.#pages.has(key) || this.#pending.has(key)) return;
    this.#pending.add(key);
    setImmediate(() => {
      if (!this.#pending.delete(key) || this.#closed) return;
      let page: PrefetchedPage;
      try {
        page = executeJson(this.#engine, next, this.#buffers);
      } catch {
        return; // the request itself will meet (and report) the same error
      }
      this.#store(key, page);
    });
  }

  /** Drop everything; nothing is computed after this. */
  close(): void {
    this.#closed = true;
    this.#pending.clear();
    this.#pages.clear();
    this.#bytes = 0;
  }

  /** Pages held right now (for tests). */
  get size(): number {
    return this.#pages.size;
  }

  #store(key: string, page: PrefetchedPage): void {
    if (page.json.length > this.#maxBytes) return;
    // Oldest first: a walk that stopped leaves a page nobody takes.
    for (const [oldKey, old] of this.#pages) {
      if (this.#bytes + page.json.length <= this.#maxBytes) break;
      this.#pages.delete(oldKey);
      this.#bytes -= old.json.length;
    }
    this.#pages.set(key, page);
    this.#bytes += page.json.length;
  }
}

function hasToken(task: unknown): boolean {
  return (
    typeof task === "object" &&
    task !== null &&
    typeof (task as { search_after_token?: unknown }).search_after_token === "string"
  );
}

/** JSON with object keys sorted at every level: the same task in any key order, one key. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v !== "object" || v === null || Array.isArray(v)) return v;
    // Null prototype: a "__proto__" key stays a key.
    const sorted: Record<string, unknown> = Object.create(null);
    for (const k of Object.keys(v).sort()) sorted[k] = (v as Record<string, unknown>)[k];
    return sorted;
  });
}
