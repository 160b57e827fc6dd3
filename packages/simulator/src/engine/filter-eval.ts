/**
 * Compiles a validated `filters` expression into a row predicate (api-notes §1.3).
 *
 * Semantics ([INF] where the docs are silent; see the README):
 * - a null field value never matches a comparison, except `= null` (is null) and `<> null`
 *   (is not null) — also not `<>`, `not_in`, `not_like`, `not_regex`, `not_match`, `has_not`;
 * - `like` / `not_like` use `%` for any run of characters (`_` is literal), case-sensitive, whole value;
 *   `ilike` / `not_ilike` the same, case-insensitive;
 * - `regex` / `not_regex` use JavaScript RegExp, unanchored (the real API uses RE2; patterns using
 *   RE2-only syntax are refused with 40501 'filters');
 * - `match` / `not_match`: every word of the value occurs as a whole word (case-insensitive);
 * - `has` / `has_not`: array membership;
 * - groups fold left to right (`[a, "and", b, "or", c]` = `(a and b) or c`).
 * Dictionary fields evaluate a condition once per distinct value, then per row by table lookup.
 */
import type { FieldType, FilterExpression } from "@backlinks/core";
import { parseApiTime } from "../dataset/dates.js";
import { invalidField } from "./errors.js";
import type { DictValue, FieldAccess } from "./fields.js";

/** Tests one row; `groupCount` is the row's group size (only `group_count` conditions read it). */
export type RowPredicate = (row: number, groupCount: number) => boolean;

type ValueTest = (value: DictValue) => boolean;

const isNull = (v: DictValue): boolean => v === null || (typeof v === "number" && Number.isNaN(v));

function operandOf(type: FieldType, raw: unknown): DictValue {
  if (raw === null) return null;
  switch (type) {
    case "num":
    case "array.num":
      return Number(raw);
    case "time":
      return parseApiTime(String(raw));
    case "bool":
      return raw === true || raw === "true" ? 1 : 0;
    default:
      return String(raw);
  }
}

function likeToRegExp(pattern: string, ignoreCase: boolean): RegExp {
  const body = pattern
    .split("%")
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
    .join("[\\s\\S]*");
  return new RegExp(`^${body}$`, ignoreCase ? "i" : "");
}

const WORD_SPLIT = /[^\p{L}\p{N}]+/u;
const wordsOf = (text: string): string[] => text.toLowerCase().split(WORD_SPLIT).filter(Boolean);

function compareOp(op: string, operand: number | string): ValueTest | undefined {
  switch (op) {
    case "<":
      return (v) => (v as number | string) < operand;
    case "<=":
      return (v) => (v as number | string) <= operand;
    case ">":
      return (v) => (v as number | string) > operand;
    case ">=":
      return (v) => (v as number | string) >= operand;
    default:
      return undefined;
  }
}

/** The test of one condition on a field value (null handling included). */
function valueTest(type: FieldType, op: string, raw: unknown): ValueTest {
  if (op === "in" || op === "not_in") {
    const set = new Set((raw as unknown[]).map((x) => operandOf(type, x)));
    return op === "in" ? (v) => !isNull(v) && set.has(v) : (v) => !isNull(v) && !set.has(v);
  }
  const operand = operandOf(type, raw);
  if (operand === null) {
    // Only = and <> accept null (core's validator): "is null" / "is not null".
    return op === "=" ? isNull : (v) => !isNull(v);
  }
  const compare = compareOp(op, operand as number | string);
  if (compare !== undefined) return (v) => !isNull(v) && compare(v);
  let test: ValueTest;
  switch (op) {
    case "=":
      return (v) => !isNull(v) && v === operand;
    case "<>":
      return (v) => !isNull(v) && v !== operand;
    case "like":
    case "not_like":
    case "ilike":
    case "not_ilike": {
      const re = likeToRegExp(operand as string, op.endsWith("ilike"));
      test = (v) => re.test(v as string);
      break;
    }
    case "regex":
    case "not_regex": {
      let re: RegExp;
      try {
        re = new RegExp(operand as string);
      } catch (error) {
        throw invalidField("filters", `invalid regex ${JSON.stringify(operand)}`, error);
      }
      test = (v) => re.test(v as string);
      break;
    }
    case "match":
    case "not_match": {
      const wanted = wordsOf(operand as string);
      test = (v) => {
        const have = new Set(wordsOf(v as string));
        return wanted.every((w) => have.has(w));
      };
      break;
    }
    case "has":
      return (v) => !isNull(v) && (v as readonly DictValue[]).includes(operand);
    case "has_not":
      return (v) => !isNull(v) && !(v as readonly DictValue[]).includes(operand);
    default:
      throw invalidField("filters", `operator ${JSON.stringify(op)} is not supported`);
  }
  return op.startsWith("not_") ? (v) => !isNull(v) && !test(v) : (v) => !isNull(v) && test(v);
}

const ALWAYS: RowPredicate = () => true;

function compileCondition(
  condition: readonly unknown[],
  fields: ReadonlyMap<string, FieldAccess>,
  groupCountAsTrue: boolean,
): RowPredicate {
  const [field, op, raw] = condition as [string, string, unknown];
  const fa = fields.get(field);
  if (fa === undefined) throw invalidField("filters", `unknown field ${JSON.stringify(field)}`);
  const test = valueTest(fa.type, op, raw);
  const access = fa.access;
  switch (access.kind) {
    case "group_count":
      return groupCountAsTrue ? ALWAYS : (_row, groupCount) => test(groupCount);
    case "num":
    case "str": {
      const get = access.get;
      return (row) => test(get(row));
    }
    case "dict": {
      const table = new Uint8Array(access.size);
      for (let id = 0; id < access.size; id++) table[id] = test(access.value(id)) ? 1 : 0;
      const id = access.id;
      return (row) => table[id(row)] === 1;
    }
  }
}

function compile(
  expr: FilterExpression,
  fields: ReadonlyMap<string, FieldAccess>,
  groupCountAsTrue: boolean,
): RowPredicate {
  const parts = expr as readonly unknown[];
  if (typeof parts[0] === "string") return compileCondition(parts, fields, groupCountAsTrue);
  let acc = compile(parts[0] as FilterExpression, fields, groupCountAsTrue);
  for (let i = 1; i + 1 < parts.length; i += 2) {
    const left = acc;
    const right = compile(parts[i + 1] as FilterExpression, fields, groupCountAsTrue);
    acc =
      parts[i] === "or"
        ? (row, gc) => left(row, gc) || right(row, gc)
        : (row, gc) => left(row, gc) && right(row, gc);
  }
  return acc;
}

/** True if any condition of the expression is on `group_count`. */
export function usesGroupCount(expr: FilterExpression): boolean {
  const parts = expr as readonly unknown[];
  if (typeof parts[0] === "string") return parts[0] === "group_count";
  return parts.some((p) => Array.isArray(p) && usesGroupCount(p as FilterExpression));
}

/**
 * Compiles `expr`. With `groupCountAsTrue`, `group_count` conditions pass every row: that gives
 * the pre-grouping filter (a superset, since and/or are monotone); the full predicate then runs on
 * the grouped rows with their real group counts ([INF] group_count filters act after grouping).
 */
export function compileFilter(
  expr: FilterExpression,
  fields: ReadonlyMap<string, FieldAccess>,
  groupCountAsTrue = false,
): RowPredicate {
  return compile(expr, fields, groupCountAsTrue);
}
