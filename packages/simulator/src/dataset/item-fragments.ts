/** The per-dataset fragments an item's JSON is assembled from (domains, url_to, text pools), rendered as bytes on first use. */
import { COUNTRY_DICT, ENCODING_DICT, LANGUAGE_DICT, platformTypes } from "./domains.js";
import { FragmentArena, FragmentTable } from "./fragments.js";
import { type RankDivisor, scaleRank } from "./item.js";
import { type ByteWriter, utf8 } from "./json-bytes.js";
import { urlToOfDictId } from "./row-fields.js";
import type { TargetDataset } from "./target-dataset.js";
import { PATH_SECTIONS, WORDS } from "./vocab.js";

/** Text that JSON.stringify writes as is between quotes: printable ASCII without `"` and `\`. */
function isPlain(text: string): boolean {
  // A loop, not a regular expression: called once per rendered fragment, on short strings.
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c > 0x7e || c === 0x22 || c === 0x5c) return false;
  }
  return true;
}

/** Whether every vocabulary word spliced raw into per-row URLs needs no escaping (checked once). */
const VOCAB_PLAIN = WORDS.every(isPlain) && PATH_SECTIONS.every(isPlain);

/**
 * Per-domain and per-pool fragments of one dataset, rendered on first use. Each fragment carries
 * the keys around its value, so an item is ~45 copies of pre-rendered bytes plus a dozen integers.
 */
export interface Rendered {
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
  /**
   * Set once every fragment is rendered: by domain, 4 ints — where its default-scale middle
   * starts, the lengths of middle + 65536 × tail, of its image head and of its head, which follow
   * in that order. (They are rendered next to each other, so one read finds all four fragments
   * instead of four reads of scattered span tables.)
   */
  readonly domainBlocks: Int32Array | null;
}

const renderedByDataset = new WeakMap<TargetDataset, Rendered>();

/** The fragments of `ds`, made on its first JSON page (see {@link renderAll}). */
export function renderedOf(ds: TargetDataset): Rendered {
  let r = renderedByDataset.get(ds);
  if (r === undefined) {
    r = render(ds);
    if (r.plain) {
      renderAll(r);
      r = { ...r, domainBlocks: domainBlocksOf(r) };
    }
    renderedByDataset.set(ds, r);
  }
  return r;
}

/**
 * Render every fragment a default-scale page can use, in one pass, before the first page.
 * Why not only on first use: rendering interleaved with writing rows cost a first full walk of
 * the 1M-row target ~1.2 s of CPU more than a repeated one, while rendering them all up front
 * costs ~0.4 s (once per dataset, on its first page). The rank_scale=one_hundred variant of the
 * per-domain fragments stays on first use.
 */
function renderAll(r: Rendered): void {
  // heads.ensure renders the domain's default-scale middle, tail and image head first (next to each other).
  for (let d = 0; d < r.heads.size; d++) r.heads.ensure(d);
  for (const table of [r.imageHeads, r.urlTo, r.tlds, r.anchors, r.titles, r.alts, r.textPres, r.textPosts]) {
    for (let id = 0; id < table.size; id++) table.ensure(id);
  }
}

/** {@link Rendered.domainBlocks} of fully rendered fragments, or null if some domain's are apart. */
function domainBlocksOf(r: Rendered): Int32Array | null {
  const mid = r.domainMid[0].spans;
  const tail = r.domainTail.spans;
  const image = r.imageHeads.spans;
  const head = r.heads.spans;
  const blocks = new Int32Array(4 * r.heads.size);
  for (let d = 0; d < r.heads.size; d++) {
    const at = 2 * d;
    const start = mid[at] as number;
    const midLength = mid[at + 1] as number;
    const tailLength = tail[at + 1] as number;
    const imageLength = image[at + 1] as number;
    if (
      tail[at] !== start + midLength ||
      image[at] !== start + midLength + tailLength ||
      head[at] !== start + midLength + tailLength + imageLength ||
      midLength > 0xffff ||
      tailLength > 0x7fff
    ) {
      return null;
    }
    blocks[4 * d] = start;
    blocks[4 * d + 1] = midLength + tailLength * 65536;
    blocks[4 * d + 2] = imageLength;
    blocks[4 * d + 3] = head[at + 1] as number;
  }
  return blocks;
}

/** `JSON.stringify(text)`, without a string when `text` needs no escaping. */
function jsonString(w: ByteWriter, text: string): void {
  if (isPlain(text)) {
    w.byte(34); // "
    w.ascii(text);
    w.byte(34);
  } else w.text(JSON.stringify(text));
}

/** `JSON.stringify(value)` of a small dictionary, pre-encoded by id. */
const jsonOf = (values: readonly unknown[]): Uint8Array[] =>
  values.map((v) => utf8(JSON.stringify(v ?? null)));

const COUNTRY_JSON = jsonOf(COUNTRY_DICT);
const ENCODING_JSON = jsonOf(ENCODING_DICT);
const LANGUAGE_JSON = jsonOf(LANGUAGE_DICT);
/** `JSON.stringify(platformTypes(mask))` by mask (rendered on first use). */
const platformJson: (Uint8Array | undefined)[] = new Array(256);

const F = {
  head: utf8(`{"type":"backlink","domain_from":"`),
  urlFrom: [utf8(`","url_from":"http://`), utf8(`","url_from":"https://`)],
  imageHead: utf8(`"https://`),
  images: utf8(`/images/`),
  domainRank: utf8(`,"domain_from_rank":`),
  platform: utf8(`,"domain_from_platform_type":`),
  isIp: [
    utf8(`,"domain_from_is_ip":false,"domain_from_ip":`),
    utf8(`,"domain_from_is_ip":true,"domain_from_ip":`),
  ],
  country: utf8(`,"domain_from_country":`),
  externalLinks: utf8(`,"page_from_external_links":`),
  encoding: utf8(`,"page_from_encoding":`),
  language: utf8(`,"page_from_language":`),
  title: utf8(`,"page_from_title":`),
  domainTo: utf8(`,"domain_to":`),
  urlTo: utf8(`,"url_to":`),
  urlToHttps: [utf8(`,"url_to_https":true,"tld_from":`), utf8(`,"url_to_https":false,"tld_from":`)],
};

function render(ds: TargetDataset): Rendered {
  const dom = ds.domains;
  let plain = VOCAB_PLAIN;
  for (let d = 0; plain && d < dom.count; d++) plain = isPlain(dom.names[d] as string);
  const arena = new FragmentArena();
  const pool = (values: readonly unknown[], nextKey: string): FragmentTable => {
    const next = utf8(nextKey);
    return new FragmentTable(arena, values.length, (w, id) => {
      const value = values[id] ?? null;
      if (typeof value === "string") jsonString(w, value);
      else w.text(JSON.stringify(value));
      w.bytes(next);
    });
  };
  const mid = (divisor: RankDivisor) =>
    new FragmentTable(arena, dom.count, (w, d) => {
      w.bytes(F.domainRank);
      w.number(scaleRank(dom.rank[d] as number, divisor));
      w.bytes(F.platform);
      const mask = dom.platform[d] as number;
      let platform = platformJson[mask];
      if (platform === undefined) {
        platform = utf8(JSON.stringify(platformTypes(mask)));
        platformJson[mask] = platform;
      }
      w.bytes(platform);
      w.bytes(F.isIp[dom.isIp[d] === 1 ? 1 : 0] as Uint8Array);
      jsonString(w, dom.ips[d] as string);
      w.bytes(F.country);
      w.bytes(COUNTRY_JSON[dom.country[d] as number] as Uint8Array);
      w.bytes(F.externalLinks);
    });
  const domainMid = [mid(1), mid(10)] as const;
  const domainTail = new FragmentTable(arena, dom.count, (w, d) => {
    w.bytes(F.encoding);
    w.bytes(ENCODING_JSON[dom.encoding[d] as number] as Uint8Array);
    w.bytes(F.language);
    w.bytes(LANGUAGE_JSON[dom.language[d] as number] as Uint8Array);
    w.bytes(F.title);
  });
  const imageHeads = new FragmentTable(arena, dom.count, (w, d) => {
    w.bytes(F.imageHead);
    w.ascii(dom.names[d] as string);
    w.bytes(F.images);
  });
  return {
    plain,
    heads: new FragmentTable(
      arena,
      dom.count,
      // Only used when `plain`: the name is printable ASCII that needs no escaping.
      (w, d) => {
        const name = dom.names[d] as string;
        w.bytes(F.head);
        w.ascii(name);
        w.bytes(F.urlFrom[dom.https[d] ? 1 : 0] as Uint8Array);
        w.ascii(name);
        w.byte(47); // /
      },
      // A domain's other fragments (on the default rank scale) go right before its head in the
      // arena, so a row reads them from neighbouring cache lines (see domainBlocks).
      (d) => {
        domainMid[0].ensure(d);
        domainTail.ensure(d);
        imageHeads.ensure(d);
      },
    ),
    imageHeads,
    domainMid,
    domainTail,
    urlTo: new FragmentTable(arena, ds.urlTo.length * 2, (w, id) => {
      w.bytes(F.domainTo);
      jsonString(w, ds.hosts[Math.floor((id >>> 1) / ds.pathCount)] as string);
      w.bytes(F.urlTo);
      jsonString(w, urlToOfDictId(ds, id));
      w.bytes(F.urlToHttps[id & 1] as Uint8Array);
    }),
    tlds: pool(dom.tldDict, `,"is_new":`),
    anchors: pool(ds.anchors, `,"text_pre":`),
    titles: pool(ds.titles, `,"page_from_status_code":`),
    alts: pool(ds.snippets, `,"image_url":`),
    textPres: pool(ds.snippets, `,"text_post":`),
    textPosts: pool(ds.snippets, `,"semantic_location":`),
    domainBlocks: null,
  };
}
