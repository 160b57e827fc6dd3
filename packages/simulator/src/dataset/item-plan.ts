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

/** Record fragment `id` of `table` (rendering it if needed) at `plan[at]`, `plan[at + 1]`. */
function put(plan: Int32Array, at: number, table: FragmentTable, id: number): void {
  const spans = table.spans;
  let n = spans[2 * id + 1] as number;
  if (n === 0) n = table.ensure(id);
  plan[at] = spans[2 * id] as number;
  plan[at + 1] = n;
}

/**
 * Fill `plan` with the fragment spans of rows[from, to) (ROW_SLOTS ints per row), then read one
 * byte of every 64 of each fragment from the arena; returns the sum of those bytes.
 *
 * Why: rows in rank order have random domains, url_tos, anchors and snippets, so each of a row's
 * ~10 fragments is a cache (and TLB) miss in a ~60 MB arena. Inside the row writer those misses
 * come one at a time, each stalling a chain of writes; here they are independent loads in tight
 * loops that the CPU issues many at a time, and the writer then finds them in cache.
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
  const mid = r.domainMid[divisor === 1 ? 0 : 1];
  let at = 0;
  for (let p = from; p < to; p++, at += ROW_SLOTS) {
    const row = rows[p] as number;
    const d = ds.domainId[row] as number;
    put(plan, at + SLOT.head, r.heads, d);
    put(plan, at + SLOT.mid, mid, d);
    put(plan, at + SLOT.tail, r.domainTail, d);
    put(plan, at + SLOT.urlTo, r.urlTo, urlToDictId(ds, row));
    put(plan, at + SLOT.tld, r.tlds, ds.domains.tld[d] as number);
    put(plan, at + SLOT.title, r.titles, titleId(ds, row));
    put(plan, at + SLOT.alt, r.alts, altId(ds, row));
    if (ds.itemType[row] === ITEM.image) put(plan, at + SLOT.imageHead, r.imageHeads, d);
    else plan[at + SLOT.imageHead + 1] = 0;
    put(plan, at + SLOT.anchor, r.anchors, ds.anchorId[row] as number);
    put(plan, at + SLOT.textPre, r.textPres, textId(ds, row, false));
    put(plan, at + SLOT.textPost, r.textPosts, textId(ds, row, true));
  }
  const arena = r.heads.arena.writer.buf;
  let touched = 0;
  for (let i = 0; i < at; i += 2) {
    const start = plan[i] as number;
    const end = start + (plan[i + 1] as number);
    for (let o = start; o < end; o += 64) touched += arena[o] as number;
    if (end > start) touched += arena[end - 1] as number;
  }
  return touched;
}
