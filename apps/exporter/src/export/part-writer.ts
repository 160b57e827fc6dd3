/**
 * One part file of a chain: its slices of pages through `pipeline(Readable.from(slices), format
 * stage, meter, sink)`, committed, then recorded in the chain's state. Asks the chain for the next
 * page of the same part before it encodes the current one, so the API and the encoder overlap.
 */
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { BacklinkItem, Page, RawItems, RawPage } from "@backlinks/core";
import { ExportError, InternalError } from "../errors.js";
import { partPath } from "../layout.js";
import type { PartRecord } from "../state/state.js";
import type { ChainDeps } from "./chain.js";
import { Meter } from "./meter.js";
import { closeAtPageBoundary, rowsToTake } from "./parts.js";

/** A page's rows: parsed, or (raw mode, NDJSON) the API's JSON bytes; both slice like arrays. */
export type Rows = readonly BacklinkItem[] | RawItems;

/** Rows of one page not yet written: `items` are the page's rows from index `from` on. */
export interface Slice {
  readonly page: Page | RawPage;
  readonly items: Rows;
  readonly from: number;
}

/**
 * Write, commit and record one part starting with `first`; `nextSlice` gives the following slices,
 * `fetchAhead` requests the next page early, `setCarry` keeps the rest of a page split by the part.
 */
export async function writePart(
  deps: ChainDeps,
  first: Slice,
  nextSlice: () => Promise<Slice | null>,
  fetchAhead: () => boolean,
  setCarry: (rest: Slice) => void,
): Promise<PartRecord> {
  const { state, options, sink, control } = deps;
  const rel = deps.partPath
    ? deps.partPath(state.parts.length)
    : partPath(state.target, state.parts.length, options.output.extension);
  const partRows = options.partRows;
  let rows = 0;
  const firstPage = first.page.pageNumber;
  let lastPage = firstPage;
  let cursorAfter = state.cursor;
  let skipAfter = state.skipRows;

  async function* source(): AsyncGenerator<Rows> {
    let slice: Slice | null = first;
    while (slice) {
      const take = rowsToTake(slice.items.length, rows, partRows);
      let items = slice.items;
      let split = false;
      if (take < items.length) {
        split = true; // only when partRows < limit: the rest of the page opens the next part
        setCarry({ page: slice.page, items: items.slice(take), from: slice.from + take });
        items = items.slice(0, take);
      }
      rows += items.length;
      lastPage = slice.page.pageNumber;
      if (split) skipAfter = slice.from + take;
      else {
        cursorAfter = slice.page.cursor;
        skipAfter = 0;
      }
      const last = split || closeAtPageBoundary(rows, partRows, options.limit);
      // The next page belongs to this part: request it before this batch is encoded, and let the
      // request leave (one event-loop turn) before the encoder takes the thread.
      if (!last && fetchAhead()) await new Promise((resolve) => setImmediate(resolve));
      yield items;
      if (last) return;
      slice = await nextSlice();
    }
  }

  const upload = sink.openPart(rel, options.output.contentType);
  const meter = new Meter();
  try {
    await pipeline(
      Readable.from(source(), { objectMode: true, highWaterMark: 1 }),
      options.output.createStage(),
      meter,
      upload.writable,
      { signal: control.signal },
    );
    await upload.commit();
  } catch (err) {
    await upload.abort();
    if (control.signal.aborted && control.hardError !== undefined) throw control.hardError;
    if (err instanceof ExportError) throw err;
    const code = (err as { code?: unknown })?.code;
    throw new InternalError(
      `writing ${rel} failed: ${typeof code === "string" ? `${code}: ` : ""}${(err as Error)?.message ?? String(err)}`,
      { cause: err },
    );
  }
  const record: PartRecord = {
    path: rel,
    rows,
    bytes: meter.bytes,
    sha256: meter.sha256(),
    firstPage,
    lastPage,
  };
  state.parts.push(record);
  state.rows += rows;
  state.cursor = cursorAfter;
  state.skipRows = skipAfter;
  state.pages = cursorAfter?.pages ?? 0;
  deps.log({
    level: "info",
    event: "part_committed",
    target: state.target,
    message: `${rel}: ${rows} rows, ${record.bytes} bytes`,
    data: { ...record },
  });
  return record;
}
