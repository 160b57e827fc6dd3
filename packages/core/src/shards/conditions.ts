/**
 * Building a shard's filter: the condition for its bounds, ANDed onto the user's filters, within
 * the API's limit of 8 conditions per request (api-notes §1.3, counted as leaf conditions [INF]).
 */
import { LIMITS } from "../model/fields.js";
import type { FilterCondition, FilterExpression } from "../model/request.js";
import type { ShardBounds } from "./model.js";

/** True when `expr` is one `[field, operator, value]` condition rather than a group. */
export function isCondition(expr: FilterExpression): expr is FilterCondition {
  return Array.isArray(expr) && typeof expr[0] === "string";
}

/** Number of leaf conditions in a filter expression (0 for none). */
export function countConditions(expr: FilterExpression | undefined | null): number {
  if (expr === undefined || expr === null) return 0;
  if (isCondition(expr)) return 1;
  let n = 0;
  for (const part of expr as readonly (FilterExpression | string)[]) {
    if (typeof part !== "string") n += countConditions(part);
  }
  return n;
}

/** Conditions left for a shard condition once the user's filters are counted (never negative). */
export function freeConditions(userFilters: FilterExpression | undefined): number {
  return Math.max(0, LIMITS.maxFilterConditions - countConditions(userFilters));
}

/** True when a group joins its parts with `"and"` only (so more parts can be appended flat). */
function isAndGroup(expr: FilterExpression): boolean {
  if (isCondition(expr)) return false;
  const parts = expr as readonly (FilterExpression | string)[];
  return parts.every((p, i) => (i % 2 === 1 ? p === "and" : typeof p !== "string"));
}

/** The operands of an expression when joined by `and` (a condition is its own single operand). */
function andOperands(expr: FilterExpression): FilterExpression[] {
  if (isAndGroup(expr)) {
    return (expr as readonly (FilterExpression | string)[]).filter(
      (p): p is FilterExpression => typeof p !== "string",
    );
  }
  return [expr];
}

/**
 * `user AND added`. An all-`and` user list is extended flat; any other expression (an `or` at the
 * top, where the API's precedence is undocumented) is kept as one bracketed operand, so its
 * meaning never changes.
 */
export function andFilters(
  user: FilterExpression | undefined,
  added: FilterExpression | null,
): FilterExpression | undefined {
  if (added === null) return user;
  if (user === undefined) return added;
  const parts = [...andOperands(user), ...andOperands(added)];
  const out: (FilterExpression | "and")[] = [];
  parts.forEach((p, i) => {
    if (i > 0) out.push("and");
    out.push(p);
  });
  return out;
}

/** The condition that selects a shard's rows on `key`; `null` for the whole request. */
export function boundsCondition(key: string, bounds: ShardBounds): FilterExpression | null {
  switch (bounds.kind) {
    case "all":
      return null;
    case "null":
      return [key, "=", null];
    case "pattern":
      return [key, "regex", bounds.regex];
    case "nested":
      return (
        andFilters(
          boundsCondition(key, bounds.outer) ?? undefined,
          boundsCondition(bounds.key, bounds.inner),
        ) ?? null
      );
    case "range": {
      const { lower, upper } = bounds;
      if (lower && upper && lower.inclusive && upper.inclusive && lower.value === upper.value) {
        return [key, "=", lower.value];
      }
      const parts: FilterCondition[] = [];
      if (lower) parts.push([key, lower.inclusive ? ">=" : ">", lower.value]);
      if (upper) parts.push([key, upper.inclusive ? "<=" : "<", upper.value]);
      if (parts.length === 0) return null;
      if (parts.length === 1) return parts[0] as FilterCondition;
      return [parts[0] as FilterCondition, "and", parts[1] as FilterCondition];
    }
  }
}
