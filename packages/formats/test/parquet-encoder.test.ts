import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parquetMetadata } from "hyparquet";
import { afterAll, describe, expect, it } from "vitest";
import { allNullItem, fullItem } from "./support/fixtures.js";
import { expectFileHolds } from "./support/round-trip.js";
import { encode, type Variant } from "./support/variants.js";

const dir = mkdtempSync(join(tmpdir(), "formats-encoder-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ROWS = 3000;
const MAX = Number.MAX_SAFE_INTEGER;
const stamp = (i: number) => {
  const d = new Date(Date.UTC(2016, 0, 1) + i * 86_461_000);
  return `${d.toISOString().slice(0, 10)} ${d.toISOString().slice(11, 19)} +00:00`;
};

/**
 * Rows that drive every encoding path of the column chunk encoder inside one row group: PLAIN text
 * over several pages (~1.2 MB of url_from), a dictionary column that falls back to PLAIN (all
 * distinct) and one with a single value (0-bit indexes), ints by dictionary and PLAIN (with the
 * safe-integer extremes, negatives and -0), timestamps PLAIN, an all-null column, lists by
 * dictionary and PLAIN (null lists, empty lists, null elements), booleans RLE.
 */
function encoderRows(): Record<string, unknown>[] {
  const rows: Record<string, unknown>[] = [];
  for (let i = 0; i < ROWS; i++) {
    const sign = i % 2 === 0 ? 1 : -1;
    rows.push(
      i === 7
        ? allNullItem()
        : fullItem({
            type: "backlink",
            url_from: `https://example.com/${i}/${"p".repeat(400)}`,
            domain_to: `distinct-${i}.example`,
            tld_from: i % 5 === 0 ? null : ["com", "de", "org"][i % 3],
            rank: i % 11 === 0 ? -0 : sign * (i % 7),
            page_from_size: i === 1 ? MAX : i === 2 ? -MAX : sign * i * 1_000_003,
            first_seen: stamp(i),
            prev_seen: null,
            attributes: i % 4 === 0 ? null : [`attr-${i}`, `attr-${i + 1}`],
            domain_from_platform_type:
              i % 6 === 0 ? null : i % 6 === 1 ? [] : i % 6 === 2 ? ["cms", null] : ["blogs", "cms", "wikis"],
            is_new: true,
            is_lost: i % 3 === 0 ? null : i % 2 === 0,
          }),
    );
  }
  return rows;
}

const variants: Variant[] = [
  { label: "parquet snappy one group", format: "parquet", options: { parquet: { rowGroupSize: ROWS } } },
  {
    label: "parquet none one group",
    format: "parquet",
    options: { compression: "none", parquet: { rowGroupSize: ROWS, workers: 1 } },
  },
];

describe("Parquet column chunk encoder", () => {
  for (const variant of variants) {
    it(`reads back every encoding path exactly (${variant.label})`, { timeout: 60_000 }, async () => {
      const rows = encoderRows();
      const bytes = await encode(variant, [rows.slice(0, 1000), rows.slice(1000)]);
      await expectFileHolds(variant, bytes, rows, dir);

      // The paths meant to be exercised were: check the encodings the footer records.
      const meta = parquetMetadata(
        bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length) as ArrayBuffer,
      );
      expect(meta.row_groups).toHaveLength(1);
      const chunk = (name: string) =>
        meta.row_groups[0]!.columns.find((c) => c.meta_data!.path_in_schema[0] === name)!;
      const encodings = (name: string) => chunk(name).meta_data!.encodings;
      expect(chunk("url_from").offset_index_offset).toBeDefined(); // more than one page
      expect(encodings("url_from")).toEqual(["PLAIN"]);
      expect(encodings("domain_to")).toEqual(["PLAIN"]);
      expect(encodings("type")).toContain("RLE_DICTIONARY");
      expect(encodings("tld_from")).toContain("RLE_DICTIONARY");
      expect(encodings("rank")).toContain("RLE_DICTIONARY");
      expect(encodings("page_from_size")).toEqual(["PLAIN"]);
      expect(encodings("first_seen")).toEqual(["PLAIN"]);
      expect(encodings("attributes")).toEqual(["PLAIN"]);
      expect(encodings("domain_from_platform_type")).toContain("RLE_DICTIONARY");
      expect(encodings("is_lost")).toEqual(["RLE"]);
      // Statistics on ints and timestamps, as DuckDB and hyparquet read them.
      const stats = chunk("page_from_size").meta_data!.statistics!;
      expect(stats.min_value).toBe(BigInt(-MAX));
      expect(stats.max_value).toBe(BigInt(MAX));
      expect(stats.null_count).toBe(1n);
      expect(chunk("prev_seen").meta_data!.statistics!.null_count).toBe(BigInt(ROWS));
    });
  }
});
