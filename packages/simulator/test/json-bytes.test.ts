/**
 * ByteWriter's copies (slice: eight bytes a step as float64, constants from the slab) are exact
 * for any UTF-8 text, at any offset and length — including 4-byte characters next to DEL, the
 * bytes a NaN pattern would need.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ByteWriter, constant, viewOf } from "../src/dataset/json-bytes.js";

/** Text rich in what matters here: 4-byte characters, DEL, other multi-byte UTF-8 and ASCII. */
const text = fc
  .array(fc.constantFrom("😀", "\u007f", "\u{10ffff}", "é", "€", "a", '"', "\u0000", "𝄞"), { maxLength: 200 })
  .map((parts) => parts.join(""));

describe("ByteWriter", () => {
  it("property: slice copies any part of any UTF-8 text exactly, after any prefix", () => {
    fc.assert(
      fc.property(text, fc.nat(), fc.nat(), fc.nat({ max: 13 }), (source, a, b, prefix) => {
        const bytes = Buffer.from(source, "utf8");
        const start = bytes.length === 0 ? 0 : a % bytes.length;
        const n = bytes.length === 0 ? 0 : b % (bytes.length - start + 1);
        const w = new ByteWriter(8);
        for (let i = 0; i < prefix; i++) w.byte(120);
        w.slice(bytes, viewOf(bytes), start, n);
        const out = w.take();
        expect(out.subarray(prefix).equals(bytes.subarray(start, start + n))).toBe(true);
        expect(out.length).toBe(prefix + n);
      }),
      { numRuns: 2_000 },
    );
  });

  it("property: constants are written back exactly, in any order", () => {
    fc.assert(
      fc.property(
        fc.array(
          text.filter((t) => Buffer.byteLength(t) <= 1023),
          { minLength: 1, maxLength: 20 },
        ),
        (texts) => {
          const made = texts.map((t) => constant(t));
          const w = new ByteWriter(4);
          for (let i = made.length - 1; i >= 0; i--) w.constant(made[i] as number);
          expect(w.take().toString("utf8")).toBe([...texts].reverse().join(""));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("refuses a constant longer than 1023 bytes", () => {
    expect(() => constant("x".repeat(1024))).toThrow(RangeError);
  });
});
