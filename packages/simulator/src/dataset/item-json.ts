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
import { buildItem, type RankDivisor, scaleRank } from "./item.js";
import { ByteWriter, utf8 } from "./json-bytes.js";
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

/** JSON of each entry of a pool as UTF-8 bytes, rendered on first use. */
class RenderedPool {
  readonly #values: readonly unknown[];
  readonly #json: (Uint8Array | undefined)[];

  constructor(values: readonly unknown[]) {
    this.#values = values;
    this.#json = new Array(values.length);
  }

  get(id: number): Uint8Array {
    let bytes = this.#json[id];
    if (bytes === undefined) {
      bytes = utf8(JSON.stringify(this.#values[id] ?? null));
      this.#json[id] = bytes;
    }
    return bytes;
  }
}

/** Text that JSON.stringify writes as is between quotes (printable ASCII without `"` and `\`). */
const PLAIN = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;
const isPlain = (text: string): boolean => PLAIN.test(text);

/** Whether every vocabulary word spliced raw into per-row URLs needs no escaping (checked once). */
const VOCAB_PLAIN = WORDS.every(isPlain) && PATH_SECTIONS.every(isPlain);
const WORD_BYTES = WORDS.map(utf8);
const SECTION_BYTES = PATH_SECTIONS.map(utf8);

/** Per-domain fragments and pool renderings of one dataset. */
interface Rendered {
  /** False: some spliced text needs escaping, so rows take the object path. */
  readonly plain: boolean;
  /** `{"type":"backlink","domain_from":"<name>","url_from":"http(s)://<name>/` by domain. */
  readonly heads: (Uint8Array | undefined)[];
  /** `"https://<name>/images/` by domain (image_url). */
  readonly imageHeads: (Uint8Array | undefined)[];
  /** By divisor (index 0: 1, 1: 10): `,"domain_from_rank":…,"page_from_external_links":` by domain. */
  readonly domainMid: [(Uint8Array | undefined)[], (Uint8Array | undefined)[]];
  /** `,"page_from_encoding":…,"page_from_language":…,"page_from_title":` by domain. */
  readonly domainTail: (Uint8Array | undefined)[];
  readonly hosts: RenderedPool;
  /** url_to JSON by url_to dictionary id (`id & 1`: the http:// form). */
  readonly urlTo: (Uint8Array | undefined)[];
  readonly tlds: RenderedPool;
  readonly anchors: RenderedPool;
  readonly titles: RenderedPool;
  readonly snippets: RenderedPool;
}

const renderedByDataset = new WeakMap<TargetDataset, Rendered>();

function renderedOf(ds: TargetDataset): Rendered {
  let r = renderedByDataset.get(ds);
  if (r === undefined) {
    const dom = ds.domains;
    let plain = VOCAB_PLAIN;
    for (let d = 0; plain && d < dom.count; d++) plain = isPlain(dom.names[d] as string);
    r = {
      plain,
      heads: new Array(dom.count),
      imageHeads: new Array(dom.count),
      domainMid: [new Array(dom.count), new Array(dom.count)],
      domainTail: new Array(dom.count),
      hosts: new RenderedPool(ds.hosts),
      urlTo: new Array(ds.urlTo.length * 2),
      tlds: new RenderedPool(dom.tldDict),
      anchors: new RenderedPool(ds.anchors),
      titles: new RenderedPool(ds.titles),
      snippets: new RenderedPool(ds.snippets),
    };
    renderedByDataset.set(ds, r);
  }
  return r;
}

const dictBytes = (dict: readonly unknown[]): readonly Uint8Array[] =>
  Object.freeze(dict.map((v) => utf8(JSON.stringify(v ?? null))));
const ITEM_TYPE_JSON = dictBytes(ITEM_TYPES);
const SEMANTIC_JSON = dictBytes(SEMANTIC_DICT);
const platformJson: (string | undefined)[] = new Array(256);
const attributesJson: (Uint8Array | undefined)[] = new Array(64);
/** `"YYYY-MM-DD ` of a day number (lazily, like dates.ts caches the text). */
const dayPrefixes: (Uint8Array | undefined)[] = [];

const K = {
  urlFromHttps: utf8(`","url_from_https":`),
  domainTo: utf8(`,"domain_to":`),
  urlTo: utf8(`,"url_to":`),
  urlToHttps: utf8(`,"url_to_https":`),
  tldFrom: utf8(`,"tld_from":`),
  isNew: utf8(`,"is_new":`),
  isLost: utf8(`,"is_lost":`),
  spam: utf8(`,"backlink_spam_score":`),
  rank: utf8(`,"rank":`),
  pageFromRank: utf8(`,"page_from_rank":`),
  internalLinks: utf8(`,"page_from_internal_links":`),
  pageSize: utf8(`,"page_from_size":`),
  pageStatus: utf8(`,"page_from_status_code":`),
  firstSeen: utf8(`,"first_seen":`),
  prevSeen: utf8(`,"prev_seen":`),
  lastSeen: utf8(`,"last_seen":`),
  itemType: utf8(`,"item_type":`),
  attributes: utf8(`,"attributes":`),
  dofollow: utf8(`,"dofollow":`),
  original: utf8(`,"original":`),
  alt: utf8(`,"alt":`),
  imageUrl: utf8(`,"image_url":`),
  anchor: utf8(`,"anchor":`),
  textPre: utf8(`,"text_pre":`),
  textPost: utf8(`,"text_post":`),
  semantic: utf8(`,"semantic_location":`),
  linksCount: utf8(`,"links_count":`),
  groupCount: utf8(`,"group_count":`),
  isBroken: utf8(`,"is_broken":`),
  toStatus: utf8(`,"url_to_status_code":`),
  toSpam: utf8(`,"url_to_spam_score":`),
  redirect: utf8(`,"url_to_redirect_target":`),
  top3: utf8(`,"ranked_keywords_info":{"page_from_keywords_count_top_3":`),
  top10: utf8(`,"page_from_keywords_count_top_10":`),
  top100: utf8(`,"page_from_keywords_count_top_100":`),
  isIndirect: utf8(`},"is_indirect_link":`),
  indirectPath: utf8(`,"indirect_link_path":`),
  imageTail: utf8(`.jpg"`),
  timeTail: utf8(` +00:00"`),
  true: utf8("true"),
  false: utf8("false"),
  null: utf8("null"),
};

const bool = (w: ByteWriter, value: boolean): void => w.bytes(value ? K.true : K.false);

function head(ds: TargetDataset, r: Rendered, d: number): Uint8Array {
  let bytes = r.heads[d];
  if (bytes === undefined) {
    const name = ds.domains.names[d] as string;
    const scheme = ds.domains.https[d] ? "https" : "http";
    bytes = utf8(`{"type":"backlink","domain_from":"${name}","url_from":"${scheme}://${name}/`);
    r.heads[d] = bytes;
  }
  return bytes;
}

function imageHead(ds: TargetDataset, r: Rendered, d: number): Uint8Array {
  let bytes = r.imageHeads[d];
  if (bytes === undefined) {
    bytes = utf8(`"https://${ds.domains.names[d]}/images/`);
    r.imageHeads[d] = bytes;
  }
  return bytes;
}

function domainMid(ds: TargetDataset, r: Rendered, d: number, divisor: RankDivisor): Uint8Array {
  const cache = r.domainMid[divisor === 1 ? 0 : 1];
  let bytes = cache[d];
  if (bytes === undefined) {
    const dom = ds.domains;
    const mask = dom.platform[d] as number;
    let platform = platformJson[mask];
    if (platform === undefined) {
      platform = JSON.stringify(platformTypes(mask));
      platformJson[mask] = platform;
    }
    bytes = utf8(
      `,"domain_from_rank":${scaleRank(dom.rank[d] as number, divisor)}` +
        `,"domain_from_platform_type":${platform}` +
        `,"domain_from_is_ip":${dom.isIp[d] === 1}` +
        `,"domain_from_ip":${JSON.stringify(dom.ips[d])}` +
        `,"domain_from_country":${JSON.stringify(COUNTRY_DICT[dom.country[d] as number])}` +
        `,"page_from_external_links":`,
    );
    cache[d] = bytes;
  }
  return bytes;
}

function domainTail(ds: TargetDataset, r: Rendered, d: number): Uint8Array {
  let bytes = r.domainTail[d];
  if (bytes === undefined) {
    const dom = ds.domains;
    bytes = utf8(
      `,"page_from_encoding":${JSON.stringify(ENCODING_DICT[dom.encoding[d] as number])}` +
        `,"page_from_language":${JSON.stringify(LANGUAGE_DICT[dom.language[d] as number])}` +
        `,"page_from_title":`,
    );
    r.domainTail[d] = bytes;
  }
  return bytes;
}

function urlToJson(ds: TargetDataset, r: Rendered, id: number): Uint8Array {
  let bytes = r.urlTo[id];
  if (bytes === undefined) {
    bytes = utf8(JSON.stringify(urlToOfDictId(ds, id)));
    r.urlTo[id] = bytes;
  }
  return bytes;
}

function attributesOf(ds: TargetDataset, row: number): Uint8Array {
  const mask = ds.attrs[row] as number;
  let bytes = attributesJson[mask];
  if (bytes === undefined) {
    bytes = utf8(JSON.stringify(attributes(ds, row)));
    attributesJson[mask] = bytes;
  }
  return bytes;
}

/** A date as formatApiTime writes it, quoted: `"2022-12-11 08:40:21 +00:00"`. */
function apiTime(w: ByteWriter, seconds: number): void {
  const day = Math.floor(seconds / 86_400);
  let prefix = day >= 0 ? dayPrefixes[day] : undefined;
  if (prefix === undefined) {
    prefix = utf8(`"${formatApiTime(day * 86_400).slice(0, 11)}`);
    if (day >= 0) dayPrefixes[day] = prefix;
  }
  w.bytes(prefix);
  let rest = seconds - day * 86_400;
  const h = Math.floor(rest / 3600);
  rest -= h * 3600;
  const m = Math.floor(rest / 60);
  w.pad2(h);
  w.byte(58); // :
  w.pad2(m);
  w.byte(58);
  w.pad2(rest - m * 60);
  w.bytes(K.timeTail);
}

/** `null`, or the number. */
function nullableNumber(w: ByteWriter, n: number): void {
  if (Number.isNaN(n)) w.bytes(K.null);
  else w.number(n);
}

/** A rare value: JSON.stringify as is. */
function viaStringify(w: ByteWriter, value: unknown): void {
  if (value === null) w.bytes(K.null);
  else w.bytes(utf8(JSON.stringify(value)));
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
  const attrs = ds.attrs[row] as number;
  const type = ds.itemType[row] as number;
  const toStatus = urlToStatus(ds, row);
  const toId = urlToDictId(ds, row);
  const prev = prevSeen(ds, row);
  // url_from: head() holds everything up to `<scheme>://<name>/`.
  w.bytes(head(ds, r, d));
  w.bytes(SECTION_BYTES[urlFromSection(ds, row)] as Uint8Array);
  w.byte(47); // /
  w.bytes(WORD_BYTES[urlFromWord(ds, row, 0)] as Uint8Array);
  w.byte(45); // -
  w.bytes(WORD_BYTES[urlFromWord(ds, row, 1)] as Uint8Array);
  w.byte(45);
  w.base36(row);
  w.bytes(K.urlFromHttps);
  bool(w, ds.domains.https[d] === 1);
  w.bytes(K.domainTo);
  w.bytes(r.hosts.get(Math.floor((ds.urlToId[row] as number) / ds.pathCount)));
  w.bytes(K.urlTo);
  w.bytes(urlToJson(ds, r, toId));
  w.bytes(K.urlToHttps);
  bool(w, (toId & 1) === 0);
  w.bytes(K.tldFrom);
  w.bytes(r.tlds.get(ds.domains.tld[d] as number));
  w.bytes(K.isNew);
  bool(w, isNew(ds, row));
  w.bytes(K.isLost);
  bool(w, (flags & FLAG.lost) !== 0);
  w.bytes(K.spam);
  w.number(spamScore(ds, row));
  w.bytes(K.rank);
  w.number(scaleRank(ds.rank[row] as number, divisor));
  w.bytes(K.pageFromRank);
  w.number(scaleRank(ds.pageRank[row] as number, divisor));
  w.bytes(domainMid(ds, r, d, divisor));
  w.number(externalLinks(ds, row));
  w.bytes(K.internalLinks);
  w.number(internalLinks(ds, row));
  w.bytes(K.pageSize);
  w.number(pageSize(ds, row));
  w.bytes(domainTail(ds, r, d));
  w.bytes(r.titles.get(titleId(ds, row)));
  w.bytes(K.pageStatus);
  w.number(pageStatus(ds, row));
  w.bytes(K.firstSeen);
  apiTime(w, ds.firstSeen[row] as number);
  w.bytes(K.prevSeen);
  if (Number.isNaN(prev)) w.bytes(K.null);
  else apiTime(w, prev);
  w.bytes(K.lastSeen);
  apiTime(w, ds.lastSeen[row] as number);
  w.bytes(K.itemType);
  w.bytes(ITEM_TYPE_JSON[type] as Uint8Array);
  w.bytes(K.attributes);
  w.bytes(attributesOf(ds, row));
  w.bytes(K.dofollow);
  bool(w, (attrs & 0b111) === 0);
  w.bytes(K.original);
  bool(w, original(ds, row));
  w.bytes(K.alt);
  w.bytes(r.snippets.get(altId(ds, row)));
  w.bytes(K.imageUrl);
  if (type === ITEM.image) {
    // imageUrl(): `https://<name>/images/<word>-<row base 36>.jpg`
    w.bytes(imageHead(ds, r, d));
    w.bytes(WORD_BYTES[imageWord(ds, row)] as Uint8Array);
    w.byte(45);
    w.base36(row);
    w.bytes(K.imageTail);
  } else w.bytes(K.null);
  w.bytes(K.anchor);
  w.bytes(r.anchors.get(ds.anchorId[row] as number));
  w.bytes(K.textPre);
  w.bytes(r.snippets.get(textId(ds, row, false)));
  w.bytes(K.textPost);
  w.bytes(r.snippets.get(textId(ds, row, true)));
  w.bytes(K.semantic);
  w.bytes(SEMANTIC_JSON[semanticId(ds, row)] as Uint8Array);
  w.bytes(K.linksCount);
  w.number(linksCount(ds, row));
  w.bytes(K.groupCount);
  w.number(groupCount);
  w.bytes(K.isBroken);
  bool(w, toStatus >= 400);
  w.bytes(K.toStatus);
  nullableNumber(w, toStatus);
  w.bytes(K.toSpam);
  nullableNumber(w, urlToSpam(ds, row));
  w.bytes(K.redirect);
  viaStringify(w, toStatus === 301 ? redirectTarget(ds, row) : null);
  const kw = rankedKeywords(ds, row);
  w.bytes(K.top3);
  w.number(kw.page_from_keywords_count_top_3 as number);
  w.bytes(K.top10);
  w.number(kw.page_from_keywords_count_top_10 as number);
  w.bytes(K.top100);
  w.number(kw.page_from_keywords_count_top_100 as number);
  w.bytes(K.isIndirect);
  bool(w, (flags & FLAG.indirect) !== 0);
  w.bytes(K.indirectPath);
  viaStringify(w, indirectPath(ds, row));
  w.byte(125); // }
}

const scratch = new ByteWriter(64 * 1024);

/** {@link writeItemJson} as a string (tests, and callers that need one item's text). */
export function itemJson(ds: TargetDataset, row: number, groupCount: number, divisor: RankDivisor): string {
  writeItemJson(scratch, ds, row, groupCount, divisor);
  return scratch.take().toString("utf8");
}
