import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatFilter, parseFilter, validateRequest } from "../src/index.js";
import { validExpression } from "./filter-syntax.arbitraries.js";

/** Near-miss inputs: random sequences of the syntax's own words and symbols. */
const tokenSoup = fc
  .array(
    fc.constantFrom(
      "rank",
      "anchor",
      "dofollow",
      ">",
      "=",
      "<>",
      "1",
      "-2.5",
      '"x"',
      "'y'",
      "and",
      "or",
      "(",
      ")",
      "[",
      "]",
      ",",
      "in",
      "not",
      "like",
      "has",
      "null",
      "true",
    ),
    { maxLength: 12 },
  )
  .map((words) => words.join(" "));

describe("filter text round trip (property)", () => {
  it("parseFilter(formatFilter(e)) deep-equals e for random valid expressions", () => {
    fc.assert(
      fc.property(validExpression, (expr) => {
        // Only valid expressions are in scope: check the generator agrees with the validator.
        const checked = validateRequest({ target: "example.com", filters: expr });
        expect(checked.ok ? [] : checked.issues.map((i) => i.message)).toEqual([]);
        const textForm = formatFilter(expr);
        expect(textForm).not.toMatch(/[\r\n]/);
        expect(parseFilter(textForm)).toEqual(expr);
      }),
      { numRuns: 500 },
    );
  });

  it("never throws anything but FilterSyntaxError on arbitrary text", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 60 }), tokenSoup), (input) => {
        try {
          parseFilter(input);
        } catch (error) {
          expect((error as Error).name).toBe("FilterSyntaxError");
          const { position } = error as { position: number };
          expect(position).toBeGreaterThanOrEqual(0);
          expect(position).toBeLessThanOrEqual(input.length);
        }
      }),
      { numRuns: 1000 },
    );
  });
});
