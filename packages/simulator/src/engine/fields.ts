/**
 * Field accessors: how the query engine reads each filterable field of a row, for filters, sort
 * keys and grouping. Low-cardinality and pooled fields are dictionaries (a row maps to a small id,
 * a condition is evaluated once per id), the rest are numbers (NaN = null) or computed strings.
 * They read the same functions as the item builder, so filters and items never disagree.
 */
import { FILTER_FIELDS, type FieldType } from "@backlinks/core";
import { COUNTRY_DICT, ENCODING_DICT, LANGUAGE_DICT, platformTypes } from "../dataset/domains.js";
import { type RankDivisor, scaleRank } from "../dataset/item.js";
import {
  altId,
  domainFromIp,
  externalLinks,
  internalLinks,
  isNew,
  linksCount,
  original,
  PAGE_STATUS_CODES,
  pageSize,
  pageStatus,
  prevSeen,
  SEMANTIC_DICT,
  semanticId,
  spamScore,
  textId,
  titleId,
  urlFrom,
  urlToDictId,
  urlToOfDictId,
  urlToSpam,
  urlToStatus,
} from "../dataset/row-fields.js";
import { FLAG, type TargetDataset } from "../dataset/target-dataset.js";
import { ITEM_TYPES } from "../dataset/vocab.js";

/** A value a dictionary entry can hold. */
export type DictValue = string | number | null | readonly string[];

/** How one field of a row is read. */
export type Accessor =
  | { readonly kind: "num"; readonly get: (row: number) => number }
  | { readonly kind: "str"; readonly get: (row: number) => string | null }
  | {
      readonly kind: "dict";
      readonly size: number;
      readonly id: (row: number) => number;
      readonly value: (id: number) => DictValue;
    }
  | { readonly kind: "group_count" };

/** A field's accessor with its catalogue type. */
export interface FieldAccess {
  readonly field: string;
  readonly type: FieldType;
  readonly access: Accessor;
}

const PLATFORM_DICT_SIZE = 256;
const bit = (b: boolean): number => (b ? 1 : 0);

/** Builds the accessor of every filterable field for a dataset and rank scale. */
export function buildAccessors(ds: TargetDataset, divisor: RankDivisor): ReadonlyMap<string, FieldAccess> {
  const dom = ds.domains;
  const domainOf = (row: number): number => ds.domainId[row] as number;
  const num = (get: (row: number) => number): Accessor => ({ kind: "num", get });
  const dict = (size: number, id: (row: number) => number, value: (id: number) => DictValue): Accessor => ({
    kind: "dict",
    size,
    id,
    value,
  });
  const fromList = (list: readonly DictValue[], id: (row: number) => number): Accessor =>
    dict(list.length, id, (i) => list[i] ?? null);
  const rank = (column: Uint16Array): Accessor => num((row) => scaleRank(column[row] as number, divisor));
  const table: Record<string, Accessor> = {
    domain_from: fromList(dom.names, domainOf),
    url_from: { kind: "str", get: (row) => urlFrom(ds, row) },
    url_from_https: num((row) => dom.https[domainOf(row)] as number),
    domain_to: fromList(ds.hosts, (row) => Math.floor((ds.urlToId[row] as number) / ds.pathCount)),
    url_to: dict(
      ds.urlTo.length * 2,
      (row) => urlToDictId(ds, row),
      (id) => urlToOfDictId(ds, id),
    ),
    url_to_https: num((row) => bit(((ds.flags[row] as number) & FLAG.httpTo) === 0)),
    tld_from: fromList(dom.tldDict, (row) => dom.tld[domainOf(row)] as number),
    is_new: num((row) => bit(isNew(ds, row))),
    is_lost: num((row) => (ds.flags[row] as number) & FLAG.lost),
    backlink_spam_score: num((row) => spamScore(ds, row)),
    rank: rank(ds.rank),
    page_from_rank: rank(ds.pageRank),
    domain_from_rank: num((row) => scaleRank(dom.rank[domainOf(row)] as number, divisor)),
    domain_from_platform_type: dict(
      PLATFORM_DICT_SIZE,
      (row) => dom.platform[domainOf(row)] as number,
      (mask) => platformTypes(mask),
    ),
    domain_from_is_ip: num((row) => dom.isIp[domainOf(row)] as number),
    domain_from_ip: dict(dom.count, domainOf, (d) => domainFromIp(ds, d)),
    domain_from_country: fromList(COUNTRY_DICT, (row) => dom.country[domainOf(row)] as number),
    page_from_external_links: num((row) => externalLinks(ds, row)),
    page_from_internal_links: num((row) => internalLinks(ds, row)),
    page_from_size: num((row) => pageSize(ds, row)),
    page_from_encoding: fromList(ENCODING_DICT, (row) => dom.encoding[domainOf(row)] as number),
    page_from_language: fromList(LANGUAGE_DICT, (row) => dom.language[domainOf(row)] as number),
    page_from_title: fromList(ds.titles, (row) => titleId(ds, row)),
    page_from_status_code: fromList(PAGE_STATUS_CODES, (row) =>
      PAGE_STATUS_CODES.indexOf(pageStatus(ds, row)),
    ),
    first_seen: num((row) => ds.firstSeen[row] as number),
    prev_seen: num((row) => prevSeen(ds, row)),
    last_seen: num((row) => ds.lastSeen[row] as number),
    item_type: fromList(ITEM_TYPES, (row) => ds.itemType[row] as number),
    dofollow: num((row) => bit(((ds.attrs[row] as number) & 0b111) === 0)),
    original: num((row) => bit(original(ds, row))),
    alt: fromList(ds.snippets, (row) => altId(ds, row)),
    anchor: fromList(ds.anchors, (row) => ds.anchorId[row] as number),
    text_pre: fromList(ds.snippets, (row) => textId(ds, row, false)),
    text_post: fromList(ds.snippets, (row) => textId(ds, row, true)),
    semantic_location: fromList(SEMANTIC_DICT, (row) => semanticId(ds, row)),
    links_count: num((row) => linksCount(ds, row)),
    group_count: { kind: "group_count" },
    is_broken: num((row) => bit(urlToStatus(ds, row) >= 400)),
    url_to_status_code: num((row) => urlToStatus(ds, row)),
    url_to_spam_score: num((row) => urlToSpam(ds, row)),
  };
  const out = new Map<string, FieldAccess>();
  for (const [field, type] of Object.entries(FILTER_FIELDS)) {
    const access = table[field];
    // Every catalogue field must have an accessor; a new core field fails loudly here, not silently.
    if (access === undefined) throw new Error(`simulator: no accessor for filter field "${field}"`);
    out.set(field, { field, type, access });
  }
  return out;
}
