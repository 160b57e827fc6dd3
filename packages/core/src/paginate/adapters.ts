/**
 * Pages at the edges: a Node object-mode `Readable` (for `stream/promises.pipeline`) and a WHATWG
 * `ReadableStream`. Both pull one page per read request, so the chain's own `prefetch` stays the
 * only read-ahead, and both close the chain (cancelling a prefetch) when destroyed or cancelled.
 */
import { Readable } from "node:stream";
import { ReadableStream } from "node:stream/web";
import type { Page } from "./paginate.js";

/** An object-mode `Readable` of pages. `highWaterMark` 1: one page buffered in the stream. */
export function pagesToReadable(pages: AsyncIterable<Page>): Readable {
  return Readable.from(pages, { objectMode: true, highWaterMark: 1 });
}

/** A WHATWG `ReadableStream` of pages that pulls only when its reader reads. */
export function pagesToWebStream(pages: AsyncIterable<Page>): ReadableStream<Page> {
  const iterator = pages[Symbol.asyncIterator]();
  return new ReadableStream<Page>(
    {
      async pull(controller) {
        const r = await iterator.next();
        if (r.done) controller.close();
        else controller.enqueue(r.value);
      },
      async cancel() {
        await iterator.return?.();
      },
    },
    { highWaterMark: 0 },
  );
}
