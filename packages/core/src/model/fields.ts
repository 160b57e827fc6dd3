/**
 * The field catalogue of `POST /v3/backlinks/backlinks/live`: which item fields can be filtered and
 * sorted, and with what type. Source: api-notes §1.3 (filters page table, [DOC]).
 *
 * Shared by the request validator (core) and the simulator, so both speak the same contract.
 */

/** Logical type of a filterable field, as named by DataForSEO's `available_filters`. */
export type FieldType = "str" | "num" | "bool" | "time" | "array.str" | "array.num";

/**
 * Filterable fields of the backlinks endpoint and their types ([DOC] S-FLT).
 *
 * `domain_from_country` is not in the documented table but is a `custom_mode` field and an item
 * field; we accept it as a string filter ([INF], the safe side: a client may send it, and the
 * simulator answers it).
 */
export const FILTER_FIELDS = Object.freeze({
  domain_from: "str",
  url_from: "str",
  url_from_https: "bool",
  domain_to: "str",
  url_to: "str",
  url_to_https: "bool",
  tld_from: "str",
  is_new: "bool",
  is_lost: "bool",
  backlink_spam_score: "num",
  rank: "num",
  page_from_rank: "num",
  domain_from_rank: "num",
  domain_from_platform_type: "array.str",
  domain_from_is_ip: "bool",
  domain_from_ip: "str",
  domain_from_country: "str",
  page_from_external_links: "num",
  page_from_internal_links: "num",
  page_from_size: "num",
  page_from_encoding: "str",
  page_from_language: "str",
  page_from_title: "str",
  page_from_status_code: "num",
  first_seen: "time",
  prev_seen: "time",
  last_seen: "time",
  item_type: "str",
  dofollow: "bool",
  original: "bool",
  alt: "str",
  anchor: "str",
  text_pre: "str",
  text_post: "str",
  semantic_location: "str",
  links_count: "num",
  group_count: "num",
  is_broken: "bool",
  url_to_status_code: "num",
  url_to_spam_score: "num",
} as const satisfies Record<string, FieldType>);

/** Name of a filterable field. */
export type FilterField = keyof typeof FILTER_FIELDS;

/** Filter operators, all of them. */
export type FilterOperator =
  | "="
  | "<>"
  | "<"
  | "<="
  | ">"
  | ">="
  | "in"
  | "not_in"
  | "like"
  | "not_like"
  | "ilike"
  | "not_ilike"
  | "regex"
  | "not_regex"
  | "match"
  | "not_match"
  | "has"
  | "has_not";

/**
 * Operators allowed per field type (api-notes §1.3 type table, the broader authority).
 * For `time` we take the per-field rows (`<`, `<=`, `>`, `>=`, `=`, `<>`, `in`, `not_in`).
 */
export const OPERATORS_BY_TYPE: Readonly<Record<FieldType, readonly FilterOperator[]>> = Object.freeze({
  bool: Object.freeze(["=", "<>"] as const),
  num: Object.freeze(["<", "<=", ">", ">=", "=", "<>", "in", "not_in"] as const),
  str: Object.freeze([
    "match",
    "not_match",
    "like",
    "not_like",
    "ilike",
    "not_ilike",
    "in",
    "not_in",
    "=",
    "<>",
    "regex",
    "not_regex",
  ] as const),
  time: Object.freeze(["<", "<=", ">", ">=", "=", "<>", "in", "not_in"] as const),
  "array.str": Object.freeze(["has", "has_not"] as const),
  "array.num": Object.freeze(["has", "has_not"] as const),
});

/** Fields allowed in `custom_mode.field` ([DOC] S-DOC). */
export const CUSTOM_MODE_FIELDS = Object.freeze([
  "anchor",
  "domain_from",
  "domain_from_country",
  "tld_from",
  "page_from_encoding",
  "page_from_language",
  "item_type",
  "page_from_status_code",
  "semantic_location",
] as const);

/** A field allowed in `custom_mode.field`. */
export type CustomModeField = (typeof CUSTOM_MODE_FIELDS)[number];

/** Documented limits of the endpoint (api-notes §1.2). */
export const LIMITS = Object.freeze({
  maxLimit: 1000,
  defaultLimit: 100,
  maxOffset: 20_000,
  maxFilterConditions: 8,
  maxOrderBy: 3,
  maxRegexLength: 1000,
  maxTagLength: 255,
  customModeValueMin: 1,
  customModeValueMax: 1000,
});
