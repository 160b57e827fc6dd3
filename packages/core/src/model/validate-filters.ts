/**
 * Validation of the `filters` expression (api-notes §1.3): conditions `[field, operator, value]`,
 * groups alternating expressions and `"and"` / `"or"`, nesting, at most 8 conditions.
 */

import { LIMITS } from "./fields.js";
import { checkCondition, copyConditionValue } from "./filter-condition.js";
import { describeValue, makeIssue, type ValidationIssue } from "./issues.js";
import type { FilterCondition, FilterExpression, FilterJoin } from "./request.js";

/**
 * Nesting deeper than this is refused. Eight conditions need at most 7 levels; the cap only
 * protects the recursion from absurd or cyclic input.
 */
export const MAX_FILTER_DEPTH = 16;

/**
 * A condition is an array whose first element is a string (the field); a group starts with an
 * expression (an array). That is how the API's own examples tell them apart.
 */
export function isConditionShape(value: readonly unknown[]): boolean {
  return typeof value[0] === "string";
}

/** Number of leaf conditions in a (structurally valid) expression. */
export function countConditions(expr: FilterExpression): number {
  if (isConditionShape(expr)) return 1;
  let n = 0;
  for (const part of expr as readonly unknown[]) {
    if (Array.isArray(part)) n += countConditions(part as FilterExpression);
  }
  return n;
}

function validateCondition(
  value: readonly unknown[],
  path: string,
  issues: ValidationIssue[],
): FilterCondition | undefined {
  if (value.length !== 3) {
    issues.push(
      makeIssue(
        path,
        "condition_shape",
        `a condition must be [field, operator, value] (3 elements), got an array of ${value.length}`,
      ),
    );
    return undefined;
  }
  const [field, op, operand] = value;
  const problems = checkCondition(field, op, operand);
  for (const p of problems) {
    const at = p.item === undefined ? `${path}[${p.part}]` : `${path}[${p.part}][${p.item}]`;
    issues.push(makeIssue(at, p.code, p.text));
  }
  if (problems.length > 0) return undefined;
  return Object.freeze([field as string, op as string, copyConditionValue(operand)] as const);
}

function validateGroup(
  value: readonly unknown[],
  path: string,
  depth: number,
  issues: ValidationIssue[],
): FilterExpression | undefined {
  const before = issues.length;
  if (value.length < 3 || value.length % 2 === 0) {
    const text =
      value.length === 1
        ? 'a group needs at least two expressions joined by "and" / "or", got one (write a single condition as [field, operator, value] without extra brackets)'
        : `a group must alternate expressions and "and" / "or" ([expr, "and", expr, ...]), got an array of ${value.length}`;
    issues.push(makeIssue(path, "group_shape", text));
  }
  const out: (FilterExpression | FilterJoin)[] = [];
  let firstJoin: FilterJoin | undefined;
  value.forEach((part, index) => {
    const at = `${path}[${index}]`;
    if (index % 2 === 1) {
      if (part !== "and" && part !== "or") {
        issues.push(
          makeIssue(at, "enum", `expected "and" or "or" between expressions, got ${describeValue(part)}`),
        );
        return;
      }
      if (firstJoin === undefined) firstJoin = part;
      else if (part !== firstJoin) {
        // The API documents no precedence between and/or ([INF] maybe left to right); a mixed flat
        // group could mean something other than the user intended, so it must be grouped explicitly.
        issues.push(
          makeIssue(
            at,
            "mixed_joins",
            `"and" and "or" mixed in one group; the API has no documented precedence, so nest them explicitly (e.g. [a, "or", [b, "and", c]]), got "${part}" after "${firstJoin}"`,
          ),
        );
        return;
      }
      out.push(part);
      return;
    }
    const expr = validateExpression(part, at, depth + 1, issues);
    if (expr !== undefined) out.push(expr);
  });
  return issues.length === before ? Object.freeze(out) : undefined;
}

/** Validates one expression (condition or group) at `path`; returns a frozen copy if it is valid. */
export function validateExpression(
  value: unknown,
  path: string,
  depth: number,
  issues: ValidationIssue[],
): FilterExpression | undefined {
  if (!Array.isArray(value)) {
    issues.push(
      makeIssue(
        path,
        depth === 0 ? "array_required" : "type",
        `expected a condition [field, operator, value] or a group [expr, "and", expr, ...], got ${describeValue(value)}`,
      ),
    );
    return undefined;
  }
  if (depth > MAX_FILTER_DEPTH) {
    issues.push(makeIssue(path, "too_deep", `filters nested deeper than ${MAX_FILTER_DEPTH} levels`));
    return undefined;
  }
  if (value.length === 0) {
    issues.push(makeIssue(path, "group_shape", "expected a condition or a group, got an empty array"));
    return undefined;
  }
  if (isConditionShape(value)) return validateCondition(value, path, issues);
  if (!Array.isArray(value[0])) {
    issues.push(
      makeIssue(
        `${path}[0]`,
        "type",
        `expected a field name (condition) or an expression (group), got ${describeValue(value[0])}`,
      ),
    );
    return undefined;
  }
  return validateGroup(value, path, depth, issues);
}

/**
 * Validates the top-level `filters` value; pushes issues and returns a frozen copy when valid.
 * An empty array means "no filters" and is dropped (returns `undefined` without an issue), like null.
 */
export function validateFilters(value: unknown, issues: ValidationIssue[]): FilterExpression | undefined {
  if (Array.isArray(value) && value.length === 0) return undefined;
  const before = issues.length;
  const expr = validateExpression(value, "filters", 0, issues);
  // Counted on the raw value, so "too many" is reported along with any other problem.
  const n = Array.isArray(value) ? countLeaves(value, 0) : 0;
  if (n > LIMITS.maxFilterConditions) {
    issues.push(
      makeIssue(
        "filters",
        "too_many_conditions",
        `at most ${LIMITS.maxFilterConditions} conditions are allowed, got ${n}`,
      ),
    );
    return undefined;
  }
  return issues.length === before ? expr : undefined;
}

/** Leaf count of any nested array structure (conditions = arrays starting with a string). */
function countLeaves(value: readonly unknown[], depth: number): number {
  if (depth > MAX_FILTER_DEPTH) return 0;
  if (isConditionShape(value)) return 1;
  let n = 0;
  for (const part of value) if (Array.isArray(part)) n += countLeaves(part, depth + 1);
  return n;
}
