/**
 * Checks of one filter condition `[field, operator, value]` against the field catalogue
 * (api-notes §1.3). Used by the request validator (which turns each problem into a path) and by
 * the filter text parser (which turns it into a column).
 */
import { FILTER_FIELDS, type FieldType, LIMITS, OPERATORS_BY_TYPE } from "./fields.js";
import { describeValue, type ValidationIssueCode } from "./issues.js";
import type { FilterScalar } from "./request.js";
import { didYouMean } from "./suggest.js";
import { API_TIME_EXAMPLE, API_TIME_FORMAT, isApiTime } from "./time-format.js";

/** One problem in a condition; `part` is 0 (field), 1 (operator) or 2 (value), `item` an `in`-list index. */
export interface ConditionProblem {
  readonly part: 0 | 1 | 2;
  readonly item?: number;
  readonly code: ValidationIssueCode;
  /** The message without its path or column. */
  readonly text: string;
}

const FIELD_NAMES = Object.freeze(Object.keys(FILTER_FIELDS));

/** Shown when no field name is close: the list has 40 entries, too long for one line. */
export const UNKNOWN_FIELD_HINT = ` (expected one of the ${FIELD_NAMES.length} filterable fields, e.g. rank, anchor, dofollow, first_seen)`;

/** Every operator the API knows, in the order of the §1.3 tables. */
export const ALL_OPERATORS: readonly string[] = Object.freeze([
  ...new Set(Object.values(OPERATORS_BY_TYPE).flat()),
]);

/** Human names of field types, for messages ("number field "rank""). */
export const TYPE_LABEL: Readonly<Record<FieldType, string>> = Object.freeze({
  str: "string",
  num: "number",
  bool: "boolean",
  time: "time",
  "array.str": "string-array",
  "array.num": "number-array",
});

const NUMERIC_STRING = /^-?\d+(?:\.\d+)?$/;
const LIST_OPERATORS = new Set(["in", "not_in"]);
const REGEX_OPERATORS = new Set(["regex", "not_regex"]);
/** Operators that may compare with `null` ([INF]: "is / is not null"; only equality makes sense). */
const NULL_OPERATORS = new Set(["=", "<>"]);

/** The type of a known filter field, or `undefined`. */
export function fieldType(field: string): FieldType | undefined {
  return Object.hasOwn(FILTER_FIELDS, field) ? FILTER_FIELDS[field as keyof typeof FILTER_FIELDS] : undefined;
}

/** Problem text for a scalar of the wrong kind, or undefined when `value` fits `type` under `op`. */
function scalarProblem(
  type: FieldType,
  field: string,
  op: string,
  value: unknown,
): { code: ValidationIssueCode; text: string } | undefined {
  const label = `${TYPE_LABEL[type]} field "${field}"`;
  const got = describeValue(value);
  switch (type) {
    case "num":
    case "array.num":
      // Numeric strings appear in the API's own examples (["rank", ">", "80"]).
      if (typeof value === "number" && Number.isFinite(value)) return undefined;
      if (typeof value === "string" && NUMERIC_STRING.test(value)) return undefined;
      return { code: "type", text: `value for ${label} must be a number or a numeric string, got ${got}` };
    case "bool":
      if (typeof value === "boolean") return undefined;
      return { code: "type", text: `value for ${label} must be true or false, got ${got}` };
    case "time":
      if (typeof value === "string" && isApiTime(value)) return undefined;
      return {
        code: typeof value === "string" ? "time_format" : "type",
        text: `value for ${label} must be a time "${API_TIME_FORMAT}" like "${API_TIME_EXAMPLE}", got ${got}`,
      };
    default:
      if (typeof value !== "string") {
        return { code: "type", text: `value for ${label} must be a string, got ${got}` };
      }
      if (REGEX_OPERATORS.has(op) && value.length > LIMITS.maxRegexLength) {
        return {
          code: "regex_too_long",
          text: `${op} pattern for ${label} must be at most ${LIMITS.maxRegexLength} characters, got ${value.length}`,
        };
      }
      return undefined;
  }
}

/**
 * Checks one condition. Returns every problem found; an unknown field or operator stops the
 * checks that depend on it.
 */
export function checkCondition(field: unknown, op: unknown, value: unknown): ConditionProblem[] {
  const problems: ConditionProblem[] = [];
  let type: FieldType | undefined;
  if (typeof field !== "string") {
    problems.push({
      part: 0,
      code: "type",
      text: `field name must be a string, got ${describeValue(field)}`,
    });
  } else {
    type = fieldType(field);
    if (type === undefined) {
      problems.push({
        part: 0,
        code: "unknown_field",
        text: `unknown filter field ${describeValue(field)}${didYouMean(field, FIELD_NAMES) || UNKNOWN_FIELD_HINT}`,
      });
    }
  }
  if (typeof op !== "string") {
    problems.push({ part: 1, code: "type", text: `operator must be a string, got ${describeValue(op)}` });
    return problems;
  }
  if (!ALL_OPERATORS.includes(op)) {
    problems.push({
      part: 1,
      code: "unknown_operator",
      text: `unknown operator ${describeValue(op)} (expected one of ${ALL_OPERATORS.join(", ")})`,
    });
    return problems;
  }
  if (type === undefined || typeof field !== "string") return problems;
  const allowed = OPERATORS_BY_TYPE[type];
  if (!allowed.includes(op as (typeof allowed)[number])) {
    problems.push({
      part: 1,
      code: "operator_for_type",
      text: `operator "${op}" is not valid for ${TYPE_LABEL[type]} field "${field}" (expected one of ${allowed.join(", ")})`,
    });
    return problems;
  }
  problems.push(...valueProblems(type, field, op, value));
  return problems;
}

function valueProblems(type: FieldType, field: string, op: string, value: unknown): ConditionProblem[] {
  if (LIST_OPERATORS.has(op)) {
    if (!Array.isArray(value)) {
      return [
        {
          part: 2,
          code: "array_required",
          text: `operator "${op}" needs an array of values for ${TYPE_LABEL[type]} field "${field}", got ${describeValue(value)}`,
        },
      ];
    }
    if (value.length === 0) {
      return [
        { part: 2, code: "empty", text: `operator "${op}" needs at least one value, got an empty array` },
      ];
    }
    const problems: ConditionProblem[] = [];
    value.forEach((item: unknown, index) => {
      const p =
        item === null || typeof item === "object"
          ? {
              code: "type" as const,
              text: `each "${op}" value for ${TYPE_LABEL[type]} field "${field}" must be a single ${TYPE_LABEL[type]} value, got ${describeValue(item)}`,
            }
          : scalarProblem(type, field, op, item);
      if (p) problems.push({ part: 2, item: index, ...p });
    });
    return problems;
  }
  if (value === null) {
    if (NULL_OPERATORS.has(op)) return [];
    return [{ part: 2, code: "type", text: `operator "${op}" cannot compare with null (only = and <> can)` }];
  }
  if (Array.isArray(value)) {
    const hint = op === "=" ? ' (use "in" for a list)' : op === "<>" ? ' (use "not_in" for a list)' : "";
    return [
      {
        part: 2,
        code: "type",
        text: `operator "${op}" takes a single value, got ${describeValue(value)}${hint}`,
      },
    ];
  }
  const p = scalarProblem(type, field, op, value);
  return p ? [{ part: 2, ...p }] : [];
}

/**
 * Copies a checked condition value (lists become new frozen arrays). `-0` becomes `0`: JSON has
 * no negative zero, so the request we validated is exactly the request that goes on the wire.
 */
export function copyConditionValue(value: unknown): FilterScalar | readonly FilterScalar[] {
  const plain = (v: unknown) => (Object.is(v, -0) ? 0 : v) as FilterScalar;
  return Array.isArray(value) ? Object.freeze(value.map(plain)) : plain(value);
}
