import { describe, expect, it } from "vitest";
import {
  BacklinksError,
  FilterSyntaxError,
  formatFilter,
  parseFilter,
  validateRequest,
} from "../src/index.js";

const GOOD: ReadonlyArray<[string, unknown]> = [
  ["dofollow = true", ["dofollow", "=", true]],
  [
    'dofollow = true and (anchor like "%seo%" or rank >= 100)',
    [["dofollow", "=", true], "and", [["anchor", "like", "%seo%"], "or", ["rank", ">=", 100]]],
  ],
  ['domain_from_platform_type has "blogs"', ["domain_from_platform_type", "has", "blogs"]],
  ['domain_from_platform_type has not "blogs"', ["domain_from_platform_type", "has_not", "blogs"]],
  ["rank in (1, 5, 10)", ["rank", "in", [1, 5, 10]]],
  ["rank in [1,5]", ["rank", "in", [1, 5]]],
  ['tld_from not_in ("ru","cn")', ["tld_from", "not_in", ["ru", "cn"]]],
  ['tld_from NOT IN ("ru")', ["tld_from", "not_in", ["ru"]]],
  ['anchor not like "%casino%"', ["anchor", "not_like", "%casino%"]],
  ['first_seen >= "2024-01-01 00:00:00 +00:00"', ["first_seen", ">=", "2024-01-01 00:00:00 +00:00"]],
  ['anchor regex "^seo"', ["anchor", "regex", "^seo"]],
  ['anchor regex "^\\d+\\.\\w"', ["anchor", "regex", "^\\d+\\.\\w"]],
  ["alt = null", ["alt", "=", null]],
  ["alt <> NULL", ["alt", "<>", null]],
  ["alt != null", ["alt", "<>", null]],
  ["backlink_spam_score > -1.5", ["backlink_spam_score", ">", -1.5]],
  ["rank >= 1e3", ["rank", ">=", 1000]],
  ['rank > "80"', ["rank", ">", "80"]],
  ["anchor = 'it\\'s'", ["anchor", "=", "it's"]],
  ['anchor = "say \\"hi\\"\\n\\t\\\\ \\u00e9"', ["anchor", "=", 'say "hi"\n\t\\ é']],
  ["anchor = ''", ["anchor", "=", ""]],
  ["DOFOLLOW_x = TRUE".replace("DOFOLLOW_x", "dofollow"), ["dofollow", "=", true]],
  ["is_lost = false AND is_new = true", [["is_lost", "=", false], "and", ["is_new", "=", true]]],
  [
    "rank > 1 and rank > 2 and rank > 3",
    [["rank", ">", 1], "and", ["rank", ">", 2], "and", ["rank", ">", 3]],
  ],
  [
    "rank > 1 or rank > 2 and rank > 3",
    [["rank", ">", 1], "or", [["rank", ">", 2], "and", ["rank", ">", 3]]],
  ],
  [
    "rank > 1 and rank > 2 or rank > 3 and rank > 4",
    [[["rank", ">", 1], "and", ["rank", ">", 2]], "or", [["rank", ">", 3], "and", ["rank", ">", 4]]],
  ],
  [
    "(rank > 1 and rank > 2) and rank > 3",
    [[["rank", ">", 1], "and", ["rank", ">", 2]], "and", ["rank", ">", 3]],
  ],
  ["((rank > 1))", ["rank", ">", 1]],
  ["  rank\n>\t1  ", ["rank", ">", 1]],
  ['page_from_title match "seo tools"', ["page_from_title", "match", "seo tools"]],
  [
    'url_from ilike "%BLOG%" or url_from not_ilike "%x%"',
    [["url_from", "ilike", "%BLOG%"], "or", ["url_from", "not_ilike", "%x%"]],
  ],
];

/** Bad text, 0-based position expected, message pattern. */
const BAD: ReadonlyArray<[string, number, RegExp]> = [
  ["", 0, /^filter: expected a condition like 'dofollow = true' at column 1, got end of input$/],
  ["rank >= ", 8, /^filter: expected a value after "rank >=" at column 9, got end of input$/],
  ["rank", 4, /^filter: expected an operator after "rank" at column 5, got end of input/],
  ["rank foo 1", 5, /expected an operator after "rank" at column 6, got "foo"/],
  [
    "tld_from = com",
    11,
    /expected a value after "tld_from =" at column 12, got "com" \(quote text values: "com"\)/,
  ],
  [
    "rank like 5",
    5,
    /operator "like" is not valid for number field "rank" \(expected one of <, <=, >, >=, =, <>, in, not_in\) at column 6/,
  ],
  ["rnk > 5", 0, /unknown filter field "rnk" \(did you mean "rank"\?\) at column 1/],
  ["rank in 5", 8, /expected a list like \(1, 2\) after "rank in" at column 9, got number 5/],
  [
    'rank in (1, "x")',
    12,
    /value for number field "rank" must be a number or a numeric string, got "x" at column 13/,
  ],
  ["dofollow = yes", 11, /got "yes" \(write true or false\)/],
  ["rank < high", 7, /got "high" \(write a number\)/],
  ["rank in (1 2)", 11, /expected "," or "\)" in the list after "rank in" at column 12, got number 2/],
  ["rank in (1,)", 11, /expected a value after "rank in" at column 12, got "\)"/],
  ["rank in ()", 8, /operator "in" needs at least one value/],
  ["rank = (1, 2)", 7, /a list needs "in" or "not_in"/],
  [
    'dofollow = "true"',
    11,
    /value for boolean field "dofollow" must be true or false, got "true" at column 12/,
  ],
  ['first_seen > "2024-01-01"', 13, /must be a time "yyyy-mm-dd hh:mm:ss \+00:00"/],
  [
    "(rank > 1",
    9,
    /expected "and", "or" or "\)" at column 10, got end of input \(the "\(" at column 1 is not closed\)/,
  ],
  ["rank > 1)", 8, /unexpected "\)" at column 9 \(nothing to close\)/],
  ["rank > 1 rank < 2", 9, /expected "and", "or" or end of input at column 10, got "rank"/],
  ["rank > 1 and", 12, /expected a condition like 'dofollow = true' at column 13, got end of input/],
  ["and rank > 1", 0, /expected a condition like 'dofollow = true' at column 1, got "and"/],
  ['anchor = "abc', 9, /unterminated string starting at column 10 \(expected a closing "\)/],
  ["rank > 1 & rank < 2", 9, /unexpected character "&" at column 10/],
  ["rank > 10abc", 7, /invalid number at column 8/],
  ['anchor = "\\u12"', 10, /expected 4 hex digits after "\\u" at column 11/],
  ["alt like null", 9, /operator "like" cannot compare with null/],
  ['domain_from_platform_type = "blogs"', 26, /operator "=" is not valid for string-array field/],
  [
    `anchor regex "${"a".repeat(1001)}"`,
    13,
    /regex pattern for string field "anchor" must be at most 1000 characters, got 1001/,
  ],
];

describe("parseFilter", () => {
  it.each(GOOD)("parses %j", (text, expected) => {
    const expr = parseFilter(text);
    expect(expr).toEqual(expected);
    // The parser's output is what the API takes: the request validator agrees.
    expect(validateRequest({ target: "example.com", filters: expr }).ok).toBe(true);
    // And it survives formatting.
    expect(parseFilter(formatFilter(expr))).toEqual(expr);
  });

  it.each(BAD)("refuses %j at %i", (text, position, message) => {
    let caught: unknown;
    try {
      parseFilter(text);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(FilterSyntaxError);
    expect(caught).toBeInstanceOf(BacklinksError);
    const error = caught as FilterSyntaxError;
    expect(error.code).toBe("ERR_FILTER_SYNTAX");
    expect(error.name).toBe("FilterSyntaxError");
    expect(error.position).toBe(position);
    expect(error.column).toBe(position + 1);
    expect(error.message).toMatch(message);
    expect(error.message).not.toMatch(/[\r\n]/);
    expect(error.message).toContain(`column ${position + 1}`);
  });

  it("returns deep-frozen expressions", () => {
    const expr = parseFilter("rank in (1, 2) and dofollow = true") as readonly unknown[];
    expect(Object.isFrozen(expr)).toBe(true);
    expect(Object.isFrozen(expr[0])).toBe(true);
    expect(Object.isFrozen((expr[0] as unknown[])[2])).toBe(true);
  });

  it("leaves the 8-condition limit to validateRequest", () => {
    const text = Array.from({ length: 9 }, (_, i) => `rank > ${i}`).join(" and ");
    const expr = parseFilter(text);
    const result = validateRequest({ target: "example.com", filters: expr });
    expect(result.ok ? [] : result.issues.map((i) => i.code)).toEqual(["too_many_conditions"]);
  });

  it("draws a caret under the problem", () => {
    try {
      parseFilter("dofollow = true and\n rank like 5");
      throw new Error("expected a FilterSyntaxError");
    } catch (error) {
      expect((error as FilterSyntaxError).caretLines()).toEqual([
        "dofollow = true and  rank like 5",
        "                          ^",
      ]);
    }
  });

  it("does not resolve words through Object.prototype", () => {
    expect(() => parseFilter("anchor = constructor")).toThrow(/quote text values/);
    expect(() => parseFilter("anchor not constructor 1")).toThrow(/expected an operator/);
    expect(() => parseFilter("constructor = 1")).toThrow(/unknown filter field "constructor"/);
  });

  it("survives deeply nested parentheses with an error, not a stack overflow", () => {
    const text = `${"(".repeat(5000)}rank > 1${")".repeat(5000)}`;
    expect(() => parseFilter(text)).toThrow(/parentheses nested deeper than 64 levels/);
  });
});

describe("formatFilter", () => {
  it("writes the issue's example back as typed", () => {
    const text = 'dofollow = true and (anchor like "%seo%" or rank >= 100)';
    expect(formatFilter(parseFilter(text))).toBe(text);
  });

  it("always parenthesises nested groups and uses canonical operators", () => {
    expect(
      formatFilter(parseFilter('rank > 1 OR rank > 2 AND tld_from NOT IN ("ru", "cn") and alt != null')),
    ).toBe('rank > 1 or (rank > 2 and tld_from not_in ("ru", "cn") and alt <> null)');
  });

  it("escapes quotes, backslashes and control characters onto one line", () => {
    const expr = ["anchor", "=", 'a"b\\c\nd\u0001e\u2028'] as const;
    const text = formatFilter(expr);
    expect(text).toBe('anchor = "a\\"b\\\\c\\nd\\u0001e\\u2028"');
    expect(parseFilter(text)).toEqual(expr);
  });

  it("keeps numbers exact, -0 included", () => {
    for (const n of [0, -0, 1e21, 5e-324, -123.456, Number.MAX_SAFE_INTEGER]) {
      const parsed = parseFilter(formatFilter(["rank", ">", n])) as readonly unknown[];
      expect(Object.is(parsed[2], n)).toBe(true);
    }
  });
});
