import { describe, expect, it } from "vitest";
import { createEngine } from "../src/engine/engine.js";
import { EngineConfigError, SimTaskError } from "../src/engine/errors.js";
import { allRows, rowKey, smallEngine } from "./engine-support.js";

const engine = smallEngine(3);
type Item = Record<string, unknown>;
const truth = (request: Record<string, unknown>): Item[] => [...engine.truth(request).items()];

const reversed = (host: string): string => `${host.split(".").reverse().join(".")}.`;

/** Independent comparator of two items under order_by (+ last_seen desc), nulls last. */
function compareItems(a: Item, b: Item, orderBy: string[]): number {
  const rules = [...orderBy];
  if (!rules.some((r) => r.startsWith("last_seen,"))) rules.push("last_seen,desc");
  for (const rule of rules) {
    const [field, dir] = rule.split(",") as [string, string];
    let x = a[field] as string | number | boolean | null;
    let y = b[field] as string | number | boolean | null;
    if (x === null || y === null) {
      if (x === y) continue;
      return x === null ? 1 : -1;
    }
    if (field === "domain_from") {
      x = reversed(x as string);
      y = reversed(y as string);
    }
    if (typeof x === "boolean") {
      x = Number(x);
      y = Number(y);
    }
    const c = x < y ? -1 : x > y ? 1 : 0;
    if (c !== 0) return dir === "desc" ? -c : c;
  }
  return 0;
}

function expectOrdered(items: Item[], orderBy: string[]): void {
  for (let i = 1; i < items.length; i++) {
    const c = compareItems(items[i - 1] as Item, items[i] as Item, orderBy);
    if (c > 0) throw new Error(`rows ${i - 1} and ${i} out of order for ${orderBy.join(" ")}`);
  }
}

function expectTaskError(task: unknown, field: string): void {
  let error: unknown;
  try {
    engine.execute(task);
  } catch (e) {
    error = e;
  }
  expect(error, JSON.stringify(task)).toBeInstanceOf(SimTaskError);
  expect((error as SimTaskError).statusCode).toBe(40501);
  expect((error as SimTaskError).statusMessage).toBe(`Invalid Field: '${field}'.`);
}

describe("validation", () => {
  it("maps the first problem to 40501 Invalid Field: '<field>'.", () => {
    expectTaskError({}, "target");
    expectTaskError({ target: "small.test", limit: 0 }, "limit");
    expectTaskError({ target: "small.test", limit: 1001 }, "limit");
    expectTaskError({ target: "small.test", offset: 20_001 }, "offset");
    expectTaskError({ target: "small.test", mode: "one_per_page" }, "mode");
    expectTaskError({ target: "small.test", filters: ["nope", "=", 1] }, "filters");
    expectTaskError({ target: "small.test", filters: ["rank", "like", "%1"] }, "filters");
    expectTaskError({ target: "small.test", order_by: ["a,desc", "b,asc", "c,asc", "d,asc"] }, "order_by");
    expectTaskError({ target: "small.test", custom_mode: { field: "domain_from", value: 0 } }, "custom_mode");
    expectTaskError({ target: "small.test", backlinks_status_type: "dead" }, "backlinks_status_type");
    expectTaskError({ target: "small.test", search_after_token: "" }, "search_after_token");
  });

  it("accepts offset 20,000", () => {
    expect(engine.execute({ target: "small.test", offset: 20_000 }).items_count).toBe(0);
  });

  it("refuses bad engine options with a clear error", () => {
    expect(() => createEngine({ seed: 1.5 })).toThrowError(EngineConfigError);
    expect(() => createEngine({ targets: { "example.com": -1 } })).toThrowError(/example\.com.*-1/);
    expect(() => createEngine({ targets: { "not a domain": 5 } })).toThrowError(EngineConfigError);
    expect(() => createEngine({ cache: { entries: 0 } })).toThrowError(/cache\.entries/);
  });
});

describe("result", () => {
  it("has the documented fields, and limit defaults to 100", () => {
    const r = engine.execute({ target: "small.test" });
    expect(Object.keys(r)).toEqual([
      "target",
      "mode",
      "custom_mode",
      "total_count",
      "items_count",
      "items",
      "search_after_token",
    ]);
    expect(r).toMatchObject({ target: "small.test", mode: "as_is", custom_mode: null, items_count: 100 });
    expect(r.total_count).toBe(3_000);
    const custom = engine.execute({
      target: "small.test",
      custom_mode: { field: "anchor", value: 2 },
      limit: 1,
    });
    expect(custom.mode).toBeNull();
    expect(custom.custom_mode).toEqual({ field: "anchor", value: 2 });
  });

  it("echoes the target as sent, and normalises it to select rows", () => {
    const r = engine.execute({ target: "WWW.Small.Test", limit: 1 });
    expect(r.target).toBe("WWW.Small.Test");
    expect(r.total_count).toBe(3_000);
  });

  it("pages with limit and offset", () => {
    const all = truth({ target: "small.test" });
    const page = engine.execute({ target: "small.test", limit: 7, offset: 100 });
    expect(page.items).toEqual(all.slice(100, 107));
    expect(engine.execute({ target: "small.test", limit: 1000, offset: 2_500 }).items_count).toBe(500);
  });

  it("answers an unknown target with no backlinks", () => {
    const r = engine.execute({ target: "unknown.example" });
    expect(r.total_count).toBe(0);
    expect(r.items).toEqual([]);
    expect(engine.truth({ target: "unknown.example" }).totalCount).toBe(0);
  });
});

describe("order_by", () => {
  const orders = [
    ["rank,desc"],
    ["rank,asc"],
    ["domain_from,asc"],
    ["domain_from,desc", "page_from_rank,asc"],
    ["dofollow,desc", "first_seen,asc"],
    ["prev_seen,desc"],
    ["anchor,asc", "url_to_status_code,desc", "is_new,asc"],
    ["url_from,asc"],
  ];
  for (const orderBy of orders) {
    it(`sorts by ${orderBy.join(" ")}, then last_seen desc`, () => {
      expectOrdered(truth({ target: "small.test", order_by: orderBy }), orderBy);
    });
  }

  it("gives the same small first page without a cached full order (top-k path)", () => {
    for (const orderBy of [undefined, ...orders]) {
      const request: Record<string, unknown> = { target: "small.test", limit: 7, offset: 13 };
      if (orderBy !== undefined) request.order_by = orderBy;
      request.filters = ["item_type", "<>", "meta"];
      const fresh = smallEngine(3); // nothing cached: the first page comes from a bounded heap
      const page = fresh.execute(request);
      const all = truth({ ...request, offset: 0 });
      expect(page.items).toEqual(all.slice(13, 20));
      expect(page.total_count).toBe(all.length);
      const next = fresh.execute({ ...request, search_after_token: page.search_after_token });
      expect(next.items).toEqual(all.slice(20, 27));
    }
    const past = smallEngine(3).execute({ target: "tiny.test", limit: 50, offset: 20_000 });
    expect(past.items_count).toBe(0);
    expect(
      smallEngine(3).execute({
        target: "tiny.test",
        limit: 50,
        offset: 20_000,
        search_after_token: past.search_after_token,
      }).items_count,
    ).toBe(0);
  });

  it("defaults to rank desc, last_seen desc", () => {
    const items = truth({ target: "small.test" });
    expectOrdered(items, ["rank,desc"]);
    expect(items).toEqual(truth({ target: "small.test", order_by: ["rank,desc", "last_seen,desc"] }));
  });

  it("orders domain_from by its labels reversed (TLD, then domain, then subdomain)", () => {
    const domains = truth({ target: "small.test", order_by: ["domain_from,asc"] }).map(
      (i) => i.domain_from as string,
    );
    const byTld = domains.map((d) => d.split(".").pop());
    expect(byTld).toEqual([...byTld].sort());
    // Not plain string order: the sort key is the reversed labels.
    expect(domains).not.toEqual([...domains].sort());
  });
});

describe("grouping", () => {
  /** The independent oracle: keep the first N of each group of the as_is order. */
  function grouped(items: Item[], field: string, n: number): Item[] {
    const counts = new Map<unknown, number>();
    for (const i of items) counts.set(i[field], (counts.get(i[field]) ?? 0) + 1);
    const taken = new Map<unknown, number>();
    const out: Item[] = [];
    for (const i of items) {
      const t = taken.get(i[field]) ?? 0;
      if (t < n) {
        taken.set(i[field], t + 1);
        out.push({ ...i, group_count: counts.get(i[field]) });
      }
    }
    return out;
  }
  const base = { target: "small.test", filters: ["dofollow", "=", true], order_by: ["page_from_rank,desc"] };

  it("as_is returns every row with group_count 0", () => {
    const items = truth(base);
    expect(items.every((i) => i.group_count === 0)).toBe(true);
  });

  it("one_per_domain keeps the top row per domain, group_count = group size", () => {
    const expected = grouped(truth(base), "domain_from", 1);
    const got = truth({ ...base, mode: "one_per_domain" });
    expect(got).toEqual(expected);
    expect(got.length).toBeLessThan(truth(base).length / 2);
    expect(got.some((i) => (i.group_count as number) > 10)).toBe(true);
    expect(engine.execute({ ...base, mode: "one_per_domain" }).total_count).toBe(expected.length);
  });

  it("one_per_anchor keeps the top row per anchor", () => {
    expect(truth({ ...base, mode: "one_per_anchor" })).toEqual(grouped(truth(base), "anchor", 1));
  });

  it("orders groups by group_count (the group size) when asked", () => {
    const asIs = truth({ target: "small.test", order_by: ["group_count,desc"] });
    expect(asIs.every((i) => i.group_count === 0)).toBe(true);
    const expected = grouped(asIs, "domain_from", 1).sort(
      (a, b) => (b.group_count as number) - (a.group_count as number),
    );
    const got = truth({ target: "small.test", mode: "one_per_domain", order_by: ["group_count,desc"] });
    expect(got).toEqual(expected);
    expectOrdered(got, ["group_count,desc"]);
  });

  for (const field of [
    "anchor",
    "domain_from",
    "domain_from_country",
    "tld_from",
    "page_from_encoding",
    "page_from_language",
    "item_type",
    "page_from_status_code",
    "semantic_location",
  ]) {
    it(`custom_mode keeps N per ${field} (mode ignored)`, () => {
      const got = truth({ ...base, mode: "one_per_domain", custom_mode: { field, value: 3 } });
      expect(got).toEqual(grouped(truth(base), field, 3));
    });
  }
});

describe("scope switches", () => {
  const rows = allRows(engine, "small.test");
  const count = (request: Record<string, unknown>): number =>
    engine.execute({ target: "small.test", limit: 1, ...request }).total_count;

  it("backlinks_status_type selects live, lost or all", () => {
    const live = count({});
    const lost = count({ backlinks_status_type: "lost" });
    expect(lost).toBeGreaterThan(0);
    expect(count({ backlinks_status_type: "all" })).toBe(live + lost);
    expect(
      truth({ target: "small.test", backlinks_status_type: "lost" }).every((i) => i.is_lost === true),
    ).toBe(true);
  });

  it("exclude_internal_backlinks drops links from the target's own subdomains", () => {
    const internal = rows.filter((i) => String(i.domain_from).endsWith(".small.test"));
    expect(internal.length).toBeGreaterThan(0);
    const withInternal = count({ backlinks_status_type: "all", exclude_internal_backlinks: false });
    expect(withInternal - count({ backlinks_status_type: "all" })).toBe(internal.length);
  });

  it("include_subdomains: false keeps links to the target itself (and www.)", () => {
    const items = truth({ target: "small.test", include_subdomains: false });
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((i) => i.domain_to === "small.test" || i.domain_to === "www.small.test")).toBe(true);
    expect(items.length).toBeLessThan(count({}));
  });

  it("include_indirect_links: false drops indirect links", () => {
    const indirect = truth({ target: "small.test" }).filter((i) => i.is_indirect_link === true);
    expect(indirect.length).toBeGreaterThan(0);
    expect(indirect.every((i) => Array.isArray(i.indirect_link_path))).toBe(true);
    expect(count({ include_indirect_links: false })).toBe(count({}) - indirect.length);
  });

  it("a subdomain target selects links to that host; a page target to that URL", () => {
    const blog = truth({ target: "blog.small.test" });
    expect(blog.length).toBeGreaterThan(0);
    expect(blog.every((i) => i.domain_to === "blog.small.test")).toBe(true);
    const url = String(blog[0]?.url_to);
    const page = truth({ target: url });
    expect(page.length).toBeGreaterThan(0);
    expect(page.every((i) => i.url_to === url)).toBe(true);
  });

  it("rank_scale one_hundred divides the three ranks by 10, rounded", () => {
    const thousand = truth({ target: "small.test" });
    const hundred = truth({ target: "small.test", rank_scale: "one_hundred" });
    const byKey = new Map(thousand.map((i) => [rowKey(i), i]));
    for (const item of hundred) {
      const orig = byKey.get(rowKey(item)) as Item;
      for (const f of ["rank", "page_from_rank", "domain_from_rank"]) {
        expect(item[f]).toBe(Math.round((orig[f] as number) / 10));
      }
    }
  });
});
