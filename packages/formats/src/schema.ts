/** Logical column types of the backlink schema; every column is nullable. */
export type ColumnType = "string" | "int" | "bool" | "timestamp" | "list<string>" | "json";

/** One column of {@link BACKLINK_COLUMNS}. */
export interface BacklinkColumn {
  readonly name: string;
  readonly type: ColumnType;
}

const col = (name: string, type: ColumnType): BacklinkColumn => Object.freeze({ name, type });

/**
 * The 47 fields of a backlink item (`items[]` of backlinks/live) in the API's documented order
 * (api-notes §2.3), each with its logical type. Drives the CSV header, the NDJSON key order and the
 * Parquet schema. Items of the older 43-field shape get null in the 4 columns they lack.
 */
export const BACKLINK_COLUMNS: readonly BacklinkColumn[] = Object.freeze([
  col("type", "string"),
  col("domain_from", "string"),
  col("url_from", "string"),
  col("url_from_https", "bool"),
  col("domain_to", "string"),
  col("url_to", "string"),
  col("url_to_https", "bool"),
  col("tld_from", "string"),
  col("is_new", "bool"),
  col("is_lost", "bool"),
  col("backlink_spam_score", "int"),
  col("rank", "int"),
  col("page_from_rank", "int"),
  col("domain_from_rank", "int"),
  col("domain_from_platform_type", "list<string>"),
  col("domain_from_is_ip", "bool"),
  col("domain_from_ip", "string"),
  col("domain_from_country", "string"),
  col("page_from_external_links", "int"),
  col("page_from_internal_links", "int"),
  col("page_from_size", "int"),
  col("page_from_encoding", "string"),
  col("page_from_language", "string"),
  col("page_from_title", "string"),
  col("page_from_status_code", "int"),
  col("first_seen", "timestamp"),
  col("prev_seen", "timestamp"),
  col("last_seen", "timestamp"),
  col("item_type", "string"),
  col("attributes", "list<string>"),
  col("dofollow", "bool"),
  col("original", "bool"),
  col("alt", "string"),
  col("image_url", "string"),
  col("anchor", "string"),
  col("text_pre", "string"),
  col("text_post", "string"),
  col("semantic_location", "string"),
  col("links_count", "int"),
  col("group_count", "int"),
  col("is_broken", "bool"),
  col("url_to_status_code", "int"),
  col("url_to_spam_score", "int"),
  col("url_to_redirect_target", "string"),
  col("ranked_keywords_info", "json"),
  col("is_indirect_link", "bool"),
  col("indirect_link_path", "json"),
]);

/**
 * Name of the 48th output column: a JSON object holding every field of an item that
 * {@link BACKLINK_COLUMNS} does not know (a future API field), keyed by field name in the order
 * received; null when there is none. The same column exists in CSV, NDJSON and Parquet, so no field
 * is ever silently lost and every file of every run has the same columns.
 */
export const EXTRA_COLUMN = "extra";

/** Every output column name in order: the 47 schema columns, then {@link EXTRA_COLUMN}. */
export const OUTPUT_COLUMN_NAMES: readonly string[] = Object.freeze([
  ...BACKLINK_COLUMNS.map((c) => c.name),
  EXTRA_COLUMN,
]);
