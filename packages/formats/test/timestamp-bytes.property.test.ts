import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseApiTimestamp } from "../src/index.js";
import { isApiTimestampAt } from "../src/timestamp-bytes.js";

/** What the bytes check must answer: does parseApiTimestamp accept these bytes read as Latin-1? */
const accepted = (bytes: Uint8Array): boolean =>
  !Number.isNaN(parseApiTimestamp(Buffer.from(bytes).toString("latin1")));

const VALID = "2024-02-29 23:59:59 +05:30";
// bytes a timestamp is made of, and a few it is not
const alphabet = fc.constantFrom(...Buffer.from("0123456789 -:+/T"), 0x00, 0x2f, 0x3a, 0x80, 0xff);

describe("isApiTimestampAt", () => {
  it("agrees with parseApiTimestamp on valid instants, at any offset in a buffer", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(1, 0, 1) / 1000, max: Date.UTC(9999, 11, 31) / 1000 }),
        fc.uint8Array({ maxLength: 5 }),
        (seconds, before) => {
          const iso = new Date(seconds * 1000).toISOString();
          const text = Buffer.from(`${iso.slice(0, 10)} ${iso.slice(11, 19)} +00:00`, "latin1");
          const b = Buffer.concat([before, text, Buffer.from('"')]);
          expect(isApiTimestampAt(b, before.length)).toBe(true);
          expect(accepted(text)).toBe(true);
        },
      ),
    );
  });

  it("agrees with parseApiTimestamp on every mutation of a timestamp", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 25 }), alphabet), { minLength: 1, maxLength: 4 }),
        (edits) => {
          const b = Buffer.from(VALID, "latin1");
          for (const [at, byte] of edits) b[at] = byte;
          expect(isApiTimestampAt(b, 0)).toBe(accepted(b));
        },
      ),
      { numRuns: 20_000 },
    );
  });

  it("agrees on calendar edges: month lengths, leap years, hours, minutes, offsets", () => {
    fc.assert(
      fc.property(
        fc.tuple(
          fc.integer({ min: 0, max: 9999 }),
          fc.integer({ min: 0, max: 13 }),
          fc.integer({ min: 0, max: 32 }),
          fc.integer({ min: 0, max: 24 }),
          fc.integer({ min: 0, max: 60 }),
          fc.integer({ min: 0, max: 24 }),
          fc.integer({ min: 0, max: 60 }),
          fc.constantFrom("+", "-", ":", "-"),
        ),
        ([y, mo, d, h, mi, oh, om, sep]) => {
          const two = (n: number) => String(n).padStart(2, "0");
          const text = `${String(y).padStart(4, "0")}-${two(mo)}-${two(d)} ${two(h)}${sep === "-" ? "-" : ":"}${two(mi)}${sep === "-" ? "-" : ":"}${two(mi)} ${sep === ":" ? "+" : sep}${two(oh)}:${two(om)}`;
          const b = Buffer.from(text, "latin1");
          expect(isApiTimestampAt(b, 0)).toBe(accepted(b));
        },
      ),
      { numRuns: 5_000 },
    );
  });

  it("is false when fewer than 26 bytes are left", () => {
    const b = Buffer.from(VALID, "latin1");
    expect(isApiTimestampAt(b, 0)).toBe(true);
    expect(isApiTimestampAt(b.subarray(0, 25), 0)).toBe(false);
    expect(isApiTimestampAt(b, 1)).toBe(false);
  });
});
