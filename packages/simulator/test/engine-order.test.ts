import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { generateTarget } from "../src/dataset/target-dataset.js";
import { ordinalsOf } from "../src/engine/ordinals.js";
import type { SortKey } from "../src/engine/sort-keys.js";

const ds = generateTarget(1, "order.test", 10);

function stringKey(values: readonly (string | null)[]): SortKey {
  return {
    field: "url_from",
    desc: false,
    value: (row) => values[row] ?? null,
    tokenValue: (row) => values[row] ?? null,
    fromToken: () => null,
    access: { kind: "str", get: (row) => values[row] ?? null },
  };
}

/** Ordinals must rank strings exactly like code-unit comparison, equal strings equal, nulls last. */
function expectCodeUnitRanks(values: readonly (string | null)[]): void {
  const rows = Uint32Array.from(values.keys());
  const { ord, count } = ordinalsOf(ds, stringKey(values), rows, new Map());
  const distinct = [...new Set(values.filter((v): v is string => v !== null))].sort((a, b) =>
    a < b ? -1 : a > b ? 1 : 0,
  );
  expect(count).toBe(distinct.length);
  values.forEach((v, i) => {
    expect(ord[i]).toBe(v === null ? distinct.length : distinct.indexOf(v));
  });
}

describe("string sort ordinals (split at scheme://host/)", () => {
  it("rank URLs whose hosts are prefixes of each other like whole strings", () => {
    expectCodeUnitRanks([
      "https://ab.com/x",
      "https://ab.com.au/x",
      "https://ab.com",
      "http://ab.com/x",
      "https://ab.co/zz",
      "https://ab.com/",
      "https://ab.com/x",
      null,
      "plain text",
      "https:/broken",
      "https://ab.com/x/y",
    ]);
  });

  it("rank arbitrary URL-like strings like whole strings (property)", () => {
    const part = fc.constantFrom("", "a", "ab", "a.b", "/", ":", "//", "://", ".", "x/y");
    const text = fc.array(part, { maxLength: 6 }).map((p) => p.join(""));
    fc.assert(
      fc.property(fc.array(fc.option(text, { nil: null }), { maxLength: 40 }), (values) => {
        expectCodeUnitRanks(values);
      }),
      { numRuns: 200, seed: 99 },
    );
  });
});
