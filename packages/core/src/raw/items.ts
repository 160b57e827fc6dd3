/**
 * `RawItems`: the items of one page as the bytes the API sent (raw mode), never parsed unless asked.
 * Array-like where an exporter needs it (`length`, `slice`), and readable item by item as bytes,
 * text or a parsed `BacklinkItem`.
 */
import { BACKLINK_ITEM_FIELDS, type BacklinkItem } from "../model/item.js";
import type { RawItemCheck } from "./scan.js";

/** The item check the scanner ran on a body's items, and the items that did not pass it. */
export interface RawItemsCheck {
  readonly by: RawItemCheck;
  /** Indexes (into the unsliced items, ascending) of the items that did not pass. */
  readonly failed: readonly number[];
}

/**
 * A batch of backlink items held as JSON text: item `i` is the complete JSON object
 * `bytes[start(i) … end(i))` (UTF-8), exactly as it appeared in the response body. Slices share the
 * body's bytes (no copy), so a page's body lives as long as any slice of it.
 */
export class RawItems {
  /** The bytes every item points into (the whole response body). */
  readonly bytes: Uint8Array;
  readonly #starts: readonly number[];
  readonly #ends: readonly number[];
  readonly #from: number;
  readonly #verdict: RawItemsCheck | undefined;
  /** Number of items. */
  readonly length: number;
  /**
   * The item check run on every item when the body was scanned (`live(task, { raw: true,
   * itemCheck })`), or undefined when none ran. See {@link passed}.
   */
  readonly checkedBy: RawItemCheck | undefined;

  /**
   * @param bytes the body
   * @param starts offset of the first byte of each item
   * @param ends offset one past the last byte of each item
   * @param check the item check the scanner ran, and which items failed it
   */
  constructor(
    bytes: Uint8Array,
    starts: readonly number[],
    ends: readonly number[],
    from = 0,
    length?: number,
    check?: RawItemsCheck,
  ) {
    this.bytes = bytes;
    this.#starts = starts;
    this.#ends = ends;
    this.#from = from;
    this.#verdict = check;
    this.checkedBy = check?.by;
    this.length = length ?? starts.length - from;
  }

  /** A batch of no items. */
  static empty(): RawItems {
    return new RawItems(new Uint8Array(0), [], []);
  }

  /**
   * A raw batch holding `items` serialised with `JSON.stringify` (for a body the scanner could not
   * walk but `JSON.parse` accepted: the values are the same, the bytes canonical).
   */
  static fromValues(items: readonly unknown[]): RawItems {
    const starts: number[] = [];
    const ends: number[] = [];
    const texts: string[] = [];
    let at = 0;
    for (const item of items) {
      const text = JSON.stringify(item);
      const size = Buffer.byteLength(text, "utf8");
      starts.push(at);
      ends.push(at + size);
      texts.push(text);
      at += size;
    }
    return new RawItems(Buffer.from(texts.join(""), "utf8"), starts, ends);
  }

  /** Offset in {@link bytes} of item `i`'s first byte (`{`). */
  start(i: number): number {
    return this.#starts[this.#from + i]!;
  }

  /** Offset in {@link bytes} one past item `i`'s last byte (`}`). */
  end(i: number): number {
    return this.#ends[this.#from + i]!;
  }

  /**
   * Whether item `i` passed {@link checkedBy} (false when no check ran): the check returned exactly
   * `end(i)` for it.
   */
  passed(i: number): boolean {
    const failed = this.#verdict?.failed;
    if (failed === undefined) return false;
    if (failed.length === 0) return true;
    // binary search: a page's failures are few, usually none
    const k = this.#from + i;
    let lo = 0;
    let hi = failed.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (failed[mid]! < k) lo = mid + 1;
      else hi = mid;
    }
    return failed[lo] !== k;
  }

  /** The bytes of item `i` (a view, not a copy). */
  item(i: number): Uint8Array {
    this.#check(i);
    return this.bytes.subarray(this.start(i), this.end(i));
  }

  /** The JSON text of item `i`. */
  text(i: number): string {
    this.#check(i);
    const b = this.bytes;
    return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString("utf8", this.start(i), this.end(i));
  }

  /**
   * Item `i` parsed, normalised as in object mode: documented fields it lacks are set to null,
   * unknown fields are kept.
   */
  parse(i: number): BacklinkItem {
    const item = JSON.parse(this.text(i)) as Record<string, unknown>;
    for (const field of BACKLINK_ITEM_FIELDS) {
      if (item[field] === undefined) item[field] = null;
    }
    return item as unknown as BacklinkItem;
  }

  /** Every item parsed (see {@link parse}): one page's worth, for callers that need objects. */
  toArray(): BacklinkItem[] {
    const out: BacklinkItem[] = new Array(this.length);
    for (let i = 0; i < this.length; i++) out[i] = this.parse(i);
    return out;
  }

  /** Items `from` (inclusive) to `to` (exclusive), with `Array.prototype.slice`'s rules for negatives. */
  slice(from = 0, to = this.length): RawItems {
    const a = clamp(from, this.length);
    const b = clamp(to, this.length);
    return new RawItems(
      this.bytes,
      this.#starts,
      this.#ends,
      this.#from + a,
      Math.max(0, b - a),
      this.#verdict,
    );
  }

  #check(i: number): void {
    if (!Number.isInteger(i) || i < 0 || i >= this.length) {
      throw new RangeError(`item index ${i} is outside 0..${this.length - 1}`);
    }
  }
}

function clamp(index: number, length: number): number {
  const i = Math.trunc(Number.isNaN(index) ? 0 : index);
  if (i < 0) return Math.max(0, length + i);
  return Math.min(i, length);
}
