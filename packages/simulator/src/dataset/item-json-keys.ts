/**
 * Pre-encoded JSON fragments of the backlink item for `item-json.ts`: the constant `"key":` texts
 * and the few small value sets (booleans, status codes, item types, attribute masks) rendered once
 * with `JSON.stringify`, so writing a row copies bytes and never escapes.
 */
import { type Constant, constant } from "./json-bytes.js";
import { attributes, PAGE_STATUS_CODES, SEMANTIC_DICT } from "./row-fields.js";
import type { TargetDataset } from "./target-dataset.js";
import { ITEM_TYPES } from "./vocab.js";

/** `","url_from_https":<bool>` by https bit. */
export const URL_FROM_HTTPS = [false, true].map((b) => constant(`","url_from_https":${b}`));
/** `<is_new>,"is_lost":<is_lost>,"backlink_spam_score":` by isNew * 2 + isLost. */
export const NEW_LOST = [0, 1, 2, 3].map((i) =>
  constant(`${i >= 2},"is_lost":${(i & 1) === 1},"backlink_spam_score":`),
);
/** `<code>,"first_seen":` by page_from_status_code. */
export const PAGE_STATUS: Constant[] = [];
for (const code of PAGE_STATUS_CODES) PAGE_STATUS[code] = constant(`${code},"first_seen":`);
/** `"<item_type>","attributes":` by item type id. */
export const ITEM_TYPE_ATTRS = ITEM_TYPES.map((t) => constant(`${JSON.stringify(t)},"attributes":`));
/** `<attributes>,"dofollow":<bool>,"original":` by attribute mask (rendered on first use). */
const attributesDofollow: (Constant | undefined)[] = new Array(64);
/** `<bool>,"alt":` by `original`. */
export const ORIGINAL_ALT = [false, true].map((b) => constant(`${b},"alt":`));
/** `<semantic_location>,"links_count":` by id. */
export const SEMANTIC_LINKS = SEMANTIC_DICT.map((v) => constant(`${JSON.stringify(v)},"links_count":`));
/** `,"is_broken":…,"url_to_status_code":…,"url_to_spam_score":` by status code; index 0 = null. */
export const TO_STATUS: Constant[] = [];
for (const code of [0, 200, 301, 404, 500]) {
  TO_STATUS[code] = constant(
    `,"is_broken":${code >= 400},"url_to_status_code":${code === 0 ? "null" : code},"url_to_spam_score":`,
  );
}
/** The constant `"key":` texts between an item's values. */
export const K = {
  rank: constant(`,"rank":`),
  pageFromRank: constant(`,"page_from_rank":`),
  internalLinks: constant(`,"page_from_internal_links":`),
  pageSize: constant(`,"page_from_size":`),
  prevSeenAfterDate: constant(` +00:00","prev_seen":`),
  lastSeenAfterNull: constant(`,"last_seen":`),
  lastSeenAfterDate: constant(` +00:00","last_seen":`),
  itemTypeAfterDate: constant(` +00:00","item_type":`),
  imageTail: constant(`.jpg","anchor":`),
  noImage: constant(`null,"anchor":`),
  groupCount: constant(`,"group_count":`),
  noRedirect: constant(
    `,"url_to_redirect_target":null,"ranked_keywords_info":{"page_from_keywords_count_top_3":`,
  ),
  redirect: constant(`,"url_to_redirect_target":`),
  top3: constant(`,"ranked_keywords_info":{"page_from_keywords_count_top_3":`),
  top10: constant(`,"page_from_keywords_count_top_10":`),
  top100: constant(`,"page_from_keywords_count_top_100":`),
  direct: constant(`},"is_indirect_link":false,"indirect_link_path":null}`),
  indirect: constant(`},"is_indirect_link":true,"indirect_link_path":`),
  null: constant("null"),
};

/** `<attributes>,"dofollow":<bool>,"original":` of a row (rendered once per mask). */
export function attributesOf(ds: TargetDataset, row: number): Constant {
  const mask = ds.attrs[row] as number;
  let bytes = attributesDofollow[mask];
  if (bytes === undefined) {
    bytes = constant(`${JSON.stringify(attributes(ds, row))},"dofollow":${(mask & 0b111) === 0},"original":`);
    attributesDofollow[mask] = bytes;
  }
  return bytes;
}
