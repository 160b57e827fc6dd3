import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { canonicalItemCheck, canonicalItemEnd } from "../src/canonical-item.js";
import { BACKLINK_COLUMNS, RowTypeError } from "../src/index.js";
import { allNullItem, fixtureRows, fullItem, SAMPLE_ITEMS_43 } from "./support/fixtures.js";
import { rawBatchOf, splitRaw } from "./support/raw-json.js";
import { encode } from "./support/variants.js";

const NDJSON = { label: "ndjson", format: "ndjson", options: {} } as const;

/** A full item in schema order, as the API sends it (47 keys, canonical JSON). */
const apiItem = (overrides: Record<string, unknown> = {}) => {
  const item = fullItem(overrides);
  return Object.fromEntries(BACKLINK_COLUMNS.map((c) => [c.name, item[c.name] ?? null]));
};

/** Whether the raw path copies this item's text instead of parsing it. */
function copied(text: string): boolean {
  const b = Buffer.from(text, "utf8");
  return (
    canonicalItemEnd(
      new Uint8Array(b.buffer, b.byteOffset, b.length),
      new DataView(b.buffer, b.byteOffset, b.length),
      0,
      b.length,
    ) >= 0
  );
}

const parsedBatches = (texts: readonly string[]) => [texts.map((t) => JSON.parse(t))];

describe("ndjson raw passthrough", () => {
  it("copies API-shaped items through and writes what the object path writes", async () => {
    const items = [
      apiItem(),
      apiItem({ anchor: 'q"u\\o\nte', page_from_title: "ü€𝄞 \u2028" }),
      allNullItem(),
    ];
    const texts = items.map((i) => JSON.stringify(i));
    for (const t of texts) expect(copied(t)).toBe(true);
    const raw = await encode(NDJSON, [rawBatchOf(texts)]);
    expect(raw.equals(await encode(NDJSON, parsedBatches(texts)))).toBe(true);
    expect(raw.toString().split("\n")[0]).toBe(`${texts[0]!.slice(0, -1)},"extra":null}`);
  });

  it("parses what it cannot prove identical: 43-field items, unknown keys, odd spellings", async () => {
    const odd = [
      ...SAMPLE_ITEMS_43.map((i) => JSON.stringify(i)),
      JSON.stringify({ ...apiItem(), surprise: 1 }),
      JSON.stringify(apiItem()).replace('"rank":', '"rank": '),
      JSON.stringify(apiItem({ rank: 5 })).replace('"rank":5', '"rank":5.0'),
      JSON.stringify(apiItem({ rank: 0 })).replace('"rank":0', '"rank":-0'),
      JSON.stringify(apiItem({ rank: 100 })).replace('"rank":100', '"rank":1e2'),
      JSON.stringify(apiItem({ anchor: "é" })).replace('"anchor":"é"', '"anchor":"\\u00e9"'),
      JSON.stringify(apiItem({ anchor: "a/b" })).replace('"anchor":"a/b"', '"anchor":"a\\/b"'),
      JSON.stringify(apiItem({ rank: 1234567890123456 })),
      JSON.stringify(apiItem({ ranked_keywords_info: { 2: 1, a: 2 } })),
      JSON.stringify(apiItem()).replace('"ranked_keywords_info":{', '"ranked_keywords_info":{"x":1,"x":2,'),
    ];
    for (const t of odd) expect(copied(t)).toBe(false);
    for (const sizes of [[1], [2, 3], [100]]) {
      const raw = await encode(NDJSON, splitRaw(rawBatchOf(odd), sizes));
      expect(raw.equals(await encode(NDJSON, parsedBatches(odd)))).toBe(true);
    }
  });

  it("writes every fixture row as the object path does, and gzipped the same text", async () => {
    const texts = fixtureRows().map((r) => JSON.stringify(r));
    const plain = await encode(NDJSON, [rawBatchOf(texts)]);
    expect(plain.equals(await encode(NDJSON, parsedBatches(texts)))).toBe(true);
    const gz = { label: "ndjson.gz", format: "ndjson", options: { compression: "gzip" } } as const;
    expect(gunzipSync(await encode(gz, splitRaw(rawBatchOf(texts), [2]))).equals(plain)).toBe(true);
  });

  it("refuses a row of the wrong type with the object path's row and column", async () => {
    const texts = [apiItem(), apiItem(), apiItem({ first_seen: "2026-02-30 10:00:00 +00:00" })].map((i) =>
      JSON.stringify(i),
    );
    const batches = splitRaw(rawBatchOf(texts), [2]);
    const error = await encode(NDJSON, batches).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RowTypeError);
    expect(error).toMatchObject({ row: 2, column: "first_seen", expected: "timestamp" });
    const objectError = await encode(NDJSON, [
      texts.slice(0, 2).map((t) => JSON.parse(t)),
      [JSON.parse(texts[2]!)],
    ]).catch((e: unknown) => e);
    expect((error as Error).message).toBe((objectError as Error).message);
  });

  it("reports an item whose bytes are not JSON as a row that is not an object", async () => {
    const error = await encode(NDJSON, [rawBatchOf([JSON.stringify(apiItem()), "{nope"])]).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: "ERR_ROW_TYPE", row: 1, column: "(item)" });
  });

  it("lets CSV take raw batches too (parsed item by item)", async () => {
    const texts = fixtureRows().map((r) => JSON.stringify(r));
    const csv = { label: "csv", format: "csv", options: {} } as const;
    const raw = await encode(csv, splitRaw(rawBatchOf(texts), [3]));
    expect(raw.equals(await encode(csv, parsedBatches(texts)))).toBe(true);
  });

  it("trusts a producer's verdict only when the check it ran is canonicalItemCheck", async () => {
    // Not canonical: the space after the key makes the object path write other bytes.
    const spaced = JSON.stringify(apiItem()).replace('"rank":', '"rank": ');
    const texts = [JSON.stringify(apiItem()), spaced];
    const expected = await encode(NDJSON, parsedBatches(texts));
    const liar = () => -1;
    // a foreign check's "passed" is ignored: every item is walked again
    const foreign = rawBatchOf(texts).prechecked(liar, [true, true]);
    expect((await encode(NDJSON, [foreign])).equals(expected)).toBe(true);
    // canonicalItemCheck's verdict is trusted as given (so a producer must not claim what it did not
    // check): the spaced item, claimed to have passed, is copied as it is
    const claimed = rawBatchOf(texts).prechecked(canonicalItemCheck, [true, true]);
    const copiedAsIs = (await encode(NDJSON, [claimed])).toString().split("\n")[1];
    expect(copiedAsIs).toBe(`${spaced.slice(0, -1)},"extra":null}`);
    // the verdict the check really gives makes the output exact again
    const honest = rawBatchOf(texts).prechecked(canonicalItemCheck);
    expect((await encode(NDJSON, splitRaw(honest, [1]))).equals(expected)).toBe(true);
  });

  it("writes nothing for empty raw batches", async () => {
    expect((await encode(NDJSON, [rawBatchOf([]), rawBatchOf([])])).length).toBe(0);
  });

  it("is refused by Parquet, which takes parsed rows only", async () => {
    const parquet = { label: "parquet", format: "parquet", options: {} } as const;
    const error = await encode(parquet, [rawBatchOf([JSON.stringify(apiItem())])]).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "ERR_FORMAT_BATCH" });
  });
});
