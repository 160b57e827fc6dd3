/**
 * fast-check generators of valid filter expressions, shared by the filter round-trip and the
 * request validation property tests.
 */
import fc from "fast-check";
import {
  FILTER_FIELDS,
  type FieldType,
  type FilterExpression,
  type FilterScalar,
  OPERATORS_BY_TYPE,
} from "../src/index.js";

const FIELDS = Object.entries(FILTER_FIELDS) as [string, FieldType][];

const pad = (n: number, width = 2) => String(n).padStart(width, "0");
export const apiTime = fc
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

export const condition: fc.Arbitrary<FilterExpression> = fc.constantFrom(...FIELDS).chain(([field, type]) =>
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
export const expression: fc.Arbitrary<FilterExpression> = fc.letrec<{ expr: FilterExpression }>((tie) => ({
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

export function leaves(expr: FilterExpression): number {
  return typeof expr[0] === "string"
    ? 1
    : (expr as readonly unknown[])
        .filter(Array.isArray)
        .reduce<number>((n, e) => n + leaves(e as FilterExpression), 0);
}

/** Valid expressions of at most 8 conditions (the API's limit). */
export const validExpression = expression.filter((e) => leaves(e) <= 8);
