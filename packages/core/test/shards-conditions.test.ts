import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  andFilters,
  boundsCondition,
  chooseShardKey,
  countConditions,
  type FilterExpression,
  paginateShards,
  planShards,
} from "../src/index.js";
import { escapeLiteral, pieceRegex } from "../src/shards/pattern.js";
import { answer, fakeClient, type Row } from "./shards-fake-api.js";

describe("conditions", () => {
  it("counts leaf conditions through nesting", () => {
    expect(countConditions(undefined)).toBe(0);
    expect(countConditions(["rank", ">", 1])).toBe(1);
    expect(
      countConditions([["rank", ">", 1], "and", [["anchor", "like", "%a%"], "or", ["alt", "=", "x"]]]),
    ).toBe(3);
  });

  it("ANDs a shard condition flat onto and-lists, bracketed onto anything with or", () => {
    const c: FilterExpression = ["domain_from_rank", ">=", 5];
    expect(andFilters(undefined, c)).toEqual(c);
    expect(andFilters(["rank", ">", 1], c)).toEqual([["rank", ">", 1], "and", c]);
    expect(andFilters([["rank", ">", 1], "and", ["alt", "=", "x"]], c)).toEqual([
      ["rank", ">", 1],
      "and",
      ["alt", "=", "x"],
      "and",
      c,
    ]);
    const or: FilterExpression = [["rank", ">", 1], "or", ["alt", "=", "x"]];
    expect(andFilters(or, c)).toEqual([or, "and", c]);
    expect(andFilters(or, null)).toBe(or);
  });

  it("turns bounds into >= / < conditions, = for a single value, regex for patterns", () => {
    const range = (lo: number | null, hi: number | null, hiInc = false) =>
      boundsCondition("k", {
        kind: "range",
        lower: lo === null ? null : { value: lo, inclusive: true },
        upper: hi === null ? null : { value: hi, inclusive: hiInc },
      });
    expect(range(1, 5)).toEqual([["k", ">=", 1], "and", ["k", "<", 5]]);
    expect(range(null, 5)).toEqual(["k", "<", 5]);
    expect(range(3, null)).toEqual(["k", ">=", 3]);
    expect(range(4, 4, true)).toEqual(["k", "=", 4]);
    expect(range(null, null)).toBeNull();
    expect(boundsCondition("k", { kind: "null" })).toEqual(["k", "=", null]);
    expect(boundsCondition("k", { kind: "pattern", regex: "^a" })).toEqual(["k", "regex", "^a"]);
  });

  it("escapes regex syntax in prefixes and classes", () => {
    expect(escapeLiteral("a.b[c]^$")).toBe("a\\.b\\[c\\]\\^\\$");
    const re = pieceRegex({ prefix: "x.", chars: ["-", "]", "^", "\\"], negate: false, end: true });
    expect(re).toBe("^x\\.(?:[\\-\\]\\^\\\\]|$)");
    const r = new RegExp(re);
    for (const s of ["x.-", "x.]", "x.^", "x.\\", "x."]) expect(r.test(s)).toBe(true);
    for (const s of ["xa-", "x.a", "x"]) expect(r.test(s)).toBe(false);
  });

  it("chooses keys by grouping", () => {
    const key = (request: Parameters<typeof chooseShardKey>[0], free = 8) =>
      chooseShardKey(request, { freeConditions: free });
    expect(key({ target: "t" })).toEqual({ key: { field: "first_seen", kind: "range", type: "time" } });
    expect(key({ target: "t", order_by: ["last_seen,desc"] })).toMatchObject({ key: { field: "last_seen" } });
    expect(key({ target: "t", mode: "one_per_anchor" })).toMatchObject({
      key: { field: "anchor", kind: "pattern" },
    });
    expect(key({ target: "t", mode: "one_per_domain", order_by: ["rank,desc"] })).toMatchObject({
      key: { field: "domain_from_rank" },
    });
    expect(key({ target: "t", mode: "one_per_domain" }, 1)).toMatchObject({ key: { field: "domain_from" } });
    expect(key({ target: "t", custom_mode: { field: "item_type", value: 2 } })).toMatchObject({
      key: { field: "item_type" },
    });
    expect(chooseShardKey({ target: "t" }, { key: "dofollow", freeConditions: 8 })).toEqual({
      reason: 'shard key "dofollow" is not a filterable num, time or str field',
    });
  });
});

describe("pattern shards (property)", () => {
  const text = fc.oneof(
    fc.constantFrom("", ".", "[", "]", "^", "-", "\\", "\n", "é", "😀", "a", "ab", "abc", "a.b"),
    fc.string({ maxLength: 6 }),
    fc.string({ unit: "grapheme", maxLength: 4 }),
  );
  it("regex shards of any strings (escapes, newlines, astral, nulls) cover every row exactly once", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.option(text, { freq: 8 }), { minLength: 40, maxLength: 160 }),
        async (anchors) => {
          const rows: Row[] = anchors.map((anchor, id) => ({ id, anchor, rank: id % 10 }));
          const client = fakeClient(rows);
          const request = { target: "t", limit: 10 } as const;
          const plan = await planShards(client, request, {
            key: "anchor",
            targetRows: 8,
            totalCount: rows.length,
          });
          const ids: number[] = [];
          for await (const { page } of paginateShards(client, plan, { chains: 4, order: "arrival" })) {
            ids.push(...page.items.map((i) => (i as unknown as Row).id));
          }
          expect(plan.difference).toBe(0);
          if (new Set(anchors).size > 12) expect(plan.shards.length).toBeGreaterThan(2);
          expect(ids.sort((a, b) => a - b)).toEqual(
            answer(rows, request)
              .map((r) => r.id)
              .sort((a, b) => a - b),
          );
        },
      ),
      { numRuns: 40 },
    );
  });
});
