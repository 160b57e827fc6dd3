/**
 * Encodes strings to UTF-8 into shared slabs and returns views on them. hyparquet-writer otherwise
 * calls TextEncoder.encode per value, allocating one ArrayBuffer per string: with ~25 text cells a
 * row that was a third of Parquet encoding time, mostly in the garbage collector. Views on a slab
 * cost one small object each. Slabs live until the row group that references them is written.
 */
export class Utf8Arena {
  static readonly SLAB_BYTES = 1 << 20;
  #slab: Buffer = Buffer.allocUnsafe(0);
  #used = 0;

  /** The UTF-8 bytes of `text`, as a view into the current slab. */
  encode(text: string): Uint8Array {
    // A UTF-16 code unit never takes more than 3 UTF-8 bytes.
    const worst = text.length * 3;
    if (this.#used + worst > this.#slab.length) {
      this.#slab = Buffer.allocUnsafeSlow(Math.max(Utf8Arena.SLAB_BYTES, worst));
      this.#used = 0;
    }
    const start = this.#used;
    const written = this.#slab.write(text, start, "utf8");
    this.#used = start + written;
    return new Uint8Array(this.#slab.buffer, this.#slab.byteOffset + start, written);
  }

  /** Forgets the current slab so the next row group starts a fresh one (the old is kept alive only by its views). */
  reset(): void {
    this.#slab = Buffer.allocUnsafe(0);
    this.#used = 0;
  }
}
