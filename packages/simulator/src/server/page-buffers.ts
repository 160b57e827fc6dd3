/** Reused page buffers: the engine writes each page's JSON into one, the server hands it back once sent. */
import type { PageBufferSource } from "./engine-port.js";

/** Free buffers kept: a walk needs two (one on the wire, one computed ahead); a few more for parallel walks. */
const MAX_FREE = 4;
/** Capacity of a new buffer: a 1000-item page is ~1.4 MB. */
const MIN_CAPACITY = 2 * 1024 * 1024;

/**
 * Why: a fresh 1.4 MB buffer per page is fresh memory from the OS each time (page faults and
 * zeroing in the kernel) plus external-memory pressure that triggers garbage collections —
 * measured at about a quarter of the server's CPU per page. Reusing a few buffers removes both.
 *
 * Safety: only buffers this pool handed out are taken back, each at most once, and the server
 * releases a page only after its response emitted `finish` (the bytes are with the OS). A page
 * that is never released (a fault, gzip, a dropped prefetch) is simply left to the GC.
 */
export class PageBufferPool implements PageBufferSource {
  readonly #free: Buffer[] = [];
  /** Handed out and not yet back (by backing store; a page is a view of one). */
  readonly #out = new WeakSet<ArrayBufferLike>();
  #capacity = MIN_CAPACITY;

  /** A buffer to write one page into (its old contents are garbage). */
  acquire(): Buffer {
    let buf = this.#free.pop();
    if (buf === undefined) buf = Buffer.allocUnsafeSlow(this.#capacity);
    this.#out.add(buf.buffer);
    return buf;
  }

  /** `page` (a view of an acquired buffer) is no longer read by anyone: reuse its buffer. */
  release(page: Buffer): void {
    const store = page.buffer;
    if (!this.#out.delete(store)) return; // not ours, or released already
    // A page that outgrew its buffer was written into a larger one; new buffers grow with it.
    if (page.length > this.#capacity / 1.25) this.#capacity = Math.ceil(page.length * 1.25);
    if (store.byteLength < this.#capacity || this.#free.length >= MAX_FREE) return;
    this.#free.push(Buffer.from(store, 0, store.byteLength));
  }

  /** Drop the free buffers. */
  clear(): void {
    this.#free.length = 0;
  }
}
