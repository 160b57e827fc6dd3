import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { planParts } from "../src/export/parts.js";

/** Page lengths of a chain: full pages of `limit` and a shorter last page. */
const chain = fc
  .record({ limit: fc.integer({ min: 1, max: 50 }), total: fc.integer({ min: 0, max: 400 }) })
  .map(({ limit, total }) => {
    const pages: number[] = [];
    for (let left = total; left > 0; left -= limit) pages.push(Math.min(limit, left));
    if (total % limit === 0) pages.push(0); // the API answers a final empty page
    return { limit, pages };
  });

describe("planParts", () => {
  it("writes every row once, in order, parts <= partRows, pages split only when partRows < limit", () => {
    fc.assert(
      fc.property(chain, fc.integer({ min: 1, max: 120 }), ({ limit, pages }, partRows) => {
        const slices = planParts(pages, partRows, limit);
        // every row once and in order
        let page = 0;
        let row = 0;
        for (const s of slices) {
          while (page < pages.length && row === pages[page]) {
            page++;
            row = 0;
          }
          expect([s.page, s.from]).toEqual([page, row]);
          row = s.to;
        }
        const total = pages.reduce((a, b) => a + b, 0);
        expect(slices.reduce((a, s) => a + (s.to - s.from), 0)).toBe(total);
        // part sizes
        const sizes = new Map<number, number>();
        for (const s of slices) sizes.set(s.part, (sizes.get(s.part) ?? 0) + s.to - s.from);
        for (const n of sizes.values()) expect(n).toBeLessThanOrEqual(partRows);
        const parts = [...sizes.keys()].sort((a, b) => a - b);
        expect(parts).toEqual(parts.map((_, i) => parts[0]! + i)); // consecutive
        // splitting
        const splitPages = new Set<number>();
        const partsOfPage = new Map<number, Set<number>>();
        for (const s of slices) {
          if (s.to === s.from) continue;
          const set = partsOfPage.get(s.page) ?? new Set();
          set.add(s.part);
          partsOfPage.set(s.page, set);
          if (set.size > 1) splitPages.add(s.page);
        }
        if (partRows >= limit) expect(splitPages.size).toBe(0);
        // all parts but the last are as full as the rule allows
        const full = partRows >= limit ? Math.floor(partRows / limit) * limit : partRows;
        const sorted = parts.map((p) => sizes.get(p)!);
        for (const n of sorted.slice(0, -1)) expect(n).toBe(full);
      }),
    );
  });

  it("cuts 2500 rows into 1000-row parts at page boundaries", () => {
    const slices = planParts([1000, 1000, 500], 1000, 1000);
    expect(slices.map((s) => s.part)).toEqual([0, 1, 2]);
    expect(planParts([300, 300, 300, 100], 700, 300).map((s) => s.part)).toEqual([0, 0, 1, 1]);
    expect(planParts([10, 10], 4, 10).map((s) => [s.part, s.from, s.to])).toEqual([
      [0, 0, 4],
      [1, 4, 8],
      [2, 8, 10],
      [2, 0, 2],
      [3, 2, 6],
      [4, 6, 10],
    ]);
  });
});
