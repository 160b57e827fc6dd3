/**
 * A growable byte buffer that JSON text is written into directly — pre-encoded fragments, ASCII
 * strings and integers — so a page is never a JS string: no rope of thousands of pieces to
 * flatten, and no UTF-8 encoding pass before the socket.
 */

/** Fragments up to this length are copied byte by byte (cheaper than a `set` call for short ones). */
const SHORT = 16;

/** UTF-8 bytes of `text`, for fragments written many times. */
export const utf8 = (text: string): Uint8Array => Buffer.from(text, "utf8");

/**
 * A constant fragment of the page writer (a key, a small value set's JSON): `offset * 1024 +
 * length` in one shared slab. Why not a Uint8Array each: most are 17–90 bytes, too long for a
 * byte loop and too short for a `set` call to pay off; from one slab they are copied through one
 * DataView, eight bytes a step ({@link ByteWriter.constant}).
 */
export type Constant = number;

let slab = new Uint8Array(1 << 14);
let slabView = new DataView(slab.buffer);
let slabUsed = 0;

/** `text` as a {@link Constant} (at most 1023 UTF-8 bytes; made once, at load or per small set). */
export function constant(text: string): Constant {
  const bytes = Buffer.from(text, "utf8");
  if (bytes.length > 1023) throw new RangeError(`constant fragment of ${bytes.length} bytes: at most 1023`);
  if (slabUsed + bytes.length > slab.length) {
    const grown = new Uint8Array(slab.length * 2);
    grown.set(slab);
    slab = grown;
    slabView = new DataView(grown.buffer);
  }
  slab.set(bytes, slabUsed);
  slabUsed += bytes.length;
  return (slabUsed - bytes.length) * 1024 + bytes.length;
}

/** Writes JSON text as UTF-8 bytes into one reused buffer; {@link ByteWriter.take} copies it out. */
export class ByteWriter {
  buf: Buffer;
  /** A view of `buf`, for 4-byte copies. */
  view: DataView;
  pos = 0;

  /** Writes into a new buffer of `initial` bytes, or into `initial` itself (growing out of it if needed). */
  constructor(initial: number | Buffer = 1 << 20) {
    this.buf = typeof initial === "number" ? Buffer.allocUnsafe(initial) : initial;
    this.view = viewOf(this.buf);
  }

  /** Make room for `n` more bytes. */
  reserve(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const next = Buffer.allocUnsafe(size);
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
    this.view = viewOf(next);
  }

  /** Append pre-encoded bytes. */
  bytes(src: Uint8Array): void {
    const n = src.length;
    this.reserve(n);
    const buf = this.buf;
    let pos = this.pos;
    if (n <= SHORT) for (let i = 0; i < n; i++) buf[pos++] = src[i] as number;
    else {
      buf.set(src, pos);
      pos += n;
    }
    this.pos = pos;
  }

  /** Append a {@link Constant}. */
  constant(c: Constant): void {
    this.slice(slab, slabView, c >>> 10, c & 1023);
  }

  /**
   * Append `n` bytes of `src` (viewed by `srcView`) from `start`: eight, then four bytes per step
   * through DataViews (unaligned access is fine). Measured with the source in cache (the page
   * writer touches a batch's fragments first): ~2.5× a byte loop, and faster than a `set` of a
   * `subarray` up to ~500 bytes, which also allocates a view per copy (GC).
   */
  slice(src: Uint8Array, srcView: DataView, start: number, n: number): void {
    this.reserve(n);
    const view = this.view;
    let pos = this.pos;
    let at = start;
    let left = n;
    // Eight bytes as one float64 (one load and one store once optimised). Bit-exact: a float64
    // is only altered (a NaN made canonical) if it is a NaN, and no eight bytes of valid UTF-8
    // read little-endian are one — that needs byte 7 = 0x7F or 0xFF and byte 6 ≥ 0xF0, while in
    // UTF-8 a byte ≥ 0xF0 is a 4-byte lead, always followed by a continuation byte (0x80–0xBF).
    // Every fragment and constant is UTF-8 that Buffer.from or ascii() wrote.
    while (left >= 8) {
      view.setFloat64(pos, srcView.getFloat64(at, true), true);
      pos += 8;
      at += 8;
      left -= 8;
    }
    if (left >= 4) {
      view.setUint32(pos, srcView.getUint32(at));
      pos += 4;
      at += 4;
      left -= 4;
    }
    const buf = this.buf;
    while (left > 0) {
      buf[pos++] = src[at++] as number;
      left--;
    }
    this.pos = pos;
  }

  /** Append a string whose characters are all ASCII (the caller guarantees it). */
  ascii(text: string): void {
    const n = text.length;
    this.reserve(n);
    const buf = this.buf;
    let pos = this.pos;
    for (let i = 0; i < n; i++) buf[pos++] = text.charCodeAt(i);
    this.pos = pos;
  }

  /** Append any string as UTF-8. */
  text(text: string): void {
    this.reserve(Buffer.byteLength(text, "utf8"));
    this.pos += this.buf.write(text, this.pos, "utf8");
  }

  /** Append one ASCII character code. */
  byte(code: number): void {
    this.reserve(1);
    this.buf[this.pos++] = code;
  }

  /** Append a number as JSON writes it (non-negative integers digit by digit, others via String). */
  number(n: number): void {
    if (!(n >= 0 && n <= 0x7fffffff && (n | 0) === n)) {
      this.ascii(Number.isFinite(n) ? String(n) : "null");
      return;
    }
    this.reserve(10);
    this.#digits(n, n < 10 ? 1 : n < 100 ? 2 : n < 1000 ? 3 : n < 10_000 ? 4 : digitCount(n));
  }

  /** Append `n` (0 ≤ n < 2^31) in base 36, as `n.toString(36)` writes it. */
  base36(n: number): void {
    let width = 1;
    for (let rest = Math.floor(n / 36); rest > 0; rest = Math.floor(rest / 36)) width++;
    this.reserve(width);
    const buf = this.buf;
    let at = this.pos + width;
    this.pos = at;
    do {
      const digit = n % 36;
      buf[--at] = digit < 10 ? 48 + digit : 87 + digit;
      n = Math.floor(n / 36);
    } while (n > 0);
  }

  /** Append `n` zero-padded to two digits. */
  pad2(n: number): void {
    this.reserve(2);
    const buf = this.buf;
    buf[this.pos++] = 48 + Math.floor(n / 10);
    buf[this.pos++] = 48 + (n % 10);
  }

  /** A copy of what was written (the buffer is reused), and reset. */
  take(): Buffer {
    const out = Buffer.allocUnsafe(this.pos);
    this.buf.copy(out, 0, 0, this.pos);
    this.pos = 0;
    return out;
  }

  /** What was written, as a view of the buffer (no copy): the writer must not be used after this. */
  written(): Buffer {
    return this.buf.subarray(0, this.pos);
  }

  #digits(n: number, width: number): void {
    const buf = this.buf;
    let at = this.pos + width;
    this.pos = at;
    do {
      const q = (n / 10) | 0;
      buf[--at] = 48 + n - q * 10;
      n = q;
    } while (n > 0);
  }
}

/** A DataView over exactly the bytes of `bytes`. */
export function viewOf(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function digitCount(n: number): number {
  let width = 1;
  while (n >= 10) {
    n = (n / 10) | 0;
    width++;
  }
  return width;
}
