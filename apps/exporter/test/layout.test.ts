import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isOwnPath, isTempPath, partitionDir, partitionValue, partPath } from "../src/layout.js";
import { parseLocation } from "../src/sinks/location.js";

describe("layout", () => {
  it("escapes targets Hive-style", () => {
    expect(partitionValue("example.com")).toBe("example.com");
    expect(partitionValue("https://a.com/x?y=1")).toBe("https%3A%2F%2Fa.com%2Fx%3Fy%3D1");
    expect(partitionDir("blog.example.com")).toBe("target=blog.example.com");
    expect(partPath("example.com", 3, ".csv.gz")).toBe("target=example.com/part-00003.csv.gz");
  });

  it("never produces a path separator, and decodes back (short values)", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 60 }), (t) => {
        const v = partitionValue(t);
        expect(v).not.toMatch(/[/\\:=]/);
        if (Buffer.byteLength(v) <= 180 && v !== "%2E" && v !== "%2E%2E")
          expect(decodeURIComponent(v)).toBe(t);
      }),
    );
  });

  it("cuts long values and keeps them distinct", () => {
    const a = partitionValue(`https://a.com/${"x".repeat(400)}a`);
    const b = partitionValue(`https://a.com/${"x".repeat(400)}b`);
    expect(Buffer.byteLength(a)).toBeLessThanOrEqual(180);
    expect(a).not.toBe(b);
  });

  it("recognises only its own files", () => {
    expect(isOwnPath("_manifest.json")).toBe(true);
    expect(isOwnPath("target=a.com/part-00000.parquet")).toBe(true);
    expect(isOwnPath("target=a.com/.part-00000.parquet.ab12cd.tmp")).toBe(true);
    expect(isTempPath("target=a.com/.part-00000.parquet.ab12cd.tmp")).toBe(true);
    expect(isTempPath("target=a.com/part-00000.parquet")).toBe(false);
    expect(isOwnPath("notes.txt")).toBe(false);
    expect(isOwnPath("target=a.com/mine.parquet")).toBe(false);
    expect(isOwnPath("other/part-00000.csv")).toBe(false);
  });
});

describe("parseLocation", () => {
  it("parses s3 and disk", () => {
    expect(parseLocation("s3://bucket/a/b/")).toMatchObject({ kind: "s3", bucket: "bucket", prefix: "a/b" });
    expect(parseLocation("s3://bucket")).toMatchObject({ kind: "s3", bucket: "bucket", prefix: "" });
    expect(parseLocation("./out")).toMatchObject({ kind: "disk", display: "./out" });
  });
  it.each([["s3://B/x"], ["s3://ab/x"], ["s3://bucket/../x"], ["ftp://x/y"], [""]])("refuses %j", (out) => {
    expect(() => parseLocation(out)).toThrow(expect.objectContaining({ code: "ERR_INVALID_OPTIONS" }));
  });
});
