import { stringify } from "csv-stringify/sync";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { csvStringifyOptions, csvText } from "../src/csv.js";
import { fullItem, toBatches } from "./support/fixtures.js";
import { encode, VARIANTS } from "./support/variants.js";

const text = fc.oneof(
  fc.string({ unit: "grapheme", maxLength: 20 }),
  fc.constantFrom("", "=1+1", "-5", "+x", "@a", "\tt", "\rr", 'a"b', "a,b", "l1\r\nl2", "\uFF1Dx"),
);
const stamp = fc.integer({ min: Date.UTC(2000, 0, 1) / 1000, max: Date.UTC(2030, 0, 1) / 1000 }).map((s) => {
  const iso = new Date(s * 1000).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} +00:00`;
});

/** Items varying in the columns of every logical type, sometimes with an unknown field. */
const item = fc
  .record({
    domain_from: fc.option(text),
    anchor: fc.option(text),
    rank: fc.option(fc.integer({ min: -5, max: 1_000_000 })),
    dofollow: fc.option(fc.boolean()),
    first_seen: fc.option(stamp),
    attributes: fc.option(fc.array(fc.option(text), { maxLength: 3 })),
    ranked_keywords_info: fc.option(fc.dictionary(fc.string({ maxLength: 4 }), fc.integer(), { maxKeys: 2 })),
    surprise: fc.option(text),
  })
  .map(({ surprise, ...fields }) => fullItem(surprise === null ? fields : { ...fields, surprise }));

const rowsAndSplit = fc.tuple(
  fc.array(item, { maxLength: 25 }),
  fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 8 }),
);

describe.each(VARIANTS)("$label", (variant) => {
  it("writes the same bytes however the input is split into batches", async () => {
    // Parquet row groups are cut by row count, so a small group size makes batches straddle groups.
    // In-thread encoding here (fast); the property below checks the worker path against it.
    const options =
      variant.format === "parquet"
        ? { ...variant.options, parquet: { rowGroupSize: 4, workers: 0 } }
        : variant.options;
    const v = { ...variant, options };
    await fc.assert(
      fc.asyncProperty(rowsAndSplit, async ([rows, sizes]) => {
        // Size 0 stands for an empty page, which must not change the output either.
        const split = toBatches(
          rows,
          sizes.map((s) => s || 1),
        );
        const withEmpty = sizes.includes(0) ? [[], ...split, []] : split;
        const whole = await encode(v, [rows]);
        const pieces = await encode(v, withEmpty);
        expect(pieces.equals(whole)).toBe(true);
      }),
      { numRuns: 40 },
    );
  });
});

describe.each(VARIANTS.filter((v) => v.format === "parquet"))("$label with workers", (variant) => {
  it("writes the same bytes on N workers, batches split anyhow, as on the stage's thread", async () => {
    const setup = fc.record({
      workers: fc.integer({ min: 1, max: 3 }),
      rowGroupSize: fc.integer({ min: 1, max: 6 }),
    });
    await fc.assert(
      fc.asyncProperty(rowsAndSplit, setup, async ([rows, sizes], { workers, rowGroupSize }) => {
        const inThread = {
          ...variant,
          options: { ...variant.options, parquet: { rowGroupSize, workers: 0 } },
        };
        const pooled = { ...variant, options: { ...variant.options, parquet: { rowGroupSize, workers } } };
        const whole = await encode(inThread, [rows]);
        const pieces = await encode(
          pooled,
          toBatches(
            rows,
            sizes.map((s) => s || 1),
          ),
        );
        expect(pieces.equals(whole)).toBe(true);
      }),
      { numRuns: 15 },
    );
  });
});

describe("CSV dialect", () => {
  it.each([false, true])(
    "quotes a cell exactly as csv-stringify does (escapeFormulas %s)",
    (escapeFormulas) => {
      fc.assert(
        fc.property(fc.array(text, { minLength: 1, maxLength: 6 }), (cells) => {
          const ours = cells.map((c) => csvText(c, escapeFormulas)).join(",") + "\r\n";
          expect(ours).toBe(stringify([cells], csvStringifyOptions(escapeFormulas)));
        }),
        { numRuns: 500 },
      );
    },
  );
});
