/**
 * Builds the full 47-field backlink item (api-notes §2.3, documented order) of one row on demand.
 */
import { formatApiTime } from "./dates.js";
import { COUNTRY_DICT, ENCODING_DICT, LANGUAGE_DICT, platformTypes } from "./domains.js";
import {
  altId,
  attributes,
  domainFromIp,
  domainTo,
  externalLinks,
  imageUrl,
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
  urlFrom,
  urlToDictId,
  urlToOfDictId,
  urlToSpam,
  urlToStatus,
} from "./row-fields.js";
import { FLAG, type TargetDataset } from "./target-dataset.js";
import { ITEM_TYPES } from "./vocab.js";

/** Rank divisor of `rank_scale`: 1 for one_thousand, 10 for one_hundred. */
export type RankDivisor = 1 | 10;

/** A rank on the requested scale (`one_hundred`: the 0–1000 value / 10, rounded). */
export function scaleRank(value: number, divisor: RankDivisor): number {
  return divisor === 1 ? value : Math.round(value / divisor);
}

const nullable = (n: number): number | null => (Number.isNaN(n) ? null : n);

/** The backlink item of `row`, with `group_count` set by the caller's grouping. */
export function buildItem(
  ds: TargetDataset,
  row: number,
  groupCount: number,
  divisor: RankDivisor,
): Record<string, unknown> {
  const d = ds.domainId[row] as number;
  const dom = ds.domains;
  const flags = ds.flags[row] as number;
  const attrs = ds.attrs[row] as number;
  const toStatus = urlToStatus(ds, row);
  const toId = urlToDictId(ds, row);
  const prev = prevSeen(ds, row);
  return {
    type: "backlink",
    domain_from: dom.names[d],
    url_from: urlFrom(ds, row),
    url_from_https: dom.https[d] === 1,
    domain_to: domainTo(ds, row),
    url_to: urlToOfDictId(ds, toId),
    url_to_https: (toId & 1) === 0,
    tld_from: dom.tldDict[dom.tld[d] as number],
    is_new: isNew(ds, row),
    is_lost: (flags & FLAG.lost) !== 0,
    backlink_spam_score: spamScore(ds, row),
    rank: scaleRank(ds.rank[row] as number, divisor),
    page_from_rank: scaleRank(ds.pageRank[row] as number, divisor),
    domain_from_rank: scaleRank(dom.rank[d] as number, divisor),
    domain_from_platform_type: platformTypes(dom.platform[d] as number),
    domain_from_is_ip: dom.isIp[d] === 1,
    domain_from_ip: domainFromIp(ds, d),
    domain_from_country: COUNTRY_DICT[dom.country[d] as number],
    page_from_external_links: externalLinks(ds, row),
    page_from_internal_links: internalLinks(ds, row),
    page_from_size: pageSize(ds, row),
    page_from_encoding: ENCODING_DICT[dom.encoding[d] as number],
    page_from_language: LANGUAGE_DICT[dom.language[d] as number],
    page_from_title: ds.titles[titleId(ds, row)],
    page_from_status_code: pageStatus(ds, row),
    first_seen: formatApiTime(ds.firstSeen[row] as number),
    prev_seen: Number.isNaN(prev) ? null : formatApiTime(prev),
    last_seen: formatApiTime(ds.lastSeen[row] as number),
    item_type: ITEM_TYPES[ds.itemType[row] as number],
    attributes: attributes(ds, row),
    dofollow: (attrs & 0b111) === 0,
    original: original(ds, row),
    alt: ds.snippets[altId(ds, row)],
    image_url: imageUrl(ds, row),
    anchor: ds.anchors[ds.anchorId[row] as number],
    text_pre: ds.snippets[textId(ds, row, false)],
    text_post: ds.snippets[textId(ds, row, true)],
    semantic_location: SEMANTIC_DICT[semanticId(ds, row)],
    links_count: linksCount(ds, row),
    group_count: groupCount,
    is_broken: toStatus >= 400,
    url_to_status_code: nullable(toStatus),
    url_to_spam_score: nullable(urlToSpam(ds, row)),
    url_to_redirect_target: redirectTarget(ds, row),
    ranked_keywords_info: rankedKeywords(ds, row),
    is_indirect_link: (flags & FLAG.indirect) !== 0,
    indirect_link_path: indirectPath(ds, row),
  };
}
