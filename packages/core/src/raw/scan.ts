/**
 * One-pass byte scanner of a `backlinks/live` body: checks the whole body is JSON (RFC 8259, the
 * grammar `JSON.parse` accepts) and finds where each element of `tasks[0].result[0].items` starts
 * and ends, without building any value. Raw mode (raw/parse.ts) uses it to hand items on as bytes.
 */

import {
  BACKSLASH,
  CLOSE_ARRAY,
  CLOSE_OBJECT,
  COLON,
  COMMA,
  OPEN_ARRAY,
  OPEN_OBJECT,
  QUOTE,
  sameBytes,
  skipNumber,
  skipString,
  skipValue,
  skipWs,
  WS,
} from "./json-skip.js";

/** Where the items array of a body is, and where each of its elements is. */
export interface ItemsLocation {
  /** Offset of the items array's `[`. */
  readonly open: number;
  /** Offset of the items array's `]`. */
  readonly close: number;
  /** Offset of the first byte of each element. */
  readonly starts: number[];
  /** Offset one past the last byte of each element. */
  readonly ends: number[];
  /**
   * Indexes (ascending) of the elements the item check did not pass, or null when no check ran;
   * every other element passed it, its end being what the check returned.
   */
  readonly failed: number[] | null;
}

/**
 * A check the scanner runs on each element of the items array before its own walk (a consumer's
 * stricter test, run while the bytes are hot so the consumer need not walk them again): `start` is
 * the element's first byte, `limit` the body's length; it returns the offset one past the element
 * when the element passes, else -1. It must pass only bytes that are one complete JSON value (the
 * scanner then skips its own walk of them); a check returning -1 costs nothing but its time.
 */
export type RawItemCheck = (bytes: Uint8Array, view: DataView, start: number, limit: number) => number;

/** Result of {@link scanLiveBody}. */
export interface BodyScan {
  /**
   * The items array `JSON.parse` would see at `tasks[0].result[0].items` (the last occurrence of a
   * repeated key wins, as in `JSON.parse`), or null when that path does not hold an array.
   */
  readonly items: ItemsLocation | null;
}

/**
 * Scan `b`. Returns null when `b` is not one JSON value (with optional whitespace around), i.e.
 * exactly when `JSON.parse(b.toString("utf8"))` would throw: the UTF-8 decoder never merges an ASCII
 * byte into a replacement character, so the structure seen on bytes is the structure of the text.
 */
export function scanLiveBody(bytes: Uint8Array, check?: RawItemCheck): BodyScan | null {
  // a plain Uint8Array view: element loads stay monomorphic whether a Buffer or not was passed
  const b = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const s = new Scanner(b, check);
  try {
    let p = s.ws(0);
    p = b[p] === OPEN_OBJECT ? s.members(p, topMember) : s.value(p);
    if (p < 0 || s.ws(p) !== b.length) return null;
    return { items: s.capture };
  } catch (error) {
    if (error === INVALID) return null;
    throw error;
  }
}

/** Thrown inside the envelope-level walk to unwind on the first syntax error. */
const INVALID = Symbol("invalid JSON");

type MemberHandler = (s: Scanner, keyStart: number, keyEnd: number, valueAt: number) => number;
type ElementHandler = (s: Scanner, index: number, valueAt: number) => number;

// Envelope levels: top object → "tasks" → [0] → "result" → [0] → "items". A repeated key resets
// the capture, so the last occurrence decides, as in JSON.parse.
const topMember: MemberHandler = (s, ks, ke, at) => {
  if (!s.keyIs(ks, ke, "tasks")) return s.value(at);
  s.capture = null;
  return s.b[at] === OPEN_ARRAY ? s.elements(at, firstObject(taskMember)) : s.value(at);
};
const taskMember: MemberHandler = (s, ks, ke, at) => {
  if (!s.keyIs(ks, ke, "result")) return s.value(at);
  s.capture = null;
  return s.b[at] === OPEN_ARRAY ? s.elements(at, firstObject(resultMember)) : s.value(at);
};
const resultMember: MemberHandler = (s, ks, ke, at) => {
  if (!s.keyIs(ks, ke, "items")) return s.value(at);
  s.capture = null;
  if (s.b[at] !== OPEN_ARRAY) return s.value(at);
  const starts: number[] = [];
  const ends: number[] = [];
  const check = s.check;
  const failed: number[] | null = check === undefined ? null : [];
  const close = s.elements(at, (sc, i, p) => {
    starts.push(p);
    let end = check === undefined ? -1 : check(sc.b, sc.view, p, sc.n);
    if (end < 0) {
      failed?.push(i);
      end = sc.item(p);
    }
    ends.push(end);
    return end;
  });
  if (close >= 0) s.capture = { open: at, close: close - 1, starts, ends, failed };
  return close;
};

function firstObject(member: MemberHandler): ElementHandler {
  return (s, i, at) => (i === 0 && s.b[at] === OPEN_OBJECT ? s.members(at, member) : s.value(at));
}

class Scanner {
  readonly b: Uint8Array;
  readonly n: number;
  readonly check: RawItemCheck | undefined;
  /** `b` as a DataView (for 32-bit compares). */
  readonly view: DataView;
  capture: ItemsLocation | null = null;
  readonly #stack: number[] = [];
  /** Offset and length (quotes included) of the previous item's member names, by member index. */
  readonly #keyAt: number[] = [];
  readonly #keyLength: number[] = [];

  constructor(b: Uint8Array, check: RawItemCheck | undefined) {
    this.b = b;
    this.n = b.length;
    this.check = check;
    this.view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  }

  ws(p: number): number {
    return skipWs(this.b, p, this.n);
  }

  /** `b[p]` is `{`: walk its members with `member` deciding how each value is read. End or throws. */
  members(p: number, member: MemberHandler): number {
    const b = this.b;
    p = this.ws(p + 1);
    if (b[p] === CLOSE_OBJECT) return p + 1;
    for (;;) {
      if (b[p] !== QUOTE) throw INVALID;
      const ks = p + 1;
      p = this.string(p);
      if (p < 0) throw INVALID;
      const ke = p - 1;
      p = this.ws(p);
      if (b[p] !== COLON) throw INVALID;
      p = member(this, ks, ke, this.ws(p + 1));
      if (p < 0) throw INVALID;
      p = this.ws(p);
      if (b[p] === CLOSE_OBJECT) return p + 1;
      if (b[p] !== COMMA) throw INVALID;
      p = this.ws(p + 1);
    }
  }

  /** `b[p]` is `[`: walk its elements with `element`. Returns the offset after `]`, or throws. */
  elements(p: number, element: ElementHandler): number {
    const b = this.b;
    p = this.ws(p + 1);
    if (b[p] === CLOSE_ARRAY) return p + 1;
    for (let i = 0; ; i++) {
      p = element(this, i, p);
      if (p < 0) throw INVALID;
      p = this.ws(p);
      if (b[p] === CLOSE_ARRAY) return p + 1;
      if (b[p] !== COMMA) throw INVALID;
      p = this.ws(p + 1);
    }
  }

  /** Whether the key text between `ks` and `ke` (quotes excluded) is `name` once unescaped. */
  keyIs(ks: number, ke: number, name: string): boolean {
    const b = this.b;
    let escaped = false;
    for (let i = ks; i < ke; i++) if (b[i] === BACKSLASH) escaped = true;
    if (escaped) {
      const text = Buffer.from(b.buffer, b.byteOffset + ks - 1, ke - ks + 2).toString("utf8");
      return JSON.parse(text) === name;
    }
    if (ke - ks !== name.length) return false;
    for (let i = 0; i < name.length; i++) if (b[ks + i] !== name.charCodeAt(i)) return false;
    return true;
  }

  /**
   * One element of the items array: as {@link value}, but an object's member names are first
   * compared with the previous item's name at the same index (items repeat their keys, which are
   * over half of a page's bytes): the same bytes are the same valid string token, compared a
   * 32-bit word at a time instead of checked byte by byte.
   */
  item(p: number): number {
    const b = this.b;
    const n = this.n;
    if (b[p] !== OPEN_OBJECT) return this.value(p);
    const keyAt = this.#keyAt;
    const keyLength = this.#keyLength;
    const view = this.view;
    p = skipWs(b, p + 1, n);
    if (b[p] === CLOSE_OBJECT) return p + 1;
    for (let i = 0; ; i++) {
      if (b[p] !== QUOTE) return -1;
      const length = keyLength[i] ?? 0;
      if (length > 0 && p + length <= n && sameBytes(view, b, keyAt[i]!, p, length)) p += length;
      else {
        const end = skipString(b, p, n);
        if (end < 0) return -1;
        keyAt[i] = p;
        keyLength[i] = end - p;
        p = end;
      }
      if (WS[b[p]!] === 1) p = skipWs(b, p, n);
      if (b[p] !== COLON) return -1;
      p = skipWs(b, p + 1, n);
      // strings and numbers directly: most member values are one of those
      const c = b[p];
      if (c === QUOTE) p = skipString(b, p, n);
      else if (c !== undefined && c >= 0x30 && c <= 0x39) p = skipNumber(b, p);
      else p = skipValue(b, p, n, this.#stack);
      if (p < 0) return -1;
      if (WS[b[p]!] === 1) p = skipWs(b, p, n);
      if (b[p] === CLOSE_OBJECT) return p + 1;
      if (b[p] !== COMMA) return -1;
      p = skipWs(b, p + 1, n);
    }
  }

  /** Any JSON value starting at `p` (no leading whitespace): the offset after it, or -1. */
  value(p: number): number {
    return skipValue(this.b, p, this.n, this.#stack);
  }

  /** `b[p]` is `"`: the offset after the closing quote, or -1. */
  string(p: number): number {
    return skipString(this.b, p, this.n);
  }
}
