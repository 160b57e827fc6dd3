/**
 * The page writer's batch path (writeItemsJson: fragments planned a batch ahead, constants from
 * the slab) against JSON.stringify of the same item objects: byte for byte, for any seed, any run
 * of rows in any order (across batch boundaries), both rank scales and any group counts.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildItem, type RankDivisor } from "../src/dataset/item.js";
import { writeItemsJson } from "../src/dataset/item-json.js";
import { ByteWriter } from "../src/dataset/json-bytes.js";
import { generateTarget, type TargetDataset } from "../src/dataset/target-dataset.js";

/** Datasets by seed, made once each (a property run draws from a few seeds many times). */
const bySeed = new Map<number, TargetDataset>();
function dataset(seed: number): TargetDataset {
  let ds = bySeed.get(seed);
  if (ds === undefined) {
    ds = generateTarget(seed, seed % 2 === 0 ? "example.com" : "shop.example.org", 3_000 + (seed % 5) * 700);
    bySeed.set(seed, ds);
  }
  return ds;
}

/** What the writer must produce: the items' JSON.stringify texts, comma-separated. */
function expected(
  ds: TargetDataset,
  rows: Uint32Array,
  counts: Uint32Array | null,
  start: number,
  end: number,
  divisor: RankDivisor,
): string {
  const parts: string[] = [];
  for (let p = start; p < end; p++) {
    const gc = counts === null ? 0 : (counts[p] as number);
    parts.push(JSON.stringify(buildItem(ds, rows[p] as number, gc, divisor)));
  }
  return parts.join(",");
}

describe("writeItemsJson", () => {
  it("property: any rows of any seed's target, in any order and range, are JSON.stringify's bytes", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 11 }),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), {
          minLength: 1,
          maxLength: 300,
        }),
        fc.nat({ max: 299 }),
        fc.constantFrom<RankDivisor>(1, 10),
        fc.boolean(),
        (seed, picks, cut, divisor, grouped) => {
          const ds = dataset(seed);
          const rows = Uint32Array.from(picks, (u) => Math.floor(u * ds.rowCount));
          const counts = grouped
            ? Uint32Array.from(picks, (u, i) => (i % 3 === 0 ? 0 : Math.floor(u * 5000)))
            : null;
          const start = Math.min(cut, rows.length - 1);
          const w = new ByteWriter(64);
          w.byte(91); // [ : a page's items never start at offset 0
          writeItemsJson(w, ds, rows, counts, start, rows.length, divisor);
          expect(w.take().toString("utf8")).toBe(
            `[${expected(ds, rows, counts, start, rows.length, divisor)}`,
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it("writes every row of a target in rank order, 1000 at a time, exactly as JSON.stringify does", () => {
    const ds = dataset(4);
    const rows = Uint32Array.from({ length: ds.rowCount }, (_, i) => i).sort(
      (a, b) => (ds.rank[b] as number) - (ds.rank[a] as number) || a - b,
    );
    const w = new ByteWriter();
    let pages = 0;
    for (let start = 0; start < rows.length; start += 1000) {
      const end = Math.min(rows.length, start + 1000);
      writeItemsJson(w, ds, rows, null, start, end, 1);
      expect(w.take().toString("utf8")).toBe(expected(ds, rows, null, start, end, 1));
      pages++;
    }
    expect(pages).toBeGreaterThan(3);
  });
});
