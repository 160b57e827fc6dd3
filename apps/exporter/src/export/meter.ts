/** A pass-through stage that counts the bytes of a part and hashes them (sha256) for the manifest. */
import { createHash } from "node:crypto";
import { Transform, type TransformCallback } from "node:stream";

/** Counts and hashes every byte that passes. Read `bytes` and `sha256()` after the pipeline ends. */
export class Meter extends Transform {
  bytes = 0;
  readonly #hash = createHash("sha256");

  override _transform(chunk: Buffer, _enc: BufferEncoding, callback: TransformCallback): void {
    this.bytes += chunk.length;
    this.#hash.update(chunk);
    callback(null, chunk);
  }

  /** Hex digest; call once, after the last byte. */
  sha256(): string {
    return this.#hash.digest("hex");
  }
}
