import { readFileSync } from "node:fs";
import { BACKLINK_COLUMNS } from "../../src/index.js";

/** The 5 real 43-field items of the reference sample response (older item shape). */
export const SAMPLE_ITEMS_43: readonly Record<string, unknown>[] = JSON.parse(
  readFileSync(new URL("../fixtures/sample-items-43.json", import.meta.url), "utf8"),
);

/** A complete 47-field item: the sample's first item plus the 4 newer fields. */
export function fullItem(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    ...SAMPLE_ITEMS_43[0],
    image_url: "https://www.example.org/logo.png",
    ranked_keywords_info: {
      page_from_keywords_count_top_3: 1,
      page_from_keywords_count_top_10: 4,
      page_from_keywords_count_top_100: 12,
    },
    is_indirect_link: true,
    indirect_link_path: [{ type: "redirect", status_code: 301, url: "https://forbes.com/x" }],
    ...overrides,
  };
}

/** An item with every one of the 47 fields present and null. */
export function allNullItem(): Record<string, unknown> {
  return Object.fromEntries(BACKLINK_COLUMNS.map((c) => [c.name, null]));
}

const LONG = "x".repeat(50_000) + "ü€𝄞".repeat(10_000);

/**
 * Fixture rows for the contract suite: nulls in every column, unicode (emoji, RTL, CJK), quotes,
 * commas, CR/LF, tabs, leading `=` and other formula starts, a 100 KB string, empty lists, null
 * list elements, 43- and 47-field items, keys out of order, unknown fields.
 */
export function fixtureRows(): Record<string, unknown>[] {
  return [
    ...SAMPLE_ITEMS_43,
    fullItem(),
    allNullItem(),
    {},
    fullItem({
      page_from_title: 'He said "hi", then left',
      anchor: "a,b,,c",
      text_pre: "line1\r\nline2\nline3\rline4",
      text_post: "\ttab start",
      alt: '=HYPERLINK("http://evil")',
      url_to_redirect_target: "+1-2",
      domain_from_ip: "-3",
      semantic_location: "@SUM(A1)",
      tld_from: "\rcr start",
    }),
    fullItem({
      page_from_title: "😀👍🏽 مرحبا بالعالم 你好世界 日本語 한국어",
      anchor: "עברית RTL \u200f mark",
      text_pre: "",
      domain_from_platform_type: [],
      attributes: [],
      indirect_link_path: [],
      ranked_keywords_info: {},
    }),
    fullItem({ page_from_title: LONG, text_post: LONG, attributes: ["nofollow", null, "ugc"] }),
    fullItem({
      future_field: { nested: [1, "two", null] },
      another_new_one: 'text, with "quotes"',
      rank: 0,
      page_from_size: 2 ** 53 - 1,
      backlink_spam_score: -5,
    }),
    // Keys in reverse order: output order must still be the schema's.
    Object.fromEntries(Object.entries(fullItem({ prev_seen: null })).reverse()),
    fullItem({ first_seen: "2024-02-29 23:59:59 +00:00", last_seen: "1999-12-31 00:00:00 +00:00" }),
  ];
}

/** Splits rows into batches of the given sizes (cycling), like API pages. */
export function toBatches<T>(rows: readonly T[], sizes: readonly number[] = [3]): T[][] {
  const batches: T[][] = [];
  let i = 0;
  let k = 0;
  while (i < rows.length) {
    const size = Math.max(1, sizes[k++ % sizes.length]!);
    batches.push(rows.slice(i, i + size));
    i += size;
  }
  return batches;
}
