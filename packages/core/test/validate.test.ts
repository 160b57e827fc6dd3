import { describe, expect, it } from "vitest";
import { type BacklinksRequest, validateRequest } from "../src/index.js";

const T = "example.com";
const C = (field: string, op: string, value: unknown) => [field, op, value];
const LONG = (n: number) => "x".repeat(n);

/** Good requests: input and the normalised request expected back. */
const GOOD: ReadonlyArray<[string, Record<string, unknown>, BacklinksRequest]> = [
  ["target only", { target: T }, { target: T }],
  [
    "documented example",
    { target: "forbes.com", mode: "as_is", filters: ["dofollow", "=", true], limit: 5 },
    { target: "forbes.com", mode: "as_is", filters: ["dofollow", "=", true], limit: 5 },
  ],
  [
    "sample-request.json shape",
    {
      target: T,
      custom_mode: { field: "domain_from", value: 100 },
      filters: ["anchor", "like", "%forbes%"],
      order_by: ["domain_from,desc"],
      limit: 5,
    },
    {
      target: T,
      custom_mode: { field: "domain_from", value: 100 },
      filters: ["anchor", "like", "%forbes%"],
      order_by: ["domain_from,desc"],
      limit: 5,
    },
  ],
  ["target normalised", { target: "HTTPS://WWW.Example.COM/" }, { target: T }],
  [
    "page target kept as URL",
    { target: "https://example.com/blog/post?id=1" },
    { target: "https://example.com/blog/post?id=1" },
  ],
  [
    "nulls dropped (n8n style)",
    {
      target: T,
      mode: null,
      filters: null,
      order_by: null,
      offset: null,
      limit: null,
      rank_scale: null,
      tag: null,
    },
    { target: T },
  ],
  ["empty filters and order_by dropped", { target: T, filters: [], order_by: [] }, { target: T }],
  [
    "every scalar field",
    {
      target: T,
      mode: "one_per_domain",
      offset: 20_000,
      limit: 1000,
      backlinks_status_type: "lost",
      include_subdomains: false,
      include_indirect_links: true,
      exclude_internal_backlinks: false,
      rank_scale: "one_hundred",
      tag: LONG(255),
    },
    {
      target: T,
      mode: "one_per_domain",
      offset: 20_000,
      limit: 1000,
      backlinks_status_type: "lost",
      include_subdomains: false,
      include_indirect_links: true,
      exclude_internal_backlinks: false,
      rank_scale: "one_hundred",
      tag: LONG(255),
    },
  ],
  [
    "mode one_per_anchor, limit 1, offset 0",
    { target: T, mode: "one_per_anchor", limit: 1, offset: 0 },
    { target: T, mode: "one_per_anchor", limit: 1, offset: 0 },
  ],
  [
    "search_after_token",
    { target: T, search_after_token: "eyJ0b2tlbiI6MX0=" },
    { target: T, search_after_token: "eyJ0b2tlbiI6MX0=" },
  ],
  [
    "custom_mode bounds",
    { target: T, custom_mode: { field: "page_from_status_code", value: 1000 } },
    { target: T, custom_mode: { field: "page_from_status_code", value: 1000 } },
  ],
  [
    "nested filters from the docs",
    {
      target: T,
      filters: [
        C("first_seen", ">", "2017-10-23 11:31:45 +00:00"),
        "and",
        [C("anchor", "like", "%seo%"), "or", C("text_pre", "like", "%seo%")],
      ],
    },
    {
      target: T,
      filters: [
        C("first_seen", ">", "2017-10-23 11:31:45 +00:00"),
        "and",
        [C("anchor", "like", "%seo%"), "or", C("text_pre", "like", "%seo%")],
      ],
    } as BacklinksRequest,
  ],
  [
    "numeric string value",
    { target: T, filters: C("rank", ">", "80") },
    { target: T, filters: ["rank", ">", "80"] },
  ],
  [
    "in list of numbers",
    { target: T, filters: C("rank", "in", [1, 5, "10"]) },
    { target: T, filters: ["rank", "in", [1, 5, "10"]] },
  ],
  [
    "has on array field",
    { target: T, filters: C("domain_from_platform_type", "has", "blogs") },
    { target: T, filters: ["domain_from_platform_type", "has", "blogs"] },
  ],
  [
    "regex of exactly 1000 chars",
    { target: T, filters: C("anchor", "regex", LONG(1000)) },
    { target: T, filters: ["anchor", "regex", LONG(1000)] },
  ],
  [
    "null compared with =",
    { target: T, filters: C("alt", "=", null) },
    { target: T, filters: ["alt", "=", null] },
  ],
  [
    "flat chain of 8 conditions",
    {
      target: T,
      filters: Array.from({ length: 8 }, (_, i) => [C("rank", ">", i), "and"])
        .flat()
        .slice(0, -1),
    },
    {
      target: T,
      filters: Array.from({ length: 8 }, (_, i) => [C("rank", ">", i), "and"])
        .flat()
        .slice(0, -1),
    } as BacklinksRequest,
  ],
  [
    "time in list and leap day",
    {
      target: T,
      filters: C("last_seen", "in", ["2024-02-29 23:59:59 +00:00", "2023-01-01 00:00:00 -05:30"]),
    },
    { target: T, filters: ["last_seen", "in", ["2024-02-29 23:59:59 +00:00", "2023-01-01 00:00:00 -05:30"]] },
  ],
  [
    "three order_by rules",
    { target: T, order_by: ["rank,desc", "first_seen,asc", "anchor,asc"] },
    { target: T, order_by: ["rank,desc", "first_seen,asc", "anchor,asc"] },
  ],
];

/** Bad requests: input and the exact [path, code] of every issue expected. */
const BAD: ReadonlyArray<[string, unknown, Array<[string, string]>]> = [
  ["not an object", "example.com", [["", "type"]]],
  ["the POST body array", [{ target: T }], [["", "type"]]],
  ["null", null, [["", "type"]]],
  ["missing target", {}, [["target", "required"]]],
  ["null target", { target: null }, [["target", "required"]]],
  ["blank target", { target: "   " }, [["target", "required"]]],
  ["numeric target", { target: 42 }, [["target", "type"]]],
  ["garbage target", { target: "not a domain" }, [["target", "target_format"]]],
  ["single-label target", { target: "localhost" }, [["target", "target_format"]]],
  ["ftp target", { target: "ftp://example.com/file" }, [["target", "target_format"]]],
  ["page without scheme", { target: "example.com/page" }, [["target", "target_format"]]],
  ["bad mode", { target: T, mode: "all" }, [["mode", "enum"]]],
  ["mode wrong type", { target: T, mode: 1 }, [["mode", "enum"]]],
  ["custom_mode not an object", { target: T, custom_mode: "anchor" }, [["custom_mode", "type"]]],
  [
    "custom_mode field not allowed",
    { target: T, custom_mode: { field: "domain", value: 10 } },
    [["custom_mode.field", "enum"]],
  ],
  [
    "custom_mode value 0",
    { target: T, custom_mode: { field: "anchor", value: 0 } },
    [["custom_mode.value", "range"]],
  ],
  [
    "custom_mode value 1001",
    { target: T, custom_mode: { field: "anchor", value: 1001 } },
    [["custom_mode.value", "range"]],
  ],
  [
    "custom_mode value fractional",
    { target: T, custom_mode: { field: "anchor", value: 1.5 } },
    [["custom_mode.value", "type"]],
  ],
  [
    "custom_mode empty",
    { target: T, custom_mode: {} },
    [
      ["custom_mode.field", "required"],
      ["custom_mode.value", "required"],
    ],
  ],
  [
    "custom_mode extra key",
    { target: T, custom_mode: { field: "anchor", value: 1, limit: 2 } },
    [["custom_mode.limit", "unknown_property"]],
  ],
  ["filters not an array", { target: T, filters: "dofollow = true" }, [["filters", "array_required"]]],
  ["unknown filter field", { target: T, filters: C("rnk", ">", 1) }, [["filters[0]", "unknown_field"]]],
  [
    "operator not for type",
    {
      target: T,
      filters: [C("dofollow", "=", true), "and", C("anchor", "like", "%a%"), "and", C("rank", "like", "%a%")],
    },
    [["filters[4][1]", "operator_for_type"]],
  ],
  [
    "issue example path",
    { target: T, filters: [C("dofollow", "=", true), "and", C("rank", "like", "%a%")] },
    [["filters[2][1]", "operator_for_type"]],
  ],
  ["unknown operator", { target: T, filters: C("rank", "==", 1) }, [["filters[1]", "unknown_operator"]]],
  [
    "uppercase operator",
    { target: T, filters: C("anchor", "LIKE", "%a%") },
    [["filters[1]", "unknown_operator"]],
  ],
  [
    "has on a string field",
    { target: T, filters: C("anchor", "has", "a") },
    [["filters[1]", "operator_for_type"]],
  ],
  [
    "like on array field",
    { target: T, filters: C("domain_from_platform_type", "like", "%b%") },
    [["filters[1]", "operator_for_type"]],
  ],
  ["< on bool", { target: T, filters: C("dofollow", "<", true) }, [["filters[1]", "operator_for_type"]]],
  ["in without array", { target: T, filters: C("rank", "in", 5) }, [["filters[2]", "array_required"]]],
  ["in with empty array", { target: T, filters: C("tld_from", "not_in", []) }, [["filters[2]", "empty"]]],
  [
    "in with a wrong item",
    { target: T, filters: C("rank", "in", [1, "x", 3, null]) },
    [
      ["filters[2][1]", "type"],
      ["filters[2][3]", "type"],
    ],
  ],
  [
    "has with an array",
    { target: T, filters: C("domain_from_platform_type", "has", ["blogs"]) },
    [["filters[2]", "type"]],
  ],
  ["= with an array", { target: T, filters: C("rank", "=", [1, 2]) }, [["filters[2]", "type"]]],
  [
    "regex too long",
    { target: T, filters: C("url_from", "not_regex", LONG(1001)) },
    [["filters[2]", "regex_too_long"]],
  ],
  [
    "time without offset",
    { target: T, filters: C("first_seen", ">=", "2024-01-01 00:00:00") },
    [["filters[2]", "time_format"]],
  ],
  [
    "time ISO format",
    { target: T, filters: C("first_seen", ">=", "2024-01-01T00:00:00Z") },
    [["filters[2]", "time_format"]],
  ],
  [
    "time impossible date",
    { target: T, filters: C("last_seen", "<", "2023-02-29 00:00:00 +00:00") },
    [["filters[2]", "time_format"]],
  ],
  ["time as number", { target: T, filters: C("prev_seen", "<", 1700000000) }, [["filters[2]", "type"]]],
  ["bool as string", { target: T, filters: C("dofollow", "=", "true") }, [["filters[2]", "type"]]],
  ["number as word", { target: T, filters: C("rank", ">", "high") }, [["filters[2]", "type"]]],
  ["NaN number", { target: T, filters: C("rank", ">", Number.NaN) }, [["filters[2]", "type"]]],
  ["string field with number", { target: T, filters: C("tld_from", "=", 1) }, [["filters[2]", "type"]]],
  ["null with like", { target: T, filters: C("anchor", "like", null) }, [["filters[2]", "type"]]],
  ["condition of 2", { target: T, filters: ["rank", ">"] }, [["filters", "condition_shape"]]],
  [
    "group with a trailing join",
    { target: T, filters: [C("rank", ">", 1), "and"] },
    [["filters", "group_shape"]],
  ],
  ["single-member group", { target: T, filters: [C("rank", ">", 1)] }, [["filters", "group_shape"]]],
  [
    "bad join word",
    { target: T, filters: [C("rank", ">", 1), "AND", C("rank", "<", 9)] },
    [["filters[1]", "enum"]],
  ],
  [
    "mixed joins",
    { target: T, filters: [C("rank", ">", 1), "and", C("rank", "<", 9), "or", C("dofollow", "=", true)] },
    [["filters[3]", "mixed_joins"]],
  ],
  [
    "group member not an array",
    { target: T, filters: [C("rank", ">", 1), "and", "dofollow"] },
    [["filters[2]", "type"]],
  ],
  [
    "nested issue path",
    {
      target: T,
      filters: [C("rank", ">", 1), "and", [C("anchor", "like", "a"), "or", C("dofollow", "=", 1)]],
    },
    [["filters[2][2][2]", "type"]],
  ],
  [
    "nine conditions",
    {
      target: T,
      filters: Array.from({ length: 9 }, (_, i) => [C("rank", ">", i), "or"])
        .flat()
        .slice(0, -1),
    },
    [["filters", "too_many_conditions"]],
  ],
  [
    "nine nested conditions",
    {
      target: T,
      filters: [
        [C("rank", ">", 1), "and", C("rank", ">", 2), "and", C("rank", ">", 3)],
        "or",
        [C("rank", ">", 4), "and", C("rank", ">", 5), "and", C("rank", ">", 6)],
        "or",
        [C("rank", ">", 7), "and", C("rank", ">", 8), "and", C("rank", ">", 9)],
      ],
    },
    [["filters", "too_many_conditions"]],
  ],
  ["order_by not an array", { target: T, order_by: "rank,desc" }, [["order_by", "array_required"]]],
  [
    "four order_by rules",
    { target: T, order_by: ["rank,desc", "first_seen,asc", "anchor,asc", "tld_from,asc"] },
    [["order_by", "too_many_order_by"]],
  ],
  ["order_by bad direction", { target: T, order_by: ["rank,DESC"] }, [["order_by[0]", "order_by_format"]]],
  ["order_by with space", { target: T, order_by: ["rank, desc"] }, [["order_by[0]", "order_by_format"]]],
  ["order_by unknown field", { target: T, order_by: ["rnak,desc"] }, [["order_by[0]", "unknown_field"]]],
  [
    "order_by array field",
    { target: T, order_by: ["domain_from_platform_type,asc"] },
    [["order_by[0]", "not_sortable"]],
  ],
  ["order_by duplicate", { target: T, order_by: ["rank,desc", "rank,asc"] }, [["order_by[1]", "duplicate"]]],
  ["order_by non-string", { target: T, order_by: [1] }, [["order_by[0]", "type"]]],
  ["limit 0", { target: T, limit: 0 }, [["limit", "range"]]],
  ["limit 1001", { target: T, limit: 1001 }, [["limit", "range"]]],
  ["limit as string", { target: T, limit: "100" }, [["limit", "type"]]],
  ["limit fractional", { target: T, limit: 10.5 }, [["limit", "type"]]],
  ["offset negative", { target: T, offset: -1 }, [["offset", "range"]]],
  ["offset above 20000", { target: T, offset: 20_001 }, [["offset", "range"]]],
  ["empty token", { target: T, search_after_token: "" }, [["search_after_token", "empty"]]],
  ["token wrong type", { target: T, search_after_token: 5 }, [["search_after_token", "type"]]],
  [
    "bad backlinks_status_type",
    { target: T, backlinks_status_type: "new" },
    [["backlinks_status_type", "enum"]],
  ],
  [
    "include_subdomains as string",
    { target: T, include_subdomains: "false" },
    [["include_subdomains", "type"]],
  ],
  [
    "include_indirect_links as number",
    { target: T, include_indirect_links: 1 },
    [["include_indirect_links", "type"]],
  ],
  [
    "exclude_internal_backlinks as string",
    { target: T, exclude_internal_backlinks: "yes" },
    [["exclude_internal_backlinks", "type"]],
  ],
  ["bad rank_scale", { target: T, rank_scale: "one_ten" }, [["rank_scale", "enum"]]],
  ["tag too long", { target: T, tag: LONG(256) }, [["tag", "too_long"]]],
  ["tag wrong type", { target: T, tag: 7 }, [["tag", "type"]]],
  ["unknown property", { target: T, limt: 10 }, [["limt", "unknown_property"]]],
  [
    "sibling-only property",
    { target: T, backlinks_filters: ["dofollow", "=", true] },
    [["backlinks_filters", "unknown_property"]],
  ],
  [
    "many problems at once",
    { mode: "x", limit: 0, offset: 1e9, filters: C("rank", "like", 1), tag: 1, extra: true },
    [
      ["extra", "unknown_property"],
      ["target", "required"],
      ["mode", "enum"],
      ["filters[1]", "operator_for_type"],
      ["offset", "range"],
      ["limit", "range"],
      ["tag", "type"],
    ],
  ],
];

describe("validateRequest table", () => {
  it("has at least 60 cases", () => {
    expect(GOOD.length + BAD.length).toBeGreaterThanOrEqual(60);
  });

  it.each(GOOD)("accepts: %s", (_name, input, expected) => {
    const result = validateRequest(input);
    if (!result.ok) throw new Error(result.issues.map((i) => i.message).join("\n"));
    expect(result.request).toEqual(expected);
  });

  it.each(BAD)("rejects: %s", (_name, input, expected) => {
    const result = validateRequest(input);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((i) => [i.path, i.code])).toEqual(expected);
    for (const issue of result.issues) {
      expect(issue.message).not.toMatch(/[\r\n]/);
      expect(issue.message.startsWith(`${issue.path === "" ? "request" : issue.path}: `)).toBe(true);
      expect(issue.field).toBe(issue.path.replace(/[.[].*$/, ""));
    }
  });
});
