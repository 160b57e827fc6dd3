import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SimTaskError } from "../src/engine/errors.js";
import { decodeTokenJson, rowKey, smallEngine, walkItems, walkPages } from "./engine-support.js";

const engine = smallEngine();

const REQUESTS: Record<string, Record<string, unknown>> = {
  as_is: { target: "small.test", limit: 97 },
  one_per_domain: { target: "small.test", mode: "one_per_domain", limit: 50 },
  one_per_anchor: {
    target: "small.test",
    mode: "one_per_anchor",
    order_by: ["page_from_rank,desc"],
    limit: 33,
  },
  custom_mode: { target: "small.test", custom_mode: { field: "domain_from", value: 3 }, limit: 64 },
  "as_is filtered": {
    target: "small.test",
    filters: [["dofollow", "=", true], "and", [["rank", ">", 5], "or", ["anchor", "like", "%e%"]]],
    order_by: ["domain_from,desc", "rank,asc"],
    limit: 41,
  },
  "one_per_domain filtered": {
    target: "small.test",
    mode: "one_per_domain",
    filters: ["item_type", "=", "anchor"],
    order_by: ["domain_from_rank,desc"],
    limit: 20,
  },
  "custom_mode filtered": {
    target: "small.test",
    custom_mode: { field: "domain_from_country", value: 10 },
    filters: ["backlink_spam_score", "<", 40],
    backlinks_status_type: "all",
    limit: 7,
  },
  "heavy ties (bool key)": { target: "small.test", order_by: ["dofollow,desc"], limit: 13 },
};

describe("search_after_token walk", () => {
  for (const [name, request] of Object.entries(REQUESTS)) {
    it(`returns exactly the ground truth for ${name}`, () => {
      const truth = engine.truth(request);
      const expected = [...truth.items()];
      const pages = walkPages(engine, request);
      const got = pages.flatMap((p) => p.items);
      expect(expected.length).toBeGreaterThan(0);
      expect(got).toEqual(expected);
      expect(new Set(got.map(rowKey)).size).toBe(got.length);
      for (const page of pages) {
        expect(page.total_count).toBe(truth.totalCount);
        expect(typeof page.search_after_token).toBe("string");
      }
      expect(got.length).toBe(truth.totalCount);
    });
  }

  it("returns a token on the last page too, and the page after it is empty", () => {
    const pages = walkPages(engine, { target: "tiny.test", limit: 1000 });
    expect(pages).toHaveLength(2);
    expect(pages[0]?.items_count).toBe(pages[0]?.total_count);
    expect(pages[1]?.items_count).toBe(0);
    expect(pages[1]?.search_after_token).toBeTruthy();
  });

  it("has the real token's shape: CurrentOffset, RawRequest, SearchAfterData", () => {
    const page = engine.execute({ target: "small.test", limit: 5 });
    const token = decodeTokenJson(page.search_after_token);
    const last = page.items[4] as Record<string, unknown>;
    expect(token.CurrentOffset).toBe(0);
    expect(token.RawRequest).toMatchObject({ target: "small.test", limit: 5, backlinks_status_type: "live" });
    const data = token.SearchAfterData as Record<string, unknown>;
    expect(data.Version).toBe(1);
    expect(data.TokenRealOffset).toBe(5);
    const values = data.SearchAfterValues as Record<string, unknown>;
    expect(values.rank).toBe(last.rank);
    expect(values.last_seen).toBe(String(last.last_seen).replace(" +00:00", "+00:00").replace(" ", "T"));
    expect(Number.isInteger(values.row_key)).toBe(true);
  });

  it("mimics sample-response.json: reversed domain_from and last_seen in SearchAfterValues", () => {
    // The sample's request: custom_mode domain_from/100, anchor like, order_by domain_from desc, limit 5.
    const request = {
      target: "small.test",
      custom_mode: { field: "domain_from", value: 100 },
      filters: ["anchor", "like", "%e%"],
      order_by: ["domain_from,desc"],
      limit: 5,
    };
    const page = engine.execute(request);
    expect(page.mode).toBeNull();
    const last = page.items[4] as Record<string, unknown>;
    const data = decodeTokenJson(page.search_after_token).SearchAfterData as Record<string, unknown>;
    const values = data.SearchAfterValues as Record<string, unknown>;
    expect(Object.keys(values)).toEqual(["domain_from", "last_seen", "row_key"]);
    expect(values.domain_from).toBe(`${String(last.domain_from).split(".").reverse().join(".")}.`);
    expect(data.TokenRealOffset).toBe(5);
  });

  it("survives a restart: a fresh engine with the same seed honours the token", () => {
    const request = { target: "small.test", mode: "one_per_domain", limit: 25 };
    const first = engine.execute(request);
    const restarted = smallEngine();
    const next = restarted.execute({ ...request, search_after_token: first.search_after_token });
    const expected = [...engine.truth(request).items()].slice(25, 50);
    expect(next.items).toEqual(expected);
  });

  it("starts after an offset and walks on from there", () => {
    const request = { target: "small.test", limit: 100, offset: 250 };
    const got = walkItems(engine, request);
    const all = [...engine.truth({ target: "small.test" }).items()];
    expect(got).toEqual(all.slice(250));
    expect([...engine.truth(request).items()]).toEqual(all.slice(250));
  });

  it("is refused when any other parameter changed", () => {
    const request = { target: "small.test", limit: 10, filters: ["dofollow", "=", true] };
    const { search_after_token } = engine.execute(request);
    const changed: Record<string, unknown>[] = [
      { ...request, limit: 11 },
      { ...request, filters: ["dofollow", "=", false] },
      { ...request, order_by: ["rank,asc"] },
      { ...request, mode: "one_per_domain" },
      { ...request, target: "tiny.test" },
      { ...request, backlinks_status_type: "all" },
      { ...request, include_subdomains: false },
      { ...request, rank_scale: "one_hundred" },
      { ...request, tag: "x" },
    ];
    for (const task of changed) {
      expect(() => engine.execute({ ...task, search_after_token })).toThrowError(
        expect.objectContaining({ statusCode: 40501, statusMessage: "Invalid Field: 'search_after_token'." }),
      );
    }
    // Explicit defaults are the same request.
    const same = engine.execute({
      ...request,
      mode: "as_is",
      backlinks_status_type: "live",
      search_after_token,
    });
    expect(same.items_count).toBe(10);
  });

  it("is refused when undecodable or tampered with", () => {
    const request = { target: "small.test", limit: 10 };
    const good = decodeTokenJson(engine.execute(request).search_after_token);
    const encode = (v: unknown): string => Buffer.from(JSON.stringify(v)).toString("base64");
    const data = good.SearchAfterData as Record<string, unknown>;
    const bad = [
      "not a token!",
      Buffer.from("{oops").toString("base64"),
      encode({ ...good, SearchAfterData: { ...data, Version: 2 } }),
      encode({ ...good, SearchAfterData: { ...data, SearchAfterValues: { rank: "high" } } }),
      encode({ ...good, SearchAfterData: { ...data, TokenRealOffset: -1 } }),
    ];
    for (const token of bad) {
      let error: unknown;
      try {
        engine.execute({ ...request, search_after_token: token });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(SimTaskError);
      expect((error as SimTaskError).statusMessage).toBe("Invalid Field: 'search_after_token'.");
    }
  });
});

describe("search_after_token walk (property)", () => {
  const condition = fc.oneof(
    fc.record({
      f: fc.constant("rank"),
      op: fc.constantFrom("<", ">=", "="),
      v: fc.integer({ min: 0, max: 300 }),
    }),
    fc.record({ f: fc.constant("dofollow"), op: fc.constant("="), v: fc.boolean() }),
    fc.record({
      f: fc.constant("item_type"),
      op: fc.constantFrom("=", "<>"),
      v: fc.constantFrom("anchor", "image"),
    }),
    fc.record({
      f: fc.constant("anchor"),
      op: fc.constantFrom("like", "not_like"),
      v: fc.constantFrom("%a%", "%o", "s%"),
    }),
    fc.record({
      f: fc.constant("domain_from_country"),
      op: fc.constantFrom("=", "<>"),
      v: fc.constantFrom("US", "DE"),
    }),
  );
  const filters = fc.oneof(
    fc.constant(undefined),
    condition.map((c) => [c.f, c.op, c.v]),
    fc
      .tuple(condition, fc.constantFrom("and", "or"), condition)
      .map(([a, j, b]) => [[a.f, a.op, a.v], j, [b.f, b.op, b.v]]),
  );
  const grouping = fc.oneof(
    fc.record({ mode: fc.constantFrom("as_is", "one_per_domain", "one_per_anchor") }),
    fc.record({
      custom_mode: fc.record({
        field: fc.constantFrom("domain_from", "anchor", "item_type", "tld_from", "page_from_status_code"),
        value: fc.integer({ min: 1, max: 4 }),
      }),
    }),
  );
  const order = fc.constantFrom(
    undefined,
    ["rank,asc"],
    ["domain_from,asc", "dofollow,desc"],
    ["is_new,desc", "item_type,asc", "prev_seen,asc"],
    ["url_from,desc"],
    ["group_count,desc", "rank,asc"],
  );

  it("returns every row of the ground truth exactly once, in order", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 120 }),
        filters,
        grouping,
        order,
        fc.constantFrom("live", "all", "lost"),
        (limit, filter, group, orderBy, status) => {
          const request: Record<string, unknown> = {
            target: "tiny.test",
            limit,
            backlinks_status_type: status,
            ...group,
          };
          if (filter !== undefined) request.filters = filter;
          if (orderBy !== undefined) request.order_by = orderBy;
          const expected = [...engine.truth(request).items()];
          const got = walkItems(engine, request);
          expect(got.map(rowKey)).toEqual(expected.map(rowKey));
          expect(new Set(got.map(rowKey)).size).toBe(got.length);
        },
      ),
      { numRuns: 60, seed: 4242 },
    );
  });
});
