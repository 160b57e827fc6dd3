/**
 * The shape of one validation problem and how its one-line message is built. Shared by the request
 * validator and the filter checks so every message reads the same way:
 * `<path>: <what is wrong> (expected <what>, got <what was given>)`.
 */

/** Stable machine-readable codes of validation issues; messages may change, codes do not. */
export type ValidationIssueCode =
  | "type"
  | "required"
  | "enum"
  | "range"
  | "empty"
  | "too_long"
  | "unknown_property"
  | "target_format"
  | "array_required"
  | "unknown_field"
  | "unknown_operator"
  | "operator_for_type"
  | "condition_shape"
  | "group_shape"
  | "mixed_joins"
  | "too_deep"
  | "too_many_conditions"
  | "regex_too_long"
  | "time_format"
  | "too_many_order_by"
  | "order_by_format"
  | "not_sortable"
  | "duplicate";

/** One problem found in a request. */
export interface ValidationIssue {
  /** Where: `limit`, `custom_mode.value`, `filters[2][1]`, `order_by[0]`; `""` for the request itself. */
  readonly path: string;
  /** The top-level task field the problem is in (`filters` for `filters[2][1]`); `""` for the request itself. */
  readonly field: string;
  /** Stable code, see {@link ValidationIssueCode}. */
  readonly code: ValidationIssueCode;
  /** One line naming the field, what was expected and what was given. Starts with the path. */
  readonly message: string;
}

/** The top-level field of a path: `filters[2][1]` → `filters`, `custom_mode.value` → `custom_mode`. */
export function topLevelField(path: string): string {
  const match = /^[^.[]*/.exec(path);
  return match ? match[0] : "";
}

/** Builds a frozen issue whose message is `<path>: <text>` (or `request: <text>` at the root). */
export function makeIssue(path: string, code: ValidationIssueCode, text: string): ValidationIssue {
  return Object.freeze({
    path,
    field: topLevelField(path),
    code,
    message: `${path === "" ? "request" : path}: ${text}`,
  });
}

const MAX_SHOWN_STRING = 60;

/**
 * A short, one-line description of a given value for messages: strings JSON-quoted (so control
 * characters cannot break the line) and cut when long; arrays and objects by kind and size only,
 * so a message never dumps a large or secret-bearing payload.
 */
export function describeValue(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  switch (typeof value) {
    case "string": {
      if (value.length === 0) return "an empty string";
      if (value.length <= MAX_SHOWN_STRING) return JSON.stringify(value);
      return `${JSON.stringify(value.slice(0, MAX_SHOWN_STRING))}… (${value.length} chars)`;
    }
    case "number":
      return Object.is(value, -0) ? "-0" : String(value);
    case "boolean":
      return String(value);
    case "bigint":
      return `bigint ${value}`;
    case "function":
      return "a function";
    case "symbol":
      return "a symbol";
    default:
      if (Array.isArray(value)) return value.length === 0 ? "an empty array" : `an array of ${value.length}`;
      return "an object";
  }
}

/** `a, b or c` with each name quoted; for "expected one of" lists of names. */
export function quotedList(names: readonly string[]): string {
  const quoted = names.map((n) => `"${n}"`);
  if (quoted.length <= 1) return quoted.join("");
  return `${quoted.slice(0, -1).join(", ")} or ${quoted[quoted.length - 1]}`;
}
