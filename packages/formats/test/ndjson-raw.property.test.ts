import { isUtf8 } from "node:buffer";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalItemCheck, canonicalItemEnd } from "../src/canonical-item.js";
import { BACKLINK_COLUMNS, type ColumnType } from "../src/index.js";
import { CANONICAL, Entries, rawBatchOf, spell, splitRaw } from "./support/raw-json.js";
import { encode } from "./support/variants.js";

const NDJSON = { label: "ndjson", format: "ndjson", options: {} } as const;

// Special values are rare per value (an item has 47), so many items stay copyable.
const text = fc.oneof(
  { weight: 40, arbitrary: fc.string({ unit: "grapheme", maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 12 }) },
  fc.constantFrom(
    "",
    'a"b\\c/d',
    "\u2028\u2029",
    "\ud800x",
    "x\udfff",
    "\u0000\u001f\u007f",
    "é€𝄞",
    "\b\f\n\r\t",
  ),
);
const stamp = fc.integer({ min: Date.UTC(1990, 0, 1) / 1000, max: Date.UTC(2035, 0, 1) / 1000 }).map((s) => {
  const iso = new Date(s * 1000).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} +00:00`;
});
const int = fc.oneof(
  { weight: 60, arbitrary: fc.integer({ min: -1_000_000_000, max: 1_000_000_000 }) },
  { weight: 1, arbitrary: fc.constantFrom(0, -0, 999_999_999_999_999, 1e15, Number.MAX_SAFE_INTEGER) },
);
const nested = fc.oneof(
  {
    weight: 10,
    arbitrary: fc.dictionary(fc.constantFrom("a", "top_3", "b c"), fc.integer({ min: 0, max: 500 }), {
      maxKeys: 3,
    }),
  },
  fc.dictionary(
    fc.oneof(fc.string({ maxLength: 5 }), fc.constantFrom("1", "__proto__", "a b")),
    fc.jsonValue({ maxDepth: 2 }),
    { maxKeys: 4 },
  ),
  fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 3 }),
  fc.constant({ page_from_keywords_count_top_3: 4, page_from_keywords_count_top_10: 1.5 }),
);

const columnValue: Record<ColumnType, fc.Arbitrary<unknown>> = {
  string: text,
  int,
  bool: fc.boolean(),
  timestamp: fc.oneof(
    { weight: 9, arbitrary: stamp },
    { weight: 1, arbitrary: fc.constant("2026-11-01 10:00:00 +05:30") },
  ),
  "list<string>": fc.array(fc.option(text, { freq: 5 }), { maxLength: 3 }),
  json: nested,
};
/** A value of the wrong type for some column (the row must then fail the same way on both paths). */
const wrong = fc.oneof(
  fc.constantFrom(1.5, 2 ** 53, "x", true, [], {}, [1], "2026-02-30 10:00:00 +00:00"),
  fc.integer(),
);

/** Null (the usual case) or something rarer, `rare` times in `rare + 1`. */
const sometimes = <T>(arb: fc.Arbitrary<T>, usual: number) =>
  fc.oneof({ weight: usual, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: arb });

/**
 * One item as bytes: mostly the API's shape (47 columns in order, canonical JSON); sometimes
 * columns missing, members rotated, unknown or repeated members, a value of the wrong type,
 * another spelling of the same values, or a byte that is not UTF-8.
 */
const item = fc
  .record({
    values: fc.tuple(...BACKLINK_COLUMNS.map((c) => fc.option(columnValue[c.type], { freq: 6 }))),
    missing: sometimes(fc.array(fc.boolean(), { minLength: 47, maxLength: 47 }), 4),
    extra: sometimes(
      fc.array(
        fc.tuple(
          fc.constantFrom("surprise", "__proto__", "1", "domain_from", "future_field"),
          fc.jsonValue({ maxDepth: 1 }),
        ),
        { minLength: 1, maxLength: 2 },
      ),
      4,
    ),
    rotate: sometimes(fc.integer({ min: 1, max: 46 }), 8),
    broken: sometimes(fc.tuple(fc.nat(46), wrong), 12),
    spelling: sometimes(
      fc.record({
        seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
        space: fc.constantFrom(0, 0.1, 0.5),
        escape: fc.constantFrom(0, 0.05, 0.3),
        number: fc.constantFrom(0, 0.3),
      }),
      2,
    ),
    invalidUtf8: sometimes(fc.constant(true), 12),
  })
  .map(({ values, missing, extra, rotate, broken, spelling, invalidUtf8 }) => {
    let members: [string, unknown][] = [];
    BACKLINK_COLUMNS.forEach((c, i) => {
      if (!missing?.[i]) members.push([c.name, values[i]]);
    });
    if (broken) members.push([BACKLINK_COLUMNS[broken[0]]!.name, broken[1]]);
    for (const [k, v] of extra ?? []) members.push([k, v]);
    if (invalidUtf8) members.push(["bad", "x\ue000y"]);
    if (rotate) members = [...members.slice(rotate), ...members.slice(0, rotate)];
    const bytes = Buffer.from(spell(new Entries(members), spelling ?? CANONICAL), "utf8");
    if (invalidUtf8) bytes[bytes.indexOf(Buffer.from("\ue000"))] = 0xff; // a byte that is not UTF-8
    return bytes;
  });

async function outcome(batches: readonly unknown[]): Promise<{ bytes?: string; error?: unknown }> {
  try {
    return { bytes: (await encode(NDJSON, batches)).toString("base64") };
  } catch (error) {
    const e = error as { code?: string; row?: number; column?: string; message?: string };
    return { error: { code: e.code, row: e.row, column: e.column, message: e.message } };
  }
}

describe("ndjson raw passthrough", () => {
  it("writes the same bytes (or the same error) as the object path, however the batch is split", async () => {
    const seen = { copied: 0, parsed: 0, errors: 0 };
    await fc.assert(
      fc.asyncProperty(
        fc.array(item, { maxLength: 12 }),
        fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 6 }),
        async (items, sizes) => {
          const whole = rawBatchOf(items);
          const raw = splitRaw(
            whole,
            sizes.map((s) => s || 1),
          );
          // the object path sees what core's object mode would hand over: each item JSON.parsed
          // from the body decoded as UTF-8
          const buf = Buffer.from(whole.bytes);
          const parsed = raw.map((b) =>
            Array.from({ length: b.length }, (_, i) =>
              JSON.parse(buf.toString("utf8", b.start(i), b.end(i))),
            ),
          );
          const expected = await outcome(parsed);
          const got = await outcome(raw);
          expect(got).toEqual(expected);
          // the same batch handed over by a producer that ran the canonical check while scanning
          const prechecked = splitRaw(
            whole.prechecked(canonicalItemCheck),
            sizes.map((s) => s || 1),
          );
          expect(await outcome(prechecked)).toEqual(expected);
          if (expected.error) seen.errors++;
          for (const bytes of items) {
            const b = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length);
            if (
              canonicalItemEnd(b, new DataView(b.buffer, b.byteOffset, b.length), 0, bytes.length) >= 0 &&
              isUtf8(bytes)
            )
              seen.copied++;
            else seen.parsed++;
          }
        },
      ),
      { numRuns: 300 },
    );
    // both paths and the error path were exercised, not just one of them
    expect(seen.copied).toBeGreaterThan(seen.parsed / 4);
    expect(seen.parsed).toBeGreaterThan(seen.copied / 4);
    expect(seen.errors).toBeGreaterThan(10);
  });
});
