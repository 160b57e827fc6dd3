/**
 * Property: for random data with heavy ties and nulls, random target sizes, keys, groupings and
 * orders, the shards' union is the unsharded result exactly, and in order where the plan says so.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type BacklinksRequest, paginateShards, planShards } from "../src/index.js";
import { answer, fakeClient, type Row } from "./shards-fake-api.js";

const BASE = Date.UTC(2024, 0, 1) / 1000;
const time = (s: number) => {
  const iso = new Date((BASE + s) * 1000).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} +00:00`;
};

const DOMAINS = ["a.com", "b.com", "ab.org", "www.c.de", "x.io", "a.b.com"] as const;

/**
 * Values from tiny domains, so ties are everywhere; null sometimes. `domain_from_rank` is a
 * property of the referring domain (a random table per run), as the grouping rules assume.
 */
const dataArb = fc
  .tuple(
    fc.array(fc.integer({ min: 0, max: 9 }), { minLength: DOMAINS.length, maxLength: DOMAINS.length }),
    fc.array(
      fc.record({
        rank: fc.option(fc.integer({ min: 0, max: 6 }), { freq: 6 }),
        first_seen: fc.integer({ min: 0, max: 30 }).map(time),
        anchor: fc.option(fc.constantFrom("a", "ab", "abc", "b", "", "b.c", "[x]"), { freq: 5 }),
        domain: fc.integer({ min: 0, max: DOMAINS.length - 1 }),
      }),
      { minLength: 30, maxLength: 150 },
    ),
  )
  .map(([ranks, rows]) =>
    rows.map(
      ({ domain, ...rest }, id): Row => ({
        id,
        ...rest,
        domain_from: DOMAINS[domain] as string,
        domain_from_rank: ranks[domain] as number,
      }),
    ),
  );

/** A grouping with a key that commutes with it (or none: the planner chooses). */
const groupingArb = fc.oneof(
  fc.record({
    grouping: fc.constant<Partial<BacklinksRequest>>({}),
    key: fc.constantFrom(undefined, "rank", "first_seen", "domain_from_rank", "anchor", "domain_from"),
  }),
  fc.record({
    grouping: fc.constantFrom<Partial<BacklinksRequest>>(
      { mode: "one_per_domain" },
      { custom_mode: { field: "domain_from", value: 2 } },
    ),
    key: fc.constantFrom(undefined, "domain_from_rank", "domain_from"),
  }),
  fc.record({
    grouping: fc.constantFrom<Partial<BacklinksRequest>>(
      { mode: "one_per_anchor" },
      { custom_mode: { field: "anchor", value: 3 } },
    ),
    key: fc.constantFrom(undefined, "anchor"),
  }),
);

const requestArb = fc.record({
  g: groupingArb,
  order: fc.constantFrom<BacklinksRequest["order_by"]>(
    undefined,
    ["rank,desc"],
    ["domain_from_rank,asc", "first_seen,desc"],
    ["domain_from_rank,desc", "rank,asc"],
    ["first_seen,desc"],
    ["rank,asc", "first_seen,asc"],
  ),
  /** About this many shards. */
  parts: fc.integer({ min: 2, max: 12 }),
  limit: fc.integer({ min: 1, max: 15 }),
  /** A small offset limit exercises the quantile window and the page-aligned path on small data. */
  maxOffset: fc.constantFrom(undefined, 12, 20, 35),
});

describe("shards (property)", () => {
  it("union equals the unsharded result; ordered plans reproduce its order", async () => {
    const seen = { split: 0, ordered: 0, nested: 0, runs: 0 };
    await fc.assert(
      fc.asyncProperty(dataArb, requestArb, async (rows, r) => {
        const client = fakeClient(rows);
        const request: BacklinksRequest = {
          target: "t",
          limit: r.limit,
          ...r.g.grouping,
          ...(r.order ? { order_by: r.order } : {}),
        };
        const truth = answer(rows, request).map((x) => x.id);
        const plan = await planShards(client, request, {
          targetRows: Math.max(1, Math.ceil(truth.length / r.parts)),
          totalCount: truth.length,
          ...(r.g.key ? { key: r.g.key } : {}),
          ...(r.maxOffset ? { maxOffset: r.maxOffset } : {}),
        });
        const ids: number[] = [];
        for await (const { page } of paginateShards(client, plan, { chains: 3 })) {
          ids.push(...page.items.map((i) => (i as unknown as Row).id));
        }
        seen.runs++;
        if (plan.shards.length > 1) seen.split++;
        if (plan.shards.length > 1 && plan.ordered) seen.ordered++;
        if (plan.shards.some((x) => x.bounds.kind === "nested")) seen.nested++;
        if (plan.ordered) expect(ids).toEqual(truth);
        expect([...ids].sort((a, b) => a - b)).toEqual([...truth].sort((a, b) => a - b));
        expect(plan.difference).toBe(0);
      }),
      { numRuns: 300 },
    );
    // The generators really exercise splitting, ordered plans and nested splits.
    expect(seen.split).toBeGreaterThan(seen.runs / 3);
    expect(seen.ordered).toBeGreaterThan(10);
    expect(seen.nested).toBeGreaterThan(10);
  });
});
