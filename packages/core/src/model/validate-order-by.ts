/**
 * Validation of `order_by` (api-notes §1.2): at most 3 rules `"<field>,asc|desc"` over the
 * filterable fields, no field twice.
 */
import { FILTER_FIELDS, LIMITS } from "./fields.js";
import { fieldType, TYPE_LABEL, UNKNOWN_FIELD_HINT } from "./filter-condition.js";
import { describeValue, makeIssue, type ValidationIssue } from "./issues.js";
import type { OrderByRule } from "./request.js";
import { didYouMean } from "./suggest.js";

const RULE = /^([A-Za-z0-9_.]+),(asc|desc)$/;
const FIELD_NAMES = Object.freeze(Object.keys(FILTER_FIELDS));

/**
 * Validates `order_by`; pushes issues and returns a frozen copy when valid. An empty array means
 * "default order" and is dropped (like null).
 *
 * Array-typed fields are refused as sort keys: the docs say so for Labs; [INF] the same holds
 * here, and refusing is the safe side.
 */
export function validateOrderBy(
  value: unknown,
  issues: ValidationIssue[],
): readonly OrderByRule[] | undefined {
  if (!Array.isArray(value)) {
    issues.push(
      makeIssue(
        "order_by",
        "array_required",
        `expected an array of rules like ["rank,desc"], got ${describeValue(value)}`,
      ),
    );
    return undefined;
  }
  if (value.length === 0) return undefined;
  const before = issues.length;
  if (value.length > LIMITS.maxOrderBy) {
    issues.push(
      makeIssue(
        "order_by",
        "too_many_order_by",
        `at most ${LIMITS.maxOrderBy} rules are allowed, got ${value.length}`,
      ),
    );
  }
  const seen = new Map<string, number>();
  value.forEach((rule: unknown, index) => {
    const path = `order_by[${index}]`;
    if (typeof rule !== "string") {
      issues.push(
        makeIssue(path, "type", `expected a rule string "<field>,asc|desc", got ${describeValue(rule)}`),
      );
      return;
    }
    const m = RULE.exec(rule);
    if (!m) {
      issues.push(
        makeIssue(
          path,
          "order_by_format",
          `expected "<field>,asc" or "<field>,desc" (lowercase, no spaces) like "rank,desc", got ${describeValue(rule)}`,
        ),
      );
      return;
    }
    const field = m[1] ?? "";
    const type = fieldType(field);
    if (type === undefined) {
      issues.push(
        makeIssue(
          path,
          "unknown_field",
          `unknown sort field ${describeValue(field)}${didYouMean(field, FIELD_NAMES) || UNKNOWN_FIELD_HINT}`,
        ),
      );
      return;
    }
    if (type === "array.str" || type === "array.num") {
      issues.push(
        makeIssue(path, "not_sortable", `${TYPE_LABEL[type]} field "${field}" cannot be a sort key`),
      );
      return;
    }
    const earlier = seen.get(field);
    if (earlier !== undefined) {
      issues.push(makeIssue(path, "duplicate", `field "${field}" is already sorted by order_by[${earlier}]`));
      return;
    }
    seen.set(field, index);
  });
  return issues.length === before ? Object.freeze([...(value as OrderByRule[])]) : undefined;
}
