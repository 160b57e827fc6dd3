import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CUSTOM_MODE_FIELDS, FILTER_FIELDS, REQUEST_FIELDS, validateRequest } from "../src/index.js";
import { validExpression } from "./filter-syntax.arbitraries.js";

const SORTABLE = Object.entries(FILTER_FIELDS)
  .filter(([, type]) => !type.startsWith("array"))
  .map(([field]) => field);

const orderBy = fc
  .uniqueArray(fc.constantFrom(...SORTABLE), { minLength: 1, maxLength: 3 })
  .chain((fields) => fc.tuple(...fields.map((f) => fc.constantFrom(`${f},asc`, `${f},desc`))));

/** Valid tasks: every optional field sometimes present, sometimes null. */
const validRequest = fc.record(
  {
    target: fc.constantFrom(
      "example.com",
      "WWW.Example.com",
      "https://www.example.com/",
      "https://example.com/a?b=1",
      "blog.example.co.uk",
    ),
    mode: fc.constantFrom("as_is", "one_per_domain", "one_per_anchor", null),
    custom_mode: fc.record({
      field: fc.constantFrom(...CUSTOM_MODE_FIELDS),
      value: fc.integer({ min: 1, max: 1000 }),
    }),
    filters: fc.oneof(validExpression, fc.constant(null)),
    order_by: orderBy,
    offset: fc.integer({ min: 0, max: 20_000 }),
    limit: fc.integer({ min: 1, max: 1000 }),
    search_after_token: fc.string({ minLength: 1, maxLength: 40 }),
    backlinks_status_type: fc.constantFrom("all", "live", "lost"),
    include_subdomains: fc.boolean(),
    include_indirect_links: fc.boolean(),
    exclude_internal_backlinks: fc.oneof(fc.boolean(), fc.constant(null)),
    rank_scale: fc.constantFrom("one_hundred", "one_thousand"),
    tag: fc.string({ maxLength: 255 }),
  },
  { requiredKeys: ["target"] },
);

/** One field broken on purpose: [path, code, bad value]. */
const BREAKS: ReadonlyArray<[string, string, unknown]> = [
  ["target", "target_format", "not a domain"],
  ["mode", "enum", "everything"],
  ["offset", "range", 20_001],
  ["limit", "range", 1001],
  ["limit", "type", "10"],
  ["search_after_token", "empty", ""],
  ["backlinks_status_type", "enum", "dead"],
  ["include_subdomains", "type", "true"],
  ["rank_scale", "enum", "one_ten"],
  ["tag", "too_long", "t".repeat(256)],
  ["filters", "array_required", "rank > 1"],
  ["order_by", "too_many_order_by", ["rank,asc", "anchor,asc", "alt,asc", "tld_from,asc"]],
  ["custom_mode", "type", ["anchor", 1]],
];

/** Values that look like tasks: known keys (and a few unknown ones) with arbitrary JSON values. */
const taskLike = fc.dictionary(
  fc.oneof(
    fc.constantFrom(...REQUEST_FIELDS),
    fc.constantFrom("foo", "__proto__", "constructor", "backlinks_filters"),
  ),
  fc.oneof(fc.jsonValue(), fc.constantFrom("example.com", "https://example.com/p", 10, true, null)),
);

describe("validateRequest (property)", () => {
  it("accepts every valid task, drops nulls, and validates its own output to itself", () => {
    fc.assert(
      fc.property(validRequest, (input) => {
        const first = validateRequest(input);
        expect(first.ok ? [] : first.issues.map((i) => i.message)).toEqual([]);
        if (!first.ok) return;
        expect(Object.values(first.request)).not.toContain(null);
        const second = validateRequest(JSON.parse(JSON.stringify(first.request)));
        expect(second).toEqual(first);
      }),
      { numRuns: 300 },
    );
  });

  it("reports exactly the one field broken in an otherwise valid task", () => {
    fc.assert(
      fc.property(validRequest, fc.constantFrom(...BREAKS), (input, [path, code, bad]) => {
        const result = validateRequest({ ...input, [path]: bad });
        expect(result.ok ? [] : result.issues.map((i) => [i.path, i.field, i.code])).toEqual([
          [path, path, code],
        ]);
      }),
      { numRuns: 300 },
    );
  });

  it("never throws on arbitrary input, and every issue is well-formed", () => {
    fc.assert(
      fc.property(fc.oneof(fc.anything(), taskLike), (input) => {
        const result = validateRequest(input);
        if (result.ok) return;
        expect(result.issues.length).toBeGreaterThan(0);
        for (const issue of result.issues) {
          expect(issue.code).toMatch(/^[a-z_]+$/);
          expect(issue.message).not.toMatch(/[\r\n]/);
          expect(issue.message.startsWith(`${issue.path === "" ? "request" : issue.path}: `)).toBe(true);
        }
      }),
      { numRuns: 1000 },
    );
  });
});
