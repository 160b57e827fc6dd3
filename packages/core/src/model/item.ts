/**
 * One backlink as `result[0].items[]` carries it (api-notes §2.3): 47 documented fields, every one
 * nullable. Older responses (the 43-field shape of `sample-response.json`) lack `image_url`,
 * `ranked_keywords_info`, `is_indirect_link` and `indirect_link_path`; `parseLiveResponse` fills
 * absent documented fields with `null` so the type is true at run time. Fields the API adds later
 * are kept as they come (index signature), never dropped.
 */

/** `ranked_keywords_info` of an item (ints). */
export interface RankedKeywordsInfo {
  readonly page_from_keywords_count_top_3: number | null;
  readonly page_from_keywords_count_top_10: number | null;
  readonly page_from_keywords_count_top_100: number | null;
  readonly [extra: string]: unknown;
}

/** One hop of `indirect_link_path`. */
export interface IndirectLinkHop {
  readonly type: "redirect" | "canonical" | (string & {});
  readonly status_code: number | null;
  readonly url: string | null;
  readonly [extra: string]: unknown;
}

/** A backlink item: the 47 documented fields in API order, all nullable, plus unknown extras. */
export interface BacklinkItem {
  type: string | null;
  domain_from: string | null;
  url_from: string | null;
  url_from_https: boolean | null;
  domain_to: string | null;
  url_to: string | null;
  url_to_https: boolean | null;
  tld_from: string | null;
  is_new: boolean | null;
  is_lost: boolean | null;
  backlink_spam_score: number | null;
  rank: number | null;
  page_from_rank: number | null;
  domain_from_rank: number | null;
  domain_from_platform_type: string[] | null;
  domain_from_is_ip: boolean | null;
  domain_from_ip: string | null;
  domain_from_country: string | null;
  page_from_external_links: number | null;
  page_from_internal_links: number | null;
  page_from_size: number | null;
  page_from_encoding: string | null;
  page_from_language: string | null;
  page_from_title: string | null;
  page_from_status_code: number | null;
  first_seen: string | null;
  prev_seen: string | null;
  last_seen: string | null;
  item_type: string | null;
  attributes: string[] | null;
  dofollow: boolean | null;
  original: boolean | null;
  alt: string | null;
  image_url: string | null;
  anchor: string | null;
  text_pre: string | null;
  text_post: string | null;
  semantic_location: string | null;
  links_count: number | null;
  group_count: number | null;
  is_broken: boolean | null;
  url_to_status_code: number | null;
  url_to_spam_score: number | null;
  url_to_redirect_target: string | null;
  ranked_keywords_info: RankedKeywordsInfo | null;
  is_indirect_link: boolean | null;
  indirect_link_path: IndirectLinkHop[] | null;
  [extra: string]: unknown;
}

/** The 47 documented item fields in the API's documented order (api-notes §2.3). */
export const BACKLINK_ITEM_FIELDS = Object.freeze([
  "type",
  "domain_from",
  "url_from",
  "url_from_https",
  "domain_to",
  "url_to",
  "url_to_https",
  "tld_from",
  "is_new",
  "is_lost",
  "backlink_spam_score",
  "rank",
  "page_from_rank",
  "domain_from_rank",
  "domain_from_platform_type",
  "domain_from_is_ip",
  "domain_from_ip",
  "domain_from_country",
  "page_from_external_links",
  "page_from_internal_links",
  "page_from_size",
  "page_from_encoding",
  "page_from_language",
  "page_from_title",
  "page_from_status_code",
  "first_seen",
  "prev_seen",
  "last_seen",
  "item_type",
  "attributes",
  "dofollow",
  "original",
  "alt",
  "image_url",
  "anchor",
  "text_pre",
  "text_post",
  "semantic_location",
  "links_count",
  "group_count",
  "is_broken",
  "url_to_status_code",
  "url_to_spam_score",
  "url_to_redirect_target",
  "ranked_keywords_info",
  "is_indirect_link",
  "indirect_link_path",
] as const satisfies readonly (keyof BacklinkItem)[]);

/** Name of a documented item field. */
export type BacklinkItemField = (typeof BACKLINK_ITEM_FIELDS)[number];
