/**
 * The backlink item of a row written straight to JSON bytes: the same value, key for key and in
 * the same order, as `JSON.stringify(buildItem(…))` (item.ts), without building the 47-field object
 * or any per-row string.
 *
 * Why it is fast: nearly every string of an item comes from a finite pool (domains, hosts, url_to,
 * anchors, titles, snippets, dictionaries, attribute masks), so each pool entry is rendered with
 * `JSON.stringify` once — lazily, on first use — and kept as UTF-8 bytes; the rest are integers,
 * booleans, dates and URLs assembled from pool text that needs no escaping. Nothing is escaped at
 * run time, and the constant `"key":` fragments are pre-encoded. Values that are rare (redirect
 * targets, indirect paths) go through `JSON.stringify` as they are.
 *
 * URLs built per row (url_from, image_url) splice in a domain name and vocabulary words raw, which
 * is only right when none of those needs escaping: a dataset where any does (not produced by the
 * generator, but a configured target name is outside its control) falls back to
 * `JSON.stringify(buildItem(…))` for every row.
 */
import { formatApiTime } from "./dates.js";
import { COUNTRY_DICT, ENCODING_DICT, LANGUAGE_DICT, platformTypes } from "./domains.js";
import { FragmentArena, FragmentTable } from "./fragments.js";
import { buildItem, type RankDivisor, scaleRank } from "./item.js";
import { ByteWriter, utf8, viewOf } from "./json-bytes.js";
import {
  altId,
  attributes,
  externalLinks,
  imageWord,
  indirectPath,
  internalLinks,
  isNew,
  linksCount,
  original,
  PAGE_STATUS_CODES,
  pageSize,
  pageStatus,
  prevSeen,
  rankedKeywords,
  redirectTarget,
  SEMANTIC_DICT,
  semanticId,
  spamScore,
  textId,
  titleId,
  urlFromSection,
  urlFromWord,
  urlToDictId,
  urlToOfDictId,
  urlToSpam,
  urlToStatus,
} from "./row-fields.js";
import { FLAG, type TargetDataset } from "./target-dataset.js";
import { ITEM, ITEM_TYPES, PATH_SECTIONS, WORDS } from "./vocab.js";

/** Text that JSON.stringify writes as is between quotes (printable ASCII without `"` and `\`). */
const PLAIN = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;
const isPlain = (text: string): boolean => PLAIN.test(text);

/** Whether every vocabulary word spliced raw into per-row URLs needs no escaping (checked once). */
const VOCAB_PLAIN = WORDS.every(isPlain) && PATH_SECTIONS.every(isPlain);
const WORD_DASH = WORDS.map((w) => utf8(`${w}-`));
const SECTION_SLASH = PATH_SECTIONS.map((s) => utf8(`${s}/`));

/**
 * Per-domain and per-pool fragments of one dataset, rendered on first use. Each fragment carries
 * the keys around its value, so an item is ~45 copies of pre-rendered bytes plus a dozen integers.
 */
interface Rendered {
  /** False: some spliced text needs escaping, so rows take the object path. */
  readonly plain: boolean;
  /** `{"type":"backlink","domain_from":"<name>","url_from":"http(s)://<name>/` by domain. */
  readonly heads: FragmentTable;
  /** `"https://<name>/images/` by domain (image_url). */
  readonly imageHeads: FragmentTable;
  /** By divisor (index 0: 1, 1: 10): `,"domain_from_rank":…,"page_from_external_links":` by domain. */
  readonly domainMid: readonly [FragmentTable, FragmentTable];
  /** `,"page_from_encoding":…,"page_from_language":…,"page_from_title":` by domain. */
  readonly domainTail: FragmentTable;
  /** `,"domain_to":…,"url_to":…,"url_to_https":…,"tld_from":` by url_to dictionary id. */
  readonly urlTo: FragmentTable;
  /** Pool values followed by the next key. */
  readonly tlds: FragmentTable;
  readonly anchors: FragmentTable;
  readonly titles: FragmentTable;
  readonly alts: FragmentTable;
  readonly textPres: FragmentTable;
  readonly textPosts: FragmentTable;
}

const renderedByDataset = new WeakMap<TargetDataset, Rendered>();

function renderedOf(ds: TargetDataset): Rendered {
  let r = renderedByDataset.get(ds);
  if (r === undefined) {
    r = render(ds);
    renderedByDataset.set(ds, r);
  }
  return r;
}

function render(ds: TargetDataset): Rendered {
  const dom = ds.domains;
  let plain = VOCAB_PLAIN;
  for (let d = 0; plain && d < dom.count; d++) plain = isPlain(dom.names[d] as string);
  const arena = new FragmentArena();
  const table = (size: number, text: (id: number) => string): FragmentTable =>
    new FragmentTable(arena, size, text);
  const pool = (values: readonly unknown[], nextKey: string): FragmentTable =>
    table(values.length, (id) => `${JSON.stringify(values[id] ?? null)}${nextKey}`);
  const mid = (divisor: RankDivisor) =>
    table(dom.count, (d) => {
      const platform = JSON.stringify(platformTypes(dom.platform[d] as number));
      return (
        `,"domain_from_rank":${scaleRank(dom.rank[d] as number, divisor)}` +
        `,"domain_from_platform_type":${platform}` +
        `,"domain_from_is_ip":${dom.isIp[d] === 1}` +
        `,"domain_from_ip":${JSON.stringify(dom.ips[d])}` +
        `,"domain_from_country":${JSON.stringify(COUNTRY_DICT[dom.country[d] as number])}` +
        `,"page_from_external_links":`
      );
    });
  const domainMid = [mid(1), mid(10)] as const;
  const domainTail = table(
    dom.count,
    (d) =>
      `,"page_from_encoding":${JSON.stringify(ENCODING_DICT[dom.encoding[d] as number])}` +
      `,"page_from_language":${JSON.stringify(LANGUAGE_DICT[dom.language[d] as number])}` +
      `,"page_from_title":`,
  );
  return {
    plain,
    heads: table(dom.count, (d) => {
      // A domain's other fragments (on the default rank scale) go next to its head in the arena,
      // so a row reads them from neighbouring cache lines.
      domainMid[0].ensure(d);
      domainTail.ensure(d);
      const name = dom.names[d] as string;
      return `{"type":"backlink","domain_from":"${name}","url_from":"${dom.https[d] ? "https" : "http"}://${name}/`;
    }),
    imageHeads: table(dom.count, (d) => `"https://${dom.names[d]}/images/`),
    domainMid,
    domainTail,
    urlTo: table(
      ds.urlTo.length * 2,
      (id) =>
        `,"domain_to":${JSON.stringify(ds.hosts[Math.floor((id >>> 1) / ds.pathCount)])}` +
        `,"url_to":${JSON.stringify(urlToOfDictId(ds, id))}` +
        `,"url_to_https":${(id & 1) === 0},"tld_from":`,
    ),
    tlds: pool(dom.tldDict, `,"is_new":`),
    anchors: pool(ds.anchors, `,"text_pre":`),
    titles: pool(ds.titles, `,"page_from_status_code":`),
    alts: pool(ds.snippets, `,"image_url":`),
    textPres: pool(ds.snippets, `,"text_post":`),
    textPosts: pool(ds.snippets, `,"semantic_location":`),
  };
}

/** `","url_from_https":<bool>` by https bit. */
const URL_FROM_HTTPS = [false, true].map((b) => utf8(`","url_from_https":${b}`));
/** `<is_new>,"is_lost":<is_lost>,"backlink_spam_score":` by isNew * 2 + isLost. */
const NEW_LOST = [0, 1, 2, 3].map((i) => utf8(`${i >= 2},"is_lost":${(i & 1) === 1},"backlink_spam_score":`));
/** `<code>,"first_seen":` by page_from_status_code. */
const PAGE_STATUS: Uint8Array[] = [];
for (const code of PAGE_STATUS_CODES) PAGE_STATUS[code] = utf8(`${code},"first_seen":`);
/** `"<item_type>","attributes":` by item type id. */
const ITEM_TYPE_ATTRS = ITEM_TYPES.map((t) => utf8(`${JSON.stringify(t)},"attributes":`));
/** `<attributes>,"dofollow":<bool>,"original":` by attribute mask (rendered on first use). */
const attributesDofollow: (Uint8Array | undefined)[] = new Array(64);
/** `<bool>,"alt":` by `original`. */
const ORIGINAL_ALT = [false, true].map((b) => utf8(`${b},"alt":`));
/** `<semantic_location>,"links_count":` by id. */
const SEMANTIC_LINKS = SEMANTIC_DICT.map((v) => utf8(`${JSON.stringify(v)},"links_count":`));
/** `,"is_broken":…,"url_to_status_code":…,"url_to_spam_score":` by status code; index 0 = null. */
const TO_STATUS: Uint8Array[] = [];
for (const code of [0, 200, 301, 404, 500]) {
  TO_STATUS[code] = utf8(
    `,"is_broken":${code >= 400},"url_to_status_code":${code === 0 ? "null" : code},"url_to_spam_score":`,
  );
}
/** `"YYYY-MM-DD ` by day number (rendered on first use). */
const CACHED_DAYS = 40_000; // 1970 … 2079, like dates.ts
const DAY_PREFIXES = new Uint8Array(CACHED_DAYS * 12);
const DAY_PREFIXES_VIEW = viewOf(DAY_PREFIXES);
const dayCached = new Uint8Array(CACHED_DAYS);
/** `HH:mm:ss` of every second of a day, 8 bytes each. */
const TIMES_OF_DAY = new Uint8Array(86_400 * 8);
const TIMES_OF_DAY_VIEW = viewOf(TIMES_OF_DAY);
for (let second = 0; second < 86_400; second++) {
  const text = formatApiTime(second).slice(11, 19);
  for (let i = 0; i < 8; i++) TIMES_OF_DAY[second * 8 + i] = text.charCodeAt(i);
}

const K = {
  rank: utf8(`,"rank":`),
  pageFromRank: utf8(`,"page_from_rank":`),
  internalLinks: utf8(`,"page_from_internal_links":`),
  pageSize: utf8(`,"page_from_size":`),
  prevSeenAfterDate: utf8(` +00:00","prev_seen":`),
  lastSeenAfterNull: utf8(`,"last_seen":`),
  lastSeenAfterDate: utf8(` +00:00","last_seen":`),
  itemTypeAfterDate: utf8(` +00:00","item_type":`),
  imageTail: utf8(`.jpg","anchor":`),
  noImage: utf8(`null,"anchor":`),
  groupCount: utf8(`,"group_count":`),
  noRedirect: utf8(
    `,"url_to_redirect_target":null,"ranked_keywords_info":{"page_from_keywords_count_top_3":`,
  ),
  redirect: utf8(`,"url_to_redirect_target":`),
  top3: utf8(`,"ranked_keywords_info":{"page_from_keywords_count_top_3":`),
  top10: utf8(`,"page_from_keywords_count_top_10":`),
  top100: utf8(`,"page_from_keywords_count_top_100":`),
  direct: utf8(`},"is_indirect_link":false,"indirect_link_path":null}`),
  indirect: utf8(`},"is_indirect_link":true,"indirect_link_path":`),
  null: utf8("null"),
};

function attributesOf(ds: TargetDataset, row: number): Uint8Array {
  const mask = ds.attrs[row] as number;
  let bytes = attributesDofollow[mask];
  if (bytes === undefined) {
    bytes = utf8(`${JSON.stringify(attributes(ds, row))},"dofollow":${(mask & 0b111) === 0},"original":`);
    attributesDofollow[mask] = bytes;
  }
  return bytes;
}

/** A date as formatApiTime writes it, opening quote included, up to the seconds. */
function apiTime(w: ByteWriter, seconds: number): void {
  const day = Math.floor(seconds / 86_400);
  if (day >= 0 && day < CACHED_DAYS) {
    if (dayCached[day] === 0) {
      const text = `"${formatApiTime(day * 86_400).slice(0, 11)}`;
      for (let i = 0; i < 12; i++) DAY_PREFIXES[day * 12 + i] = text.charCodeAt(i);
      dayCached[day] = 1;
    }
    w.slice(DAY_PREFIXES, DAY_PREFIXES_VIEW, day * 12, 12);
  } else w.text(`"${formatApiTime(day * 86_400).slice(0, 11)}`);
  w.slice(TIMES_OF_DAY, TIMES_OF_DAY_VIEW, (seconds - day * 86_400) * 8, 8);
}

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
  const r = renderedOf(ds);
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
