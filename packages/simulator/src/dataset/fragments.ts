/**
 * Pre-rendered JSON fragments of one dataset, packed into one growable byte arena and found by
 * id through typed arrays. Why not one Buffer per fragment: a page reads ~20 fragments per row
 * from tables of tens of thousands of entries, and a Buffer per entry costs a pointer chase
 * through the array, the Buffer object and its backing store — cache misses that made copying
 * them slower than `JSON.stringify`. Here a fragment is two integer reads and a contiguous copy.
 * Fragments are rendered straight into the arena as bytes (no string per fragment): a first walk
 * of a 1M-row target renders ~400k of them.
 */
import { ByteWriter } from "./json-bytes.js";

/** The bytes of every fragment rendered so far, appended in rendering order. */
export class FragmentArena {
  /** The arena's bytes are `writer.buf[0, writer.pos)`; renderers append to it. */
  readonly writer = new ByteWriter(1 << 16);
}

/** Writes fragment `id` into `w` (the arena's writer). It must write at least one byte. */
export type RenderFragment = (w: ByteWriter, id: number) => void;

/** Fragments by id (0 … size-1), each rendered by `render` on first use (the page writer copies them by span: item-plan.ts). No fragment is empty. */
export class FragmentTable {
  readonly arena: FragmentArena;
  readonly size: number;
  /**
   * Offset and length of fragment `id` at `2 * id` and `2 * id + 1` (length 0: not rendered yet).
   * Side by side, so finding a fragment is one cache miss, not two.
   */
  readonly spans: Int32Array;
  readonly render: RenderFragment;
  /** Runs before fragment `id` is rendered, e.g. to render related fragments next to it first. */
  readonly before: ((id: number) => void) | undefined;

  constructor(arena: FragmentArena, size: number, render: RenderFragment, before?: (id: number) => void) {
    this.arena = arena;
    this.size = size;
    this.spans = new Int32Array(2 * size);
    this.render = render;
    this.before = before;
  }

  /** Render fragment `id` now if it is not yet; returns its length. */
  ensure(id: number): number {
    let n = this.spans[2 * id + 1] as number;
    if (n === 0) {
      this.before?.(id);
      const w = this.arena.writer;
      const start = w.pos;
      this.render(w, id);
      n = w.pos - start;
      this.spans[2 * id] = start;
      this.spans[2 * id + 1] = n;
    }
    return n;
  }
}
