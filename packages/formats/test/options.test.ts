import { describe, expect, it } from "vitest";
import {
  DEFAULT_ROW_GROUP_SIZE,
  FormatOptionsError,
  getFormat,
  UnsupportedCompressionError,
  zstdAvailable,
} from "../src/index.js";

describe("getFormat", () => {
  it.each([
    ["csv", {}, ".csv", "text/csv; charset=utf-8; header=present"],
    ["csv", { compression: "gzip" }, ".csv.gz", "text/csv; charset=utf-8; header=present"],
    ["ndjson", {}, ".ndjson", "application/x-ndjson"],
    ["ndjson", { compression: "gzip" }, ".ndjson.gz", "application/x-ndjson"],
    ["parquet", {}, ".parquet", "application/vnd.apache.parquet"],
    ["parquet", { compression: "gzip" }, ".parquet", "application/vnd.apache.parquet"],
  ] as const)("%s %j → %s", (name, options, extension, contentType) => {
    const format = getFormat(name, options);
    expect(format).toMatchObject({ name, extension, contentType });
    expect(Object.isFrozen(format)).toBe(true);
    const stage = format.createStage();
    expect(stage.writableObjectMode).toBe(true);
    expect(stage.readableObjectMode).toBe(false);
    expect(format.createStage()).not.toBe(stage);
    stage.destroy();
  });

  it("marks gzipped text with a content encoding", () => {
    expect(getFormat("csv", { compression: "gzip" }).contentEncoding).toBe("gzip");
    expect(getFormat("csv").contentEncoding).toBeUndefined();
  });

  it("defaults Parquet row groups to the documented size", () => {
    expect(DEFAULT_ROW_GROUP_SIZE).toBeGreaterThan(0);
  });

  it.each([
    ["xml", undefined, "name", /format: expected one of csv, ndjson, parquet, got string "xml"/],
    [
      "csv",
      { compression: "brotli" },
      "compression",
      /compression: expected one of none, gzip, snappy, zstd, got string "brotli"/,
    ],
    ["csv", { csv: { bom: "yes" } }, "csv.bom", /csv.bom: expected boolean, got string "yes"/],
    ["csv", { csv: { escapeFormulas: 1 } }, "csv.escapeFormulas", /expected boolean, got number 1/],
    [
      "parquet",
      { parquet: { rowGroupSize: 0 } },
      "parquet.rowGroupSize",
      /expected a positive integer, got number 0/,
    ],
    ["parquet", { parquet: { rowGroupSize: 1.5 } }, "parquet.rowGroupSize", /positive integer/],
    [
      "parquet",
      { parquet: { workers: -1 } },
      "parquet.workers",
      /expected an integer 0\.\.16, got number -1/,
    ],
    ["parquet", { parquet: { workers: 1.5 } }, "parquet.workers", /integer 0\.\.16/],
    ["parquet", { parquet: { workers: "2" } }, "parquet.workers", /got string "2"/],
  ])("refuses %s %j naming %s", (name, options, option, message) => {
    const call = () => getFormat(name as "csv", options as never);
    expect(call).toThrow(FormatOptionsError);
    expect(call).toThrow(message);
    try {
      call();
    } catch (error) {
      expect((error as FormatOptionsError).option).toBe(option);
      expect((error as FormatOptionsError).code).toBe("ERR_FORMAT_OPTIONS");
    }
  });

  it.each([
    ["csv", "snappy"],
    ["ndjson", "zstd"],
  ] as const)("refuses %s with %s compression", (name, compression) => {
    expect(() => getFormat(name, { compression })).toThrow(UnsupportedCompressionError);
    expect(() => getFormat(name, { compression })).toThrow(/ERR_UNSUPPORTED_COMPRESSION|not supported/);
  });

  it("gives zstd Parquet only where zlib has zstd, else ERR_UNSUPPORTED_COMPRESSION", () => {
    if (zstdAvailable()) {
      expect(getFormat("parquet", { compression: "zstd" }).extension).toBe(".parquet");
    } else {
      let error: unknown;
      try {
        getFormat("parquet", { compression: "zstd" });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(UnsupportedCompressionError);
      expect((error as UnsupportedCompressionError).code).toBe("ERR_UNSUPPORTED_COMPRESSION");
      expect((error as Error).message).toMatch(/no zstd in zlib/);
    }
  });
});
