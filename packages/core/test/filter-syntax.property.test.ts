import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  FILTER_FIELDS,
  type FieldType,
  type FilterExpression,
  type FilterScalar,
  formatFilter,
  OPERATORS_BY_TYPE,
  parseFilter,
  validateRequest,
} from "../src/index.js";

const FIELDS = Object.entries(FILTER_FIELDS) as [string, FieldType][];

const pad = (n: number, width = 2) => String(n).padStart(width, "0");
const apiTime = fc
  .record({
    year: fc.integer({ min: 1990, max: 2099 }),
    month: fc.integer({ min: 1, max: 12 }),
    day: fc.integer({ min: 1, max: 28 }),
    hour: fc.integer({ min: 0, max: 23 }),
    minute: fc.integer({ min: 0, max: 59 }),
    second: fc.integer({ min: 0, max: 59 }),
  })
  .map(
    (t) => `${t.year}-${pad(t.month)}-${pad(t.day)} ${pad(t.hour)}:${pad(t.minute)}:${pad(t.second)} +00:00`,
  );

const number = fc.oneof(
  fc.integer({ min: -1_000_000, max: 1_000_000 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.stringMatching(/^-?\d{1,6}(\.\d{1,3})?$/),
);
/** Any text at all: quotes, backslashes, control characters, astral and lone-surrogate code units. */
const text = fc.oneof(
  fc.string({ unit: "grapheme", maxLength: 20 }),
  fc.string({ unit: "binary", maxLength: 20 }),
  fc.string({ maxLength: 20 }),
);

function scalarFor(type: FieldType): fc.Arbitrary<FilterScalar> {
  switch (type) {
    case "num":
    case "array.num":
      return number;
    case "bool":
      return fc.boolean();
    case "time":
      return apiTime;
    default:
      return text;
  }
}

const condition: fc.Arbitrary<FilterExpression> = fc.constantFrom(...FIELDS).chain(([field, type]) =>
  fc.constantFrom(...OPERATORS_BY_TYPE[type]).chain((op) => {
    let value: fc.Arbitrary<FilterScalar | FilterScalar[]>;
    if (op === "in" || op === "not_in") value = fc.array(scalarFor(type), { minLength: 1, maxLength: 4 });
    else if (op === "=" || op === "<>")
      value = fc.oneof(
        { weight: 9, arbitrary: scalarFor(type) },
        { weight: 1, arbitrary: fc.constant(null) },
      );
    else value = scalarFor(type);
    return value.map((v) => [field, op, v] as FilterExpression);
  }),
);

/** Random expressions: conditions, or groups of 2..4 members joined by one word, nested. */
const expression: fc.Arbitrary<FilterExpression> = fc.letrec<{ expr: FilterExpression }>((tie) => ({
  expr: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    condition,
    fc
      .tuple(
        fc.constantFrom("and" as const, "or" as const),
        fc.array(tie("expr"), { minLength: 2, maxLength: 4 }),
      )
      .map(([join, members]) => members.flatMap((m, i) => (i === 0 ? [m] : [join, m])) as FilterExpression),
  ),
})).expr;

function leaves(expr: FilterExpression): number {
  return typeof expr[0] === "string"
    ? 1
    : (expr as readonly unknown[])
        .filter(Array.isArray)
        .reduce<number>((n, e) => n + leaves(e as FilterExpression), 0);
}

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
      fc.property(
        expression.filter((e) => leaves(e) <= 8),
        (expr) => {
          // Only valid expressions are in scope: check the generator agrees with the validator.
          const checked = validateRequest({ target: "example.com", filters: expr });
          expect(checked.ok ? [] : checked.issues.map((i) => i.message)).toEqual([]);
          const textForm = formatFilter(expr);
          expect(textForm).not.toMatch(/[\r\n]/);
          expect(parseFilter(textForm)).toEqual(expr);
        },
      ),
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
