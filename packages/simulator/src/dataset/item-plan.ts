/** A batch of rows' fragment spans, resolved and their arena bytes touched before the rows are written (overlapped cache misses). */
import type { FragmentTable } from "./fragments.js";
import type { RankDivisor } from "./item.js";
import type { Rendered } from "./item-fragments.js";
import { altId, textId, titleId, urlToDictId } from "./row-fields.js";
import type { TargetDataset } from "./target-dataset.js";
import { ITEM } from "./vocab.js";

/** Where a row's fragments sit in its plan: offset at `SLOT.x`, length at `SLOT.x + 1`. */
export const SLOT = Object.freeze({
  head: 0,
  mid: 2,
  tail: 4,
  urlTo: 6,
  tld: 8,
  title: 10,
  alt: 12,
  imageHead: 14,
  anchor: 16,
  textPre: 18,
  textPost: 20,
});
/** Int32 slots per row in a plan. */
export const ROW_SLOTS = 22;

/** Arena addresses (one per 64-byte line) of a batch's fragments, read in one tight loop. */
let lines: Int32Array = new Int32Array(64 * 11 * 8);

/**
 * Fill `plan` with the fragment spans of rows[from, to) (ROW_SLOTS ints per row), then read one
 * byte of every 64 of each fragment from the arena; returns the sum of those bytes.
 *
 * Why: rows in rank order have random domains, url_tos, anchors and snippets, so each of a row's
 * ~10 fragments is a cache (and TLB) miss in a ~40 MB arena. Inside the row writer those misses
 * come one at a time, each stalling a chain of writes; here they are independent loads in tight
 * loops that the CPU issues many at a time, and the writer then finds them in cache. (A writer
 * whose fragments were all in cache wrote a page in ~25 % less time: what misses still cost.)
 */
export function planRows(
  plan: Int32Array,
  r: Rendered,
  ds: TargetDataset,
  rows: Uint32Array,
  from: number,
  to: number,
  divisor: RankDivisor,
): number {
  const tables = [
    r.heads,
    r.domainMid[divisor === 1 ? 0 : 1],
    r.domainTail,
    r.urlTo,
    r.tlds,
    r.titles,
    r.alts,
    r.imageHeads,
    r.anchors,
    r.textPres,
    r.textPosts,
  ] as const;
  // A domain's four fragments from one read of its block (default scale), else from each table.
  const blocks = divisor === 1 ? r.domainBlocks : null;
  // 1. Fragment ids (hashes and columns only: no misses, so the branches do not hold up loads).
  let end = 0;
  for (let p = from; p < to; p++, end += ROW_SLOTS) {
    const row = rows[p] as number;
    const d = ds.domainId[row] as number;
    const image = ds.itemType[row] === ITEM.image;
    if (blocks !== null) {
      const start = blocks[4 * d] as number;
      const lengths = blocks[4 * d + 1] as number;
      const midLength = lengths & 0xffff;
      const tailLength = lengths >>> 16;
      const imageLength = blocks[4 * d + 2] as number;
      plan[end + SLOT.mid] = start;
      plan[end + SLOT.mid + 1] = midLength;
      plan[end + SLOT.tail] = start + midLength;
      plan[end + SLOT.tail + 1] = tailLength;
      plan[end + SLOT.imageHead] = start + midLength + tailLength;
      plan[end + SLOT.imageHead + 1] = image ? imageLength : 0;
      plan[end + SLOT.head] = start + midLength + tailLength + imageLength;
      plan[end + SLOT.head + 1] = blocks[4 * d + 3] as number;
    } else {
      plan[end + SLOT.head] = d;
      plan[end + SLOT.mid] = d;
      plan[end + SLOT.tail] = d;
      plan[end + SLOT.imageHead] = image ? d : -1;
    }
    plan[end + SLOT.urlTo] = urlToDictId(ds, row);
    plan[end + SLOT.tld] = ds.domains.tld[d] as number;
    plan[end + SLOT.title] = titleId(ds, row);
    plan[end + SLOT.alt] = altId(ds, row);
    plan[end + SLOT.anchor] = ds.anchorId[row] as number;
    plan[end + SLOT.textPre] = textId(ds, row, false);
    plan[end + SLOT.textPost] = textId(ds, row, true);
  }
  // 2. Their spans, one table at a time: independent loads in a tight loop.
  for (let slot = blocks === null ? 0 : SLOT.urlTo; slot < ROW_SLOTS; slot += 2) {
    if (slot === SLOT.imageHead && blocks !== null) continue;
    const table = tables[slot >>> 1] as FragmentTable;
    const spans = table.spans;
    for (let at = slot; at < end; at += ROW_SLOTS) {
      const id = plan[at] as number;
      if (id < 0) {
        plan[at + 1] = 0;
        continue;
      }
      let n = spans[2 * id + 1] as number;
      if (n === 0) n = table.ensure(id);
      plan[at] = spans[2 * id] as number;
      plan[at + 1] = n;
    }
  }
  // 3. Every 64-byte line of their bytes in the arena (rendering above may have grown it).
  let count = 0;
  for (let at = 0; at < end; at += 2) {
    const n = plan[at + 1] as number;
    if (n === 0) continue;
    const first = plan[at] as number;
    const last = first + n - 1;
    if (count + (last >>> 6) - (first >>> 6) + 1 > lines.length) lines = grow(lines);
    for (let line = first & ~63; line <= last; line += 64) lines[count++] = line;
  }
  const arena = r.heads.arena.writer.buf;
  let touched = 0;
  for (let i = 0; i < count; i++) touched += arena[lines[i] as number] as number;
  return touched;
}

function grow(old: Int32Array): Int32Array {
  const next = new Int32Array(old.length * 2);
  next.set(old);
  return next;
}
