// Growable byte buffer (off the JS heap) that column builders and the chunk encoder write into.

type Utf8Write = (this: Buffer, text: string, offset: number) => number;

// Buffer#utf8Write is the method Buffer#write(text, offset, "utf8") ends in, without its argument
// normalization: measured ~1.5-2x faster per call, and UTF-8 encoding is the largest single cost of
// buffering a row (~15 strings). It is not in Node's docs, so fall back to write() if it is gone.
const bufferProto = Buffer.prototype as unknown as { utf8Write?: Utf8Write };
const utf8Write: Utf8Write =
  typeof bufferProto.utf8Write === "function"
    ? bufferProto.utf8Write
    : function (this: Buffer, text: string, offset: number): number {
        return this.write(text, offset, "utf8");
      };

/**
 * An append-only byte buffer backed by its own ArrayBuffer (never Node's shared Buffer pool), so
 * its `buffer` can be transferred to a worker. Values written here live outside the V8 heap: a row
 * group buffered as bytes costs the garbage collector nothing, where the same values as JS strings
 * survived several scavenges each (the largest single cost of Parquet encoding, measured).
 */
export class ByteSink {
  bytes: Buffer;
  length = 0;

  constructor(initialBytes = 1 << 12) {
    this.bytes = Buffer.allocUnsafeSlow(initialBytes);
  }

  /** Makes room for `more` bytes after `length`. */
  ensure(more: number): void {
    const need = this.length + more;
    if (need <= this.bytes.length) return;
    const grown = Buffer.allocUnsafeSlow(Math.max(need, this.bytes.length * 2));
    this.bytes.copy(grown, 0, 0, this.length);
    this.bytes = grown;
  }

  u8(value: number): void {
    this.ensure(1);
    this.bytes[this.length++] = value;
  }

  u32(value: number): void {
    this.ensure(4);
    this.bytes.writeUInt32LE(value >>> 0, this.length);
    this.length += 4;
  }

  /** A safe integer as INT64 little-endian (two's complement). */
  i64(value: number): void {
    this.ensure(8);
    const high = Math.floor(value / 4294967296);
    this.bytes.writeUInt32LE(value - high * 4294967296, this.length);
    this.bytes.writeInt32LE(high, this.length + 4);
    this.length += 8;
  }

  /** Unsigned LEB128 of a non-negative 32-bit integer. */
  varint(value: number): void {
    let v = value >>> 0;
    while (v > 0x7f) {
      this.u8((v & 0x7f) | 0x80);
      v >>>= 7;
    }
    this.u8(v);
  }

  append(bytes: Uint8Array): void {
    this.ensure(bytes.length);
    this.bytes.set(bytes, this.length);
    this.length += bytes.length;
  }

  /**
   * A PLAIN BYTE_ARRAY value: 4-byte length, then the UTF-8 of `text` (a lone surrogate becomes
   * U+FFFD, as TextEncoder does). Returns the bytes written.
   */
  lengthPrefixedUtf8(text: string): number {
    // A UTF-16 code unit never takes more than 3 UTF-8 bytes.
    this.ensure(4 + text.length * 3);
    const start = this.length;
    const written = utf8Write.call(this.bytes, text, start + 4);
    this.bytes.writeUInt32LE(written, start);
    this.length = start + 4 + written;
    return 4 + written;
  }

  /** The bytes written so far (a view, not a copy). */
  view(): Uint8Array {
    return this.bytes.subarray(0, this.length);
  }
}
