import { FILTER_FIELDS, OPERATORS_BY_TYPE } from "@backlinks/core";
import { describe, expect, it } from "vitest";
import { allRows, rowKey, smallEngine } from "./engine-support.js";

/**
 * Every operator on every field type, checked against an independent oracle that evaluates the
 * documented semantics on the returned items themselves.
 */
const engine = smallEngine(11);
const TARGET = "tiny.test";
const BROAD = {
  target: TARGET,
  backlinks_status_type: "all",
  exclude_internal_backlinks: false,
  include_indirect_links: true,
} as const;
const universe = allRows(engine, TARGET);

type Item = Record<string, unknown>;
type Condition = [string, string, unknown];

const likeRe = (p: string, flags: string): RegExp =>
  new RegExp(
    `^${p
      .split("%")
      .map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
      .join(".*")}$`,
    `s${flags}`,
  );
const words = (s: string): string[] =>
  s
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);

/** The oracle: documented semantics on an item value. */
function oracle(item: Item, [field, op, operand]: Condition): boolean {
  const v = item[field];
  if (operand === null) return op === "=" ? v === null : v !== null;
  if (v === null || v === undefined) return false;
  const type = FILTER_FIELDS[field as keyof typeof FILTER_FIELDS];
  const norm = (x: unknown): unknown => (type === "num" ? Number(x) : x);
  const value = norm(v) as number | string;
  const arg = norm(operand) as number | string;
  switch (op) {
    case "=":
      return value === arg;
    case "<>":
      return value !== arg;
    case "<":
      return value < arg;
    case "<=":
      return value <= arg;
    case ">":
      return value > arg;
    case ">=":
      return value >= arg;
    case "in":
      return (operand as unknown[]).map(norm).includes(value);
    case "not_in":
      return !(operand as unknown[]).map(norm).includes(value);
    case "like":
      return likeRe(String(operand), "").test(String(v));
    case "not_like":
      return !likeRe(String(operand), "").test(String(v));
    case "ilike":
      return likeRe(String(operand), "i").test(String(v));
    case "not_ilike":
      return !likeRe(String(operand), "i").test(String(v));
    case "regex":
      return new RegExp(String(operand)).test(String(v));
    case "not_regex":
      return !new RegExp(String(operand)).test(String(v));
    case "match":
      return words(String(operand)).every((w) => words(String(v)).includes(w));
    case "not_match":
      return !words(String(operand)).every((w) => words(String(v)).includes(w));
    case "has":
      return (v as unknown[]).includes(operand);
    case "has_not":
      return !(v as unknown[]).includes(operand);
    default:
      throw new Error(`oracle: operator ${op}`);
  }
}

const keysOf = (items: Item[]): string[] => items.map(rowKey).sort();
const run = (filters: unknown, extra: Record<string, unknown> = {}): Item[] => [
  ...engine.truth({ ...BROAD, ...extra, filters }).items(),
];
const sampleValue = (field: string, nth = 0): unknown =>
  universe.map((i) => i[field]).filter((v) => v !== null)[nth * 37];

/** Operands to try per operator, drawn from the data so results are neither always empty nor full. */
function operands(field: string, op: string): unknown[] {
  const type = FILTER_FIELDS[field as keyof typeof FILTER_FIELDS];
  const a = sampleValue(field, 0);
  const b = sampleValue(field, 3);
  if (type === "array.str") return ["cms", "blogs", "unknown"];
  if (type === "bool") return [true, false];
  if (op === "in" || op === "not_in") return [[a, b]];
  if (type === "num") return op === "=" || op === "<>" ? [a, String(a)] : [a, 0, 150];
  if (type === "time") return [a];
  const s = String(a);
  switch (op) {
    case "like":
    case "not_like":
      return [`%${s.slice(2, 5)}%`, `${s.slice(0, 3)}%`, s];
    case "ilike":
    case "not_ilike":
      return [`%${s.slice(2, 5).toUpperCase()}%`];
    case "regex":
    case "not_regex":
      return [`^${s.slice(0, 3).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`, "(s|t)\\b", "[0-9]"];
    case "match":
    case "not_match":
      return [words(s)[0] ?? s, words(s).slice(0, 2).join(" ").toUpperCase()];
    default:
      return [a, b];
  }
}

const FIELDS_BY_TYPE: Record<string, string[]> = {
  str: [
    "anchor",
    "url_from",
    "domain_from",
    "page_from_title",
    "url_to",
    "semantic_location",
    "domain_from_ip",
  ],
  num: ["rank", "backlink_spam_score", "page_from_status_code", "url_to_status_code", "links_count"],
  bool: ["dofollow", "is_lost", "url_to_https", "is_broken", "domain_from_is_ip"],
  time: ["first_seen", "prev_seen", "last_seen"],
  "array.str": ["domain_from_platform_type"],
};

describe("filters: every operator on every field type", () => {
  it("has a universe with every type of value", () => {
    expect(universe.length).toBeGreaterThan(650);
  });

  for (const [type, fields] of Object.entries(FIELDS_BY_TYPE)) {
    for (const op of OPERATORS_BY_TYPE[type as keyof typeof OPERATORS_BY_TYPE]) {
      it(`${type} ${op}`, () => {
        let nonTrivial = 0;
        for (const field of fields) {
          for (const operand of operands(field, op)) {
            const condition: Condition = [field, op, operand];
            const expected = universe.filter((item) => oracle(item, condition));
            const got = run(condition);
            expect(keysOf(got), JSON.stringify(condition)).toEqual(keysOf(expected));
            if (got.length > 0 && got.length < universe.length) nonTrivial++;
          }
        }
        expect(nonTrivial).toBeGreaterThan(0);
      });
    }
  }

  it("= null and <> null select null and non-null values; null never matches other comparisons", () => {
    for (const field of ["anchor", "prev_seen", "url_to_status_code", "alt", "semantic_location"]) {
      const isNull = run([field, "=", null]);
      const notNull = run([field, "<>", null]);
      expect(isNull.length).toBeGreaterThan(0);
      expect(notNull.length).toBeGreaterThan(0);
      expect(isNull.length + notNull.length).toBe(universe.length);
      expect(isNull.every((i) => i[field] === null)).toBe(true);
    }
    const notEqual = run(["anchor", "<>", "click here"]);
    expect(notEqual.every((i) => i.anchor !== null)).toBe(true);
    expect(run(["semantic_location", "not_in", ["article"]]).every((i) => i.semantic_location !== null)).toBe(
      true,
    );
  });

  it("and/or groups nest to any depth", () => {
    const a: Condition = ["dofollow", "=", true];
    const b: Condition = ["rank", ">", 20];
    const c: Condition = ["item_type", "in", ["image", "redirect", "canonical"]];
    const d: Condition = ["anchor", "ilike", "%SEO%"];
    const e: Condition = ["first_seen", "<", "2022-01-01 00:00:00 +00:00"];
    const filters = [[a, "and", b], "or", [c, "and", [d, "or", e]]];
    const expected = universe.filter(
      (i) => (oracle(i, a) && oracle(i, b)) || (oracle(i, c) && (oracle(i, d) || oracle(i, e))),
    );
    expect(expected.length).toBeGreaterThan(0);
    expect(keysOf(run(filters))).toEqual(keysOf(expected));
    const flat = [a, "and", b, "and", e];
    expect(keysOf(run(flat))).toEqual(
      keysOf(universe.filter((i) => oracle(i, a) && oracle(i, b) && oracle(i, e))),
    );
  });

  it("compares ranks on the requested rank_scale", () => {
    const scaled = run(["rank", ">=", 10], { rank_scale: "one_hundred" });
    const all = run(["rank", ">=", 0], { rank_scale: "one_hundred" });
    expect(scaled.length).toBeGreaterThan(0);
    expect(keysOf(scaled)).toEqual(keysOf(all.filter((i) => (i.rank as number) >= 10)));
    expect(all.every((i) => (i.rank as number) <= 100 && (i.domain_from_rank as number) <= 100)).toBe(true);
  });

  it("applies group_count conditions to the groups", () => {
    const grouped = [...engine.truth({ ...BROAD, mode: "one_per_domain" }).items()];
    const got = run(["group_count", ">", 2], { mode: "one_per_domain" });
    expect(got.length).toBeGreaterThan(0);
    expect(got).toEqual(grouped.filter((i) => (i.group_count as number) > 2));
  });

  it("refuses a regex JavaScript cannot compile with 40501 'filters'", () => {
    expect(() => run(["anchor", "regex", "(unclosed"])).toThrowError(
      expect.objectContaining({ statusCode: 40501, statusMessage: "Invalid Field: 'filters'." }),
    );
  });
});
