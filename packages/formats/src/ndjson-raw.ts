/**
 * NDJSON from a raw batch (items still as JSON bytes) without parsing them: an item whose bytes are
 * provably what the object path would write — the 47 schema keys in order, each value of its
 * column's type, canonical tokens, valid UTF-8, timestamps accepted by `parseApiTimestamp` — is
 * copied as its line with `,"extra":null}` in place of its closing brace. Any other item is parsed
 * and goes the object path, so the output is byte-identical to encoding the parsed items.
 */
import { isUtf8 } from "node:buffer";
import { canonicalItemCheck, canonicalItemEnd } from "./canonical-item.js";
import { parseRawItem, type RawJsonBatch, rawBuffer } from "./raw-batch.js";
import { EXTRA_COLUMN } from "./schema.js";

/** Encodes one parsed item as its NDJSON line (the object path), `row` naming it in errors. */
export type LineEncoder = (item: unknown, row: number) => string;

/** What replaces the closing brace of a canonical item. */
const LINE_END = Buffer.from(`,${JSON.stringify(EXTRA_COLUMN)}:null}\n`, "latin1");

/**
 * Encodes a raw batch as NDJSON bytes, byte-identical to `line(JSON.parse(item), firstRow + r)` for
 * every item `r`: canonical items are copied, the others parsed and encoded by `line` (which also
 * raises the object path's errors, with the same row and column).
 */
export function encodeRawNdjson(batch: RawJsonBatch, firstRow: number, line: LineEncoder): Buffer {
  const n = batch.length;
  if (n === 0) return Buffer.alloc(0);
  const buf = rawBuffer(batch);
  // a plain Uint8Array view keeps the byte loads monomorphic
  const b = new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  let lo = Number.POSITIVE_INFINITY;
  let hi = 0;
  let size = 0;
  for (let r = 0; r < n; r++) {
    const s = batch.start(r);
    const e = batch.end(r);
    if (s < lo) lo = s;
    if (e > hi) hi = e;
    size += e - s;
  }
  // One native check for the whole page; a page with an invalid byte is checked item by item.
  const allUtf8 = isUtf8(b.subarray(lo, hi));
  // The producer ran this very check on each item while scanning (core's raw mode does): trust its
  // verdict for the items that passed instead of walking their bytes a second time.
  const prechecked = batch.checkedBy === canonicalItemCheck && typeof batch.passed === "function";
  let out: Buffer = Buffer.allocUnsafe(size + n * LINE_END.length);
  let o = 0;
  for (let r = 0; r < n; r++) {
    const s = batch.start(r);
    const e = batch.end(r);
    const close = prechecked && batch.passed!(r) ? e - 1 : canonicalItemEnd(b, view, s, e);
    if (close >= 0 && (allUtf8 || isUtf8(b.subarray(s, e)))) {
      const need = close - s + LINE_END.length;
      if (o + need > out.length) out = grow(out, o, need);
      o += buf.copy(out, o, s, close);
      o += LINE_END.copy(out, o);
    } else {
      const text = line(parseRawItem(batch, buf, r), firstRow + r);
      const need = Buffer.byteLength(text, "utf8");
      if (o + need > out.length) out = grow(out, o, need);
      o += out.write(text, o, "utf8");
    }
  }
  return out.subarray(0, o);
}

function grow(out: Buffer, used: number, need: number): Buffer {
  const next = Buffer.allocUnsafe(Math.max(out.length * 2, used + need));
  out.copy(next, 0, 0, used);
  return next;
}
