/**
 * The fast JSON writer (item-json.ts, engine.executeJson) against the object path it replaces on
 * the wire: the same parsed value with the same key order — and in fact the same bytes — for
 * every field, rank scale, mode, filter and token page.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildItem, type RankDivisor } from "../src/dataset/item.js";
import { itemJson, writeItemJson } from "../src/dataset/item-json.js";
import { ByteWriter } from "../src/dataset/json-bytes.js";
import { generateTarget, type TargetDataset } from "../src/dataset/target-dataset.js";
import { createEngine } from "../src/engine/engine.js";
import { PageBufferPool } from "../src/server/page-buffers.js";

/** Targets of several sizes and shapes; the last needs escaping, so it takes the object path. */
const DATASETS: readonly TargetDataset[] = [
  generateTarget(1, "example.com", 30_000),
  generateTarget(7, "tiny.test", 40),
  generateTarget(3, "bücher.example", 2_000),
  generateTarget(5, "xn--80ak6aa92e.com", 5_000),
  generateTarget(2, 'we"ird\\name.com', 300),
];
const DIVISORS: readonly RankDivisor[] = [1, 10];

/** Same value and key order (the brief's test), and the exact bytes JSON.stringify writes. */
function expectSame(fast: string, item: Record<string, unknown>): void {
  const slow = JSON.stringify(item);
  expect(JSON.stringify(JSON.parse(fast))).toBe(slow);
  expect(fast).toBe(slow);
}

describe("itemJson", () => {
  it("writes every row of several targets exactly as JSON.stringify(buildItem) does, on both rank scales", () => {
    let rows = 0;
    for (const ds of DATASETS) {
      // Every row of small targets; a stride through the large one, covering all three row ranges.
      const step = ds.rowCount > 5_000 ? 7 : 1;
      for (let row = 0; row < ds.rowCount; row += step) {
        for (const divisor of DIVISORS) {
          const groupCount = row % 5 === 0 ? row % 97 : 0;
          expectSame(itemJson(ds, row, groupCount, divisor), buildItem(ds, row, groupCount, divisor));
          rows++;
        }
      }
    }
    expect(rows).toBeGreaterThan(15_000);
  });

  it("property: any row of any target, any rank scale and group count, is the object path's JSON", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: DATASETS.length - 1 }),
        fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
        fc.constantFrom(...DIVISORS),
        fc.integer({ min: 0, max: 1_000_000 }),
        (which, at, divisor, groupCount) => {
          const ds = DATASETS[which] as TargetDataset;
          const row = Math.floor(at * ds.rowCount);
          expectSame(itemJson(ds, row, groupCount, divisor), buildItem(ds, row, groupCount, divisor));
        },
      ),
      { numRuns: 2_000 },
    );
  });

  it("grows its buffer across many items without losing bytes", () => {
    const ds = DATASETS[0] as TargetDataset;
    const w = new ByteWriter(16);
    const expected: string[] = [];
    for (let row = 0; row < 300; row++) {
      if (row > 0) w.byte(44);
      w.text(JSON.stringify({ row }));
      w.byte(44);
      expected.push(`{"row":${row}}`, JSON.stringify(buildItem(ds, row, row, 1)));
      writeItemJson(w, ds, row, row, 1);
    }
    expect(w.take().toString("utf8")).toBe(expected.join(","));
  });
});

describe("engine.executeJson", () => {
  const engine = createEngine({
    seed: 11,
    targets: { "example.com": 8_000, "small.test": 1_500, "bücher.example": 700 },
  });
  const requests: Record<string, unknown>[] = [
    { target: "example.com", limit: 1000 },
    { target: "example.com", limit: 1000, rank_scale: "one_hundred" },
    { target: "example.com", limit: 500, mode: "one_per_domain", rank_scale: "one_thousand" },
    { target: "example.com", limit: 700, mode: "one_per_anchor", rank_scale: "one_hundred" },
    { target: "small.test", limit: 300, custom_mode: { field: "anchor", value: 2 } },
    {
      target: "small.test",
      limit: 300,
      custom_mode: { field: "domain_from", value: 3 },
      rank_scale: "one_hundred",
    },
    {
      target: "example.com",
      limit: 1000,
      mode: "one_per_domain",
      filters: [["dofollow", "=", true], "and", ["domain_from_rank", ">", 100]],
      order_by: ["domain_from_rank,desc", "page_from_rank,asc"],
    },
    { target: "example.com", limit: 1000, backlinks_status_type: "all", include_indirect_links: true },
    { target: "example.com", limit: 1000, exclude_internal_backlinks: false, include_subdomains: true },
    { target: "blog.example.com", limit: 100 },
    { target: "WWW.Example.com", limit: 100, offset: 50 },
    { target: "example.com", limit: 100, offset: 20_000 },
    { target: "unknown.test", limit: 100 },
    { target: "bücher.example", limit: 1000, mode: "as_is", rank_scale: "one_hundred" },
  ];

  it.each(requests.map((r) => [JSON.stringify(r), r] as const))(
    "walks %s page by page with exactly JSON.stringify(execute(task))'s bytes",
    (_name, request) => {
      let task: Record<string, unknown> = request;
      for (let pages = 0; pages < 50; pages++) {
        const fast = engine.executeJson(task);
        const slow = engine.execute(task);
        expect(fast.json.toString("utf8")).toBe(JSON.stringify(slow));
        expect(JSON.stringify(JSON.parse(fast.json.toString("utf8")))).toBe(JSON.stringify(slow));
        expect(fast.itemsCount).toBe(slow.items_count);
        expect(fast.token).toBe(slow.search_after_token);
        if (slow.items_count === 0) break;
        task = { ...request, search_after_token: slow.search_after_token };
      }
    },
  );

  it("writes into pooled buffers without copying: same bytes, and a reused buffer never leaks an old page", () => {
    const pool = new PageBufferPool();
    const task = { target: "example.com", limit: 1000 };
    const first = engine.executeJson(task, pool);
    const expected = JSON.stringify(engine.execute(task));
    expect(first.json.toString("utf8")).toBe(expected);
    const firstStore = first.json.buffer;
    pool.release(first.json);
    // The next page is written over the first one's bytes; a shorter page must not show its tail.
    const next = { target: "small.test", limit: 3 };
    const second = engine.executeJson(next, pool);
    expect(second.json.buffer).toBe(firstStore);
    expect(second.json.toString("utf8")).toBe(JSON.stringify(engine.execute(next)));
  });

  it("refuses a bad task with the same error as execute", () => {
    const bad = { target: "example.com", limit: 5000 };
    expect(() => engine.executeJson(bad)).toThrow(
      expect.objectContaining({ statusCode: 40501, statusMessage: "Invalid Field: 'limit'." }),
    );
  });
});
