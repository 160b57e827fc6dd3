/**
 * Every per-row field that is not a stored column, recomputed from (target base, row index).
 * The item builder and the query engine both read fields through these functions, so a filter,
 * a sort key and the returned item can never disagree.
 */
import { DATASET_NOW } from "./dates.js";
import { cumulate, pick, pow2, pow3, pow4, unit, weighted } from "./hash.js";
import { FLAG, type TargetDataset } from "./target-dataset.js";
import { ATTRIBUTES, ITEM, PATH_SECTIONS, SEMANTIC_CUMULATIVE, SEMANTIC_LOCATIONS, WORDS } from "./vocab.js";

const DAY = 86_400;
const STATUS_CUMULATIVE = cumulate([93, 4, 2, 1]);
/** page_from_status_code values. */
export const PAGE_STATUS_CODES = Object.freeze([200, 301, 404, 500]);
const TO_STATUS_CUMULATIVE = cumulate([3, 88, 5, 3, 1]);
const TO_STATUS_CODES: readonly (number | null)[] = Object.freeze([null, 200, 301, 404, 500]);
/** semantic_location dictionary, id 0 = null. */
export const SEMANTIC_DICT: readonly (string | null)[] = Object.freeze([null, ...SEMANTIC_LOCATIONS]);

const isContent = (type: number): boolean =>
  type === ITEM.anchor || type === ITEM.image || type === ITEM.link;

/** url_from's path section: an index into PATH_SECTIONS. */
export function urlFromSection(ds: TargetDataset, row: number): number {
  return pick(ds.base, row, 30, PATH_SECTIONS.length);
}

/** url_from's slug words (`which` 0 or 1): an index into WORDS. */
export function urlFromWord(ds: TargetDataset, row: number, which: 0 | 1): number {
  return pick(ds.base, row, 31 + which, WORDS.length);
}

/** image_url's word: an index into WORDS. */
export function imageWord(ds: TargetDataset, row: number): number {
  return pick(ds.base, row, 45, WORDS.length);
}

/** `https://` or `http://` of the referring page (per referring domain). */
export function urlFrom(ds: TargetDataset, row: number): string {
  const d = ds.domainId[row] as number;
  const section = PATH_SECTIONS[urlFromSection(ds, row)];
  const slug = `${WORDS[urlFromWord(ds, row, 0)]}-${WORDS[urlFromWord(ds, row, 1)]}`;
  // The row index in base 36 makes (url_from, url_to) unique within the target.
  return `${ds.domains.https[d] ? "https" : "http"}://${ds.domains.names[d]}/${section}/${slug}-${row.toString(36)}`;
}

/** url_to dictionary id: urlToId * 2 + (1 when the link uses http://). */
export function urlToDictId(ds: TargetDataset, row: number): number {
  return (ds.urlToId[row] as number) * 2 + ((ds.flags[row] as number) & FLAG.httpTo ? 1 : 0);
}

/** url_to of a url_to dictionary id. */
export function urlToOfDictId(ds: TargetDataset, id: number): string {
  const url = ds.urlTo[id >>> 1] as string;
  return id & 1 ? `http://${url.slice(8)}` : url;
}

/** domain_to: the target host the link points to. */
export function domainTo(ds: TargetDataset, row: number): string {
  return ds.hosts[Math.floor((ds.urlToId[row] as number) / ds.pathCount)] as string;
}

/** domain_from_ip (the name itself for IP domains). */
export function domainFromIp(ds: TargetDataset, domain: number): string {
  return ds.domains.ips[domain] as string;
}

/** is_new: first seen in the last 30 days and still live. */
export function isNew(ds: TargetDataset, row: number): boolean {
  return !((ds.flags[row] as number) & FLAG.lost) && (ds.firstSeen[row] as number) >= DATASET_NOW - 30 * DAY;
}

/** backlink_spam_score 0–100, mostly low. */
export function spamScore(ds: TargetDataset, row: number): number {
  return Math.floor(101 * pow3(unit(ds.base, row, 33)));
}

/** page_from_external_links. */
export function externalLinks(ds: TargetDataset, row: number): number {
  return 1 + Math.floor(400 * pow4(unit(ds.base, row, 34)));
}

/** page_from_internal_links. */
export function internalLinks(ds: TargetDataset, row: number): number {
  return Math.floor(300 * pow2(unit(ds.base, row, 35)));
}

/** page_from_size in bytes. */
export function pageSize(ds: TargetDataset, row: number): number {
  return 1500 + Math.floor(600_000 * pow3(unit(ds.base, row, 36)));
}

/** page_from_title dictionary id (0 = null, 2 %). */
export function titleId(ds: TargetDataset, row: number): number {
  return unit(ds.base, row, 37) < 0.02 ? 0 : 1 + pick(ds.base, row, 38, ds.titles.length - 1);
}

/** page_from_status_code. */
export function pageStatus(ds: TargetDataset, row: number): number {
  return PAGE_STATUS_CODES[weighted(unit(ds.base, row, 39), STATUS_CUMULATIVE)] as number;
}

/** prev_seen in Unix seconds, or NaN for null (6 %, or when first = last). */
export function prevSeen(ds: TargetDataset, row: number): number {
  const first = ds.firstSeen[row] as number;
  const last = ds.lastSeen[row] as number;
  if (last <= first || unit(ds.base, row, 40) < 0.06) return Number.NaN;
  return first + Math.floor((last - first) * unit(ds.base, row, 41));
}

const attributeCache: (readonly string[] | null | undefined)[] = new Array(64);

/** attributes, or null when the link has none (one frozen array per attribute mask, shared). */
export function attributes(ds: TargetDataset, row: number): readonly string[] | null {
  const mask = ds.attrs[row] as number;
  let cached = attributeCache[mask];
  if (cached === undefined) {
    const out: string[] = [];
    for (let b = 0; b < ATTRIBUTES.length; b++) if (mask & (1 << b)) out.push(ATTRIBUTES[b] as string);
    cached = mask === 0 ? null : Object.freeze(out);
    attributeCache[mask] = cached;
  }
  return cached;
}

/** original: present at the first crawl of the page. */
export function original(ds: TargetDataset, row: number): boolean {
  return unit(ds.base, row, 42) < 0.3;
}

/** alt dictionary id into `snippets` (images only; 0 = null). */
export function altId(ds: TargetDataset, row: number): number {
  return ds.itemType[row] === ITEM.image && unit(ds.base, row, 43) < 0.8
    ? 1 + pick(ds.base, row, 44, ds.snippets.length - 1)
    : 0;
}

/** image_url (images only). */
export function imageUrl(ds: TargetDataset, row: number): string | null {
  if (ds.itemType[row] !== ITEM.image) return null;
  const d = ds.domainId[row] as number;
  return `https://${ds.domains.names[d]}/images/${WORDS[imageWord(ds, row)]}-${row.toString(36)}.jpg`;
}

/** text_pre / text_post dictionary id into `snippets` (anchors only; 0 = null). */
export function textId(ds: TargetDataset, row: number, post: boolean): number {
  const type = ds.itemType[row] as number;
  if (type !== ITEM.anchor && type !== ITEM.link) return 0;
  const salt = post ? 48 : 46;
  return unit(ds.base, row, salt) < 0.35 ? 0 : 1 + pick(ds.base, row, salt + 1, ds.snippets.length - 1);
}

/** semantic_location dictionary id into SEMANTIC_DICT (content items only; 0 = null). */
export function semanticId(ds: TargetDataset, row: number): number {
  if (!isContent(ds.itemType[row] as number) || unit(ds.base, row, 50) < 0.05) return 0;
  return 1 + weighted(unit(ds.base, row, 51), SEMANTIC_CUMULATIVE);
}

/** links_count: identical links on the referring page. */
export function linksCount(ds: TargetDataset, row: number): number {
  return unit(ds.base, row, 52) < 0.85 ? 1 : 2 + pick(ds.base, row, 53, 9);
}

/** url_to_status_code, or NaN when the target page was not crawled yet. */
export function urlToStatus(ds: TargetDataset, row: number): number {
  return TO_STATUS_CODES[weighted(unit(ds.base, row, 54), TO_STATUS_CUMULATIVE)] ?? Number.NaN;
}

/** url_to_spam_score, or NaN with url_to_status_code null. */
export function urlToSpam(ds: TargetDataset, row: number): number {
  if (Number.isNaN(urlToStatus(ds, row))) return Number.NaN;
  return Math.floor(40 * pow4(unit(ds.base, row, 55)));
}

/** url_to_redirect_target (for 301 targets only). */
export function redirectTarget(ds: TargetDataset, row: number): string | null {
  if (urlToStatus(ds, row) !== 301) return null;
  const url = urlToOfDictId(ds, urlToDictId(ds, row));
  return url.endsWith("/") ? `${url}index.html` : `${url}/`;
}

/** ranked_keywords_info.page_from_keywords_count_top_100. */
export function keywordsTop100(ds: TargetDataset, row: number): number {
  return Math.floor(400 * pow4(unit(ds.base, row, 56)));
}

/** ranked_keywords_info.page_from_keywords_count_top_10, given its top_100. */
export function keywordsTop10(ds: TargetDataset, row: number, top100: number): number {
  return Math.floor(top100 * 0.5 * unit(ds.base, row, 57));
}

/** ranked_keywords_info.page_from_keywords_count_top_3, given its top_10. */
export function keywordsTop3(ds: TargetDataset, row: number, top10: number): number {
  return Math.floor(top10 * 0.6 * unit(ds.base, row, 58));
}

/** ranked_keywords_info of the referring page (top-3 ≤ top-10 ≤ top-100). */
export function rankedKeywords(ds: TargetDataset, row: number): Record<string, number> {
  const top100 = keywordsTop100(ds, row);
  const top10 = keywordsTop10(ds, row, top100);
  const top3 = keywordsTop3(ds, row, top10);
  return {
    page_from_keywords_count_top_3: top3,
    page_from_keywords_count_top_10: top10,
    page_from_keywords_count_top_100: top100,
  };
}

/** indirect_link_path: the redirect or canonical hop between the referring page and url_to. */
export function indirectPath(ds: TargetDataset, row: number): Record<string, unknown>[] | null {
  if (!((ds.flags[row] as number) & FLAG.indirect)) return null;
  const redirect = unit(ds.base, row, 59) < 0.7;
  const via = `https://old.${ds.target}/${WORDS[pick(ds.base, row, 60, WORDS.length)]}-${row.toString(36)}`;
  return [{ type: redirect ? "redirect" : "canonical", status_code: redirect ? 301 : 200, url: via }];
}
