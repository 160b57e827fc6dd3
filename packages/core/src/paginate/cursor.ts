/**
 * The resumable position of one `search_after_token` chain. A cursor is plain JSON and
 * self-contained: it names the request it belongs to by hash, so any number of chains (shards of
 * one target, many targets) can be stored side by side in a `CursorSet` under keys the caller
 * chooses, and each is checked against its own request on resume.
 */
import { InvalidCursorError } from "../errors/cursor.js";

/** Position after the last consumed page of a chain. */
export interface Cursor {
  readonly version: 1;
  /** `requestHash(request)` of the chain's request. */
  readonly requestHash: string;
  /** Token to send for the next page; `null` before page 1. */
  readonly token: string | null;
  /** Pages consumed so far. */
  readonly pages: number;
  /** Rows consumed so far. */
  readonly rows: number;
  /** The chain ended (short/empty page or no token): resuming yields nothing. */
  readonly done: boolean;
}

/**
 * Many chains' cursors stored together, e.g. in an exporter's state file:
 * `{ version: 1, chains: { "example.com#shard-0": Cursor, "example.org": Cursor } }`. Keys are the
 * caller's chain ids; the cursor's own `requestHash` guards each resume.
 */
export interface CursorSet {
  readonly version: 1;
  readonly chains: Readonly<Record<string, Cursor>>;
}

/** The cursor of a chain that has not started. */
export function initialCursor(requestHashValue: string): Cursor {
  return Object.freeze({
    version: 1,
    requestHash: requestHashValue,
    token: null,
    pages: 0,
    rows: 0,
    done: false,
  });
}

const isCount = (v: unknown): v is number => typeof v === "number" && Number.isSafeInteger(v) && v >= 0;

/**
 * Check that a value (e.g. from `JSON.parse` of a state file) is a consistent version-1 cursor and
 * return a frozen copy. Throws `InvalidCursorError` naming the bad member.
 */
export function parseCursor(value: unknown): Cursor {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new InvalidCursorError(`cursor: expected an object, got ${value === null ? "null" : typeof value}`);
  }
  const c = value as Record<string, unknown>;
  if (c.version !== 1)
    throw new InvalidCursorError(`cursor.version: expected 1, got ${JSON.stringify(c.version)}`);
  if (typeof c.requestHash !== "string" || !/^[0-9a-f]{64}$/.test(c.requestHash)) {
    throw new InvalidCursorError("cursor.requestHash: expected 64 hex characters");
  }
  if (c.token !== null && (typeof c.token !== "string" || c.token === "")) {
    throw new InvalidCursorError("cursor.token: expected a non-empty string or null");
  }
  if (!isCount(c.pages))
    throw new InvalidCursorError(`cursor.pages: expected a count, got ${JSON.stringify(c.pages)}`);
  if (!isCount(c.rows))
    throw new InvalidCursorError(`cursor.rows: expected a count, got ${JSON.stringify(c.rows)}`);
  if (typeof c.done !== "boolean") throw new InvalidCursorError("cursor.done: expected a boolean");
  if (!c.done && (c.pages === 0) !== (c.token === null)) {
    throw new InvalidCursorError(
      `cursor: an unfinished chain has a token exactly when pages > 0 (pages ${c.pages}, token ${c.token === null ? "null" : "set"})`,
    );
  }
  return Object.freeze({
    version: 1,
    requestHash: c.requestHash,
    token: c.token as string | null,
    pages: c.pages,
    rows: c.rows,
    done: c.done,
  });
}
