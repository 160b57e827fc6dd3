import { Readable, Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { describe, expect, it } from "vitest";
import { BatchTypeError, FormatError, getFormat, RowTypeError } from "../src/index.js";
import { fullItem } from "./support/fixtures.js";
import { VARIANTS } from "./support/variants.js";

const discard = () =>
  new Writable({
    write(_chunk, _encoding, callback) {
      callback();
    },
  });

const WRONG: readonly [column: string, value: unknown, expected: string, given: string][] = [
  ["rank", "12", "int", "string"],
  ["rank", 1.5, "int", "non-integer number"],
  ["page_from_size", 2 ** 60, "int", "unsafe integer"],
  ["dofollow", "true", "bool", "string"],
  ["domain_from", 42, "string", "number"],
  ["first_seen", "2024-13-01 00:00:00 +00:00", "timestamp", "string"],
  ["last_seen", "2024-02-30 10:00:00 +00:00", "timestamp", "string"],
  ["prev_seen", "2019-11-15T12:57:46Z", "timestamp", "string"],
  ["attributes", "nofollow", "list<string>", "string"],
  ["domain_from_platform_type", ["cms", 3], "list<string>", "array"],
  ["ranked_keywords_info", "{}", "json", "string"],
];

describe.each(VARIANTS)("$label", (variant) => {
  it.each(WRONG)(
    "refuses %s = %j with RowTypeError naming row and column",
    async (column, value, expected, given) => {
      const stage = getFormat(variant.format, variant.options).createStage();
      const batches = [
        [fullItem(), fullItem()],
        [fullItem(), fullItem({ [column]: value })],
      ];
      const error = await pipeline(Readable.from(batches), stage, discard()).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(RowTypeError);
      expect(error).toBeInstanceOf(FormatError);
      const e = error as RowTypeError;
      expect(e.code).toBe("ERR_ROW_TYPE");
      expect(e.name).toBe("RowTypeError");
      expect(e.row).toBe(3);
      expect(e.column).toBe(column);
      expect(e.expected).toBe(expected);
      expect(e.given).toBe(given);
      expect(e.message).toContain(`row 3, column "${column}": expected ${expected}, got ${given}`);
    },
  );
});

describe("batch and item shape", () => {
  it("refuses an item that is not an object", async () => {
    const stage = getFormat("ndjson").createStage();
    const error = await pipeline(Readable.from([[fullItem(), "nope"]]), stage, discard()).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(RowTypeError);
    expect((error as RowTypeError).column).toBe("(item)");
    expect((error as RowTypeError).row).toBe(1);
  });

  it.each(["csv", "ndjson", "parquet"] as const)("%s refuses a chunk that is not an array", async (name) => {
    const stage = getFormat(name).createStage();
    const error = await pipeline(Readable.from([fullItem()]), stage, discard()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BatchTypeError);
    expect((error as BatchTypeError).code).toBe("ERR_FORMAT_BATCH");
    expect((error as Error).message).toContain("got object");
  });

  it("shortens long values in the message", async () => {
    const stage = getFormat("csv").createStage();
    const error = await pipeline(
      Readable.from([[fullItem({ rank: "9".repeat(500) })]]),
      stage,
      discard(),
    ).catch((e: unknown) => e);
    expect((error as Error).message.length).toBeLessThan(200);
    expect(String(error)).toMatch(/^ERR_ROW_TYPE: row 0, column "rank"/);
  });
});

describe("unknown fields", () => {
  it("keeps a wire field named __proto__ in extra (CSV, NDJSON, Parquet)", async () => {
    const item = JSON.parse('{"type":"backlink","__proto__":{"x":1},"constructor":"c"}');
    for (const name of ["csv", "ndjson", "parquet"] as const) {
      const chunks: Buffer[] = [];
      const sink = new Writable({
        write(chunk: Buffer, _encoding, callback) {
          chunks.push(chunk);
          callback();
        },
      });
      // Parquet uncompressed: the extra column's JSON text is in the page as is.
      const options = name === "parquet" ? { compression: "none" as const } : {};
      await pipeline(Readable.from([[item]]), getFormat(name, options).createStage(), sink);
      const text = Buffer.concat(chunks).toString("utf8");
      expect(text).toContain(
        name === "csv"
          ? '"{""__proto__"":{""x"":1},""constructor"":""c""}"'
          : name === "ndjson"
            ? '"extra":{"__proto__":{"x":1},"constructor":"c"}'
            : '{"__proto__":{"x":1},"constructor":"c"}',
      );
    }
  });
});
