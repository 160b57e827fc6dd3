import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseApiTimestamp } from "../src/index.js";

describe("parseApiTimestamp", () => {
  it.each([
    ["2019-11-15 12:57:46 +00:00", Date.UTC(2019, 10, 15, 12, 57, 46)],
    ["2019-11-15 12-57-46 +00:00", Date.UTC(2019, 10, 15, 12, 57, 46)],
    ["2024-02-29 23:59:59 +00:00", Date.UTC(2024, 1, 29, 23, 59, 59)],
    ["2019-11-15 14:57:46 +02:00", Date.UTC(2019, 10, 15, 12, 57, 46)],
    ["2019-11-15 07:27:46 -05:30", Date.UTC(2019, 10, 15, 12, 57, 46)],
    ["1970-01-01 00:00:00 +00:00", 0],
  ])("%s", (text, millis) => {
    expect(parseApiTimestamp(text)).toBe(millis);
  });

  it.each([
    "2019-11-15T12:57:46Z",
    "2019-11-15 12:57:46",
    "2019-11-15 12:57:46 +0000",
    "2023-02-29 00:00:00 +00:00",
    "2019-13-15 12:57:46 +00:00",
    "2019-11-15 24:00:00 +00:00",
    "2019-11-15 12:60:46 +00:00",
    "2019-11-15 12:57-46 +00:00",
    "2019-1a-15 12:57:46 +00:00",
    "",
  ])("refuses %j", (text) => {
    expect(parseApiTimestamp(text)).toBeNaN();
  });

  it("agrees with Date for every instant it can print", () => {
    const min = Date.UTC(1900, 0, 1);
    const max = Date.UTC(2200, 0, 1);
    fc.assert(
      fc.property(fc.integer({ min: min / 1000, max: max / 1000 }), (seconds) => {
        const iso = new Date(seconds * 1000).toISOString();
        const text = `${iso.slice(0, 10)} ${iso.slice(11, 19)} +00:00`;
        expect(parseApiTimestamp(text)).toBe(seconds * 1000);
      }),
    );
  });
});
