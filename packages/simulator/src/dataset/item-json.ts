/** An item's JSON written straight from the dataset's columns and pre-rendered fragments: byte for byte what JSON.stringify(buildItem()) writes. */
import { buildItem, type RankDivisor, scaleRank } from "./item.js";
import { type Rendered, renderedOf } from "./item-fragments.js";
import {
  attributesOf,
  ITEM_TYPE_ATTRS,
  K,
  NEW_LOST,
  ORIGINAL_ALT,
  PAGE_STATUS,
  SEMANTIC_LINKS,
  TO_STATUS,
  URL_FROM_HTTPS,
} from "./item-json-keys.js";
import { ByteWriter, utf8 } from "./json-bytes.js";
import { apiTime } from "./json-dates.js";
import {
  altId,
  externalLinks,
  imageWord,
  indirectPath,
  internalLinks,
  isNew,
  linksCount,
  original,
  pageSize,
  pageStatus,
  prevSeen,
  rankedKeywords,
  redirectTarget,
  semanticId,
  spamScore,
  textId,
  titleId,
  urlFromSection,
  urlFromWord,
  urlToDictId,
  urlToSpam,
  urlToStatus,
} from "./row-fields.js";
import { FLAG, type TargetDataset } from "./target-dataset.js";
import { ITEM, PATH_SECTIONS, WORDS } from "./vocab.js";

const WORD_DASH = WORDS.map((w) => utf8(`${w}-`));
const SECTION_SLASH = PATH_SECTIONS.map((s) => utf8(`${s}/`));

/**
 * Append `JSON.stringify(buildItem(ds, row, groupCount, divisor))` to `w`, computed without the
 * object. The test suite holds the two equal for every field, rank scale and mode.
 */
export function writeItemJson(
  w: ByteWriter,
  ds: TargetDataset,
  row: number,
  groupCount: number,
  divisor: RankDivisor,
): void {
  writeRow(w, renderedOf(ds), ds, row, groupCount, divisor);
}

/** Rows whose columns a page loads ahead at a time (their cache lines: ~40 KB, well inside L2). */
const BATCH = 64;

/**
 * Append the items at positions [start, end) of `rows` (with `groupCounts` by position, or 0),
 * comma-separated: what {@link writeItemJson} writes for each, in order.
 *
 * Why batches: rows in rank order are scattered over the dataset, so each row's ten column
 * reads are cache misses, and inside one row's long chain of writes the CPU cannot reach the
 * next row's loads. A tight loop that only reads a batch's columns issues all those misses at
 * once (memory-level parallelism); the writes then find them in cache. Measured on the default
 * 1M walk: about a fifth less CPU per page.
 */
export function writeItemsJson(
  w: ByteWriter,
  ds: TargetDataset,
  rows: Uint32Array,
  groupCounts: Uint32Array | null,
  start: number,
  end: number,
  divisor: RankDivisor,
): void {
  const r = renderedOf(ds);
  for (let from = start; from < end; from += BATCH) {
    const to = Math.min(end, from + BATCH);
    let touched = 0;
    for (let p = from; p < to; p++) touched += touchRow(ds, rows[p] as number);
    // Never true (columns hold no negative values); keeps the loop from being optimised away.
    if (touched < 0) throw new Error("unreachable");
    for (let p = from; p < to; p++) {
      if (p > start) w.byte(44); // ,
      writeRow(w, r, ds, rows[p] as number, groupCounts === null ? 0 : (groupCounts[p] as number), divisor);
    }
  }
}

/** Read every column of `row` that writing it reads (see writeItemsJson). */
function touchRow(ds: TargetDataset, row: number): number {
  return (
    (ds.domainId[row] as number) +
    (ds.flags[row] as number) +
    (ds.itemType[row] as number) +
    (ds.rank[row] as number) +
    (ds.pageRank[row] as number) +
    (ds.firstSeen[row] as number) +
    (ds.lastSeen[row] as number) +
    (ds.attrs[row] as number) +
    (ds.anchorId[row] as number) +
    (ds.urlToId[row] as number)
  );
}

function writeRow(
  w: ByteWriter,
  r: Rendered,
  ds: TargetDataset,
  row: number,
  groupCount: number,
  divisor: RankDivisor,
): void {
  if (!r.plain) {
    w.bytes(utf8(JSON.stringify(buildItem(ds, row, groupCount, divisor))));
    return;
  }
  const d = ds.domainId[row] as number;
  const flags = ds.flags[row] as number;
  const type = ds.itemType[row] as number;
  const https = ds.domains.https[d] as number;
  // url_from: head() holds everything up to `<scheme>://<name>/`; the rest as urlFrom() builds it.
  r.heads.write(w, d);
  w.bytes(SECTION_SLASH[urlFromSection(ds, row)] as Uint8Array);
  w.bytes(WORD_DASH[urlFromWord(ds, row, 0)] as Uint8Array);
  w.bytes(WORD_DASH[urlFromWord(ds, row, 1)] as Uint8Array);
  w.base36(row);
  w.bytes(URL_FROM_HTTPS[https] as Uint8Array);
  r.urlTo.write(w, urlToDictId(ds, row));
  r.tlds.write(w, ds.domains.tld[d] as number);
  w.bytes(NEW_LOST[(isNew(ds, row) ? 2 : 0) + (flags & FLAG.lost ? 1 : 0)] as Uint8Array);
  w.number(spamScore(ds, row));
  w.bytes(K.rank);
  w.number(scaleRank(ds.rank[row] as number, divisor));
  w.bytes(K.pageFromRank);
  w.number(scaleRank(ds.pageRank[row] as number, divisor));
  r.domainMid[divisor === 1 ? 0 : 1].write(w, d);
  w.number(externalLinks(ds, row));
  w.bytes(K.internalLinks);
  w.number(internalLinks(ds, row));
  w.bytes(K.pageSize);
  w.number(pageSize(ds, row));
  r.domainTail.write(w, d);
  r.titles.write(w, titleId(ds, row));
  w.bytes(PAGE_STATUS[pageStatus(ds, row)] as Uint8Array);
  apiTime(w, ds.firstSeen[row] as number);
  w.bytes(K.prevSeenAfterDate);
  const prev = prevSeen(ds, row);
  if (Number.isNaN(prev)) {
    w.bytes(K.null);
    w.bytes(K.lastSeenAfterNull);
  } else {
    apiTime(w, prev);
    w.bytes(K.lastSeenAfterDate);
  }
  apiTime(w, ds.lastSeen[row] as number);
  w.bytes(K.itemTypeAfterDate);
  w.bytes(ITEM_TYPE_ATTRS[type] as Uint8Array);
  w.bytes(attributesOf(ds, row));
  w.bytes(ORIGINAL_ALT[original(ds, row) ? 1 : 0] as Uint8Array);
  r.alts.write(w, altId(ds, row));
  if (type === ITEM.image) {
    // imageUrl(): `https://<name>/images/<word>-<row base 36>.jpg`
    r.imageHeads.write(w, d);
    w.bytes(WORD_DASH[imageWord(ds, row)] as Uint8Array);
    w.base36(row);
    w.bytes(K.imageTail);
  } else w.bytes(K.noImage);
  r.anchors.write(w, ds.anchorId[row] as number);
  r.textPres.write(w, textId(ds, row, false));
  r.textPosts.write(w, textId(ds, row, true));
  w.bytes(SEMANTIC_LINKS[semanticId(ds, row)] as Uint8Array);
  w.number(linksCount(ds, row));
  w.bytes(K.groupCount);
  w.number(groupCount);
  const toStatus = urlToStatus(ds, row);
  w.bytes(TO_STATUS[Number.isNaN(toStatus) ? 0 : toStatus] as Uint8Array);
  const toSpam = urlToSpam(ds, row);
  if (Number.isNaN(toSpam)) w.bytes(K.null);
  else w.number(toSpam);
  if (toStatus === 301) {
    w.bytes(K.redirect);
    w.text(JSON.stringify(redirectTarget(ds, row)));
    w.bytes(K.top3);
  } else w.bytes(K.noRedirect);
  const kw = rankedKeywords(ds, row);
  w.number(kw.page_from_keywords_count_top_3 as number);
  w.bytes(K.top10);
  w.number(kw.page_from_keywords_count_top_10 as number);
  w.bytes(K.top100);
  w.number(kw.page_from_keywords_count_top_100 as number);
  if (flags & FLAG.indirect) {
    w.bytes(K.indirect);
    w.text(JSON.stringify(indirectPath(ds, row)));
    w.byte(125); // }
  } else w.bytes(K.direct);
}

const scratch = new ByteWriter(64 * 1024);

/** {@link writeItemJson} as a string (tests, and callers that need one item's text). */
export function itemJson(ds: TargetDataset, row: number, groupCount: number, divisor: RankDivisor): string {
  writeItemJson(scratch, ds, row, groupCount, divisor);
  return scratch.take().toString("utf8");
}
