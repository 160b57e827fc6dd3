/**
 * `validateRequest`: checks a task for `POST /v3/backlinks/backlinks/live` (api-notes §1.2) without
 * any I/O, reports every problem, and returns a normalised, deep-frozen request.
 */
import { RequestValidationError } from "../errors/validation.js";
import { CUSTOM_MODE_FIELDS, LIMITS } from "./fields.js";
import { describeValue, makeIssue, quotedList, type ValidationIssue } from "./issues.js";
import type { BacklinksRequest } from "./request.js";
import { didYouMean } from "./suggest.js";
import { checkTarget } from "./target.js";
import { validateFilters } from "./validate-filters.js";
import { validateOrderBy } from "./validate-order-by.js";

/** Result of {@link validateRequest}. */
export type ValidationResult =
  | { readonly ok: true; readonly request: Readonly<BacklinksRequest> }
  | { readonly ok: false; readonly issues: readonly ValidationIssue[] };

type Check = (value: unknown, issues: ValidationIssue[]) => unknown;

const MODES = ["as_is", "one_per_domain", "one_per_anchor"] as const;
const STATUS_TYPES = ["all", "live", "lost"] as const;
const RANK_SCALES = ["one_hundred", "one_thousand"] as const;

function oneOf(name: string, allowed: readonly string[]): Check {
  return (value, issues) => {
    if (typeof value === "string" && allowed.includes(value)) return value;
    issues.push(
      makeIssue(name, "enum", `expected one of ${quotedList(allowed)}, got ${describeValue(value)}`),
    );
    return undefined;
  };
}

function integer(name: string, min: number, max: number): Check {
  return (value, issues) => {
    if (typeof value !== "number" || !Number.isInteger(value)) {
      issues.push(
        makeIssue(name, "type", `expected an integer from ${min} to ${max}, got ${describeValue(value)}`),
      );
      return undefined;
    }
    if (value < min || value > max) {
      issues.push(
        makeIssue(name, "range", `expected an integer from ${min} to ${max}, got ${describeValue(value)}`),
      );
      return undefined;
    }
    return value;
  };
}

function boolean(name: string): Check {
  return (value, issues) => {
    if (typeof value === "boolean") return value;
    issues.push(makeIssue(name, "type", `expected true or false, got ${describeValue(value)}`));
    return undefined;
  };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** A property name as a path segment: as-is when identifier-like, else quoted (keeps messages one line). */
function keyPath(key: string): string {
  return /^[A-Za-z_$][\w$]{0,63}$/.test(key) ? key : describeValue(key);
}

function own(object: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(object, key) ? object[key] : undefined;
}

const checkTargetField: Check = (value, issues) => {
  if (typeof value !== "string") {
    issues.push(
      makeIssue("target", "type", `expected a domain or page URL string, got ${describeValue(value)}`),
    );
    return undefined;
  }
  if (value.trim() === "") {
    issues.push(
      makeIssue(
        "target",
        "required",
        'target is required: a domain like "example.com" or a page URL, got an empty string',
      ),
    );
    return undefined;
  }
  const checked = checkTarget(value);
  if (checked.ok) return checked.target;
  issues.push(makeIssue("target", "target_format", checked.reason));
  return undefined;
};

const CUSTOM_MODE_KEYS = ["field", "value"];

const checkCustomMode: Check = (value, issues) => {
  if (!isPlainObject(value)) {
    issues.push(
      makeIssue("custom_mode", "type", `expected an object { field, value }, got ${describeValue(value)}`),
    );
    return undefined;
  }
  const before = issues.length;
  for (const key of Object.keys(value)) {
    if (!CUSTOM_MODE_KEYS.includes(key)) {
      issues.push(
        makeIssue(
          `custom_mode.${keyPath(key)}`,
          "unknown_property",
          `unknown property (expected only "field" and "value")`,
        ),
      );
    }
  }
  const field = own(value, "field");
  if (field === undefined || field === null) {
    issues.push(
      makeIssue(
        "custom_mode.field",
        "required",
        `required when custom_mode is set: one of ${quotedList(CUSTOM_MODE_FIELDS)}`,
      ),
    );
  } else {
    oneOf("custom_mode.field", CUSTOM_MODE_FIELDS)(field, issues);
  }
  const count = own(value, "value");
  if (count === undefined || count === null) {
    issues.push(
      makeIssue(
        "custom_mode.value",
        "required",
        `required when custom_mode is set: an integer from ${LIMITS.customModeValueMin} to ${LIMITS.customModeValueMax}`,
      ),
    );
  } else {
    integer("custom_mode.value", LIMITS.customModeValueMin, LIMITS.customModeValueMax)(count, issues);
  }
  return issues.length === before ? Object.freeze({ field, value: count }) : undefined;
};

const checkToken: Check = (value, issues) => {
  if (typeof value === "string" && value !== "") return value;
  // The token is never echoed: it embeds the original request and is opaque to us.
  issues.push(
    makeIssue(
      "search_after_token",
      typeof value === "string" ? "empty" : "type",
      `expected the non-empty token string of the previous response, got ${typeof value === "string" ? "an empty string" : describeValue(value)}`,
    ),
  );
  return undefined;
};

const checkTag: Check = (value, issues) => {
  if (typeof value !== "string") {
    issues.push(
      makeIssue(
        "tag",
        "type",
        `expected a string of at most ${LIMITS.maxTagLength} characters, got ${describeValue(value)}`,
      ),
    );
    return undefined;
  }
  if (value.length > LIMITS.maxTagLength) {
    issues.push(
      makeIssue("tag", "too_long", `expected at most ${LIMITS.maxTagLength} characters, got ${value.length}`),
    );
    return undefined;
  }
  return value;
};

/**
 * Every task field of backlinks/live, in the documented order (the order of the normalised
 * request's keys), with its check.
 */
const FIELD_CHECKS: ReadonlyMap<keyof BacklinksRequest, Check> = new Map<keyof BacklinksRequest, Check>([
  ["target", checkTargetField],
  ["mode", oneOf("mode", MODES)],
  ["custom_mode", checkCustomMode],
  ["filters", validateFilters],
  ["order_by", validateOrderBy],
  ["offset", integer("offset", 0, LIMITS.maxOffset)],
  ["search_after_token", checkToken],
  ["limit", integer("limit", 1, LIMITS.maxLimit)],
  ["backlinks_status_type", oneOf("backlinks_status_type", STATUS_TYPES)],
  ["include_subdomains", boolean("include_subdomains")],
  ["include_indirect_links", boolean("include_indirect_links")],
  ["exclude_internal_backlinks", boolean("exclude_internal_backlinks")],
  ["rank_scale", oneOf("rank_scale", RANK_SCALES)],
  ["tag", checkTag],
]);

/** The task field names validateRequest accepts, in documented order. */
export const REQUEST_FIELDS: readonly string[] = Object.freeze([...FIELD_CHECKS.keys()]);

/** Hints for properties that exist on sibling endpoints only (api-notes §1.2). */
const SIBLING_ONLY: ReadonlyMap<string, string> = new Map([
  ["backlinks_filters", ' (backlinks_filters belongs to sibling endpoints; this endpoint takes "filters")'],
  ["internal_list_limit", " (internal_list_limit belongs to sibling endpoints)"],
]);

/**
 * Validates a backlinks/live task. Pure: no I/O, no clock, no randomness.
 *
 * - Reports every problem, each with a path (`filters[2][1]`), the top-level field, a stable code
 *   and a one-line message; an invalid request is never partly returned.
 * - `null` for an optional field is treated as unset and dropped (the official n8n node sends
 *   nulls, api-notes §1.2); empty `filters` / `order_by` arrays are dropped too.
 * - Unknown top-level properties are errors: the real API may answer 40506 "Unknown Fields in
 *   POST Data." ([3P]); refusing before sending is the safe side, and it catches typos.
 * - The target is normalised (see {@link normalizeTarget}); nothing else is rewritten and no
 *   defaults are filled in, so the request sent is the request given.
 *
 * On success the request is a fresh, deep-frozen object with keys in documented order.
 */
export function validateRequest(input: unknown): ValidationResult {
  const issues: ValidationIssue[] = [];
  if (!isPlainObject(input)) {
    const hint = Array.isArray(input) ? " (pass one task object, not the POST body array)" : "";
    issues.push(makeIssue("", "type", `expected a task object, got ${describeValue(input)}${hint}`));
    return { ok: false, issues: Object.freeze(issues) };
  }
  for (const key of Object.keys(input)) {
    if (!FIELD_CHECKS.has(key as keyof BacklinksRequest)) {
      const hint =
        SIBLING_ONLY.get(key) ??
        (didYouMean(key, REQUEST_FIELDS) || ` (expected one of ${REQUEST_FIELDS.join(", ")})`);
      issues.push(makeIssue(keyPath(key), "unknown_property", `unknown task property${hint}`));
    }
  }
  const request: Record<string, unknown> = {};
  for (const [name, check] of FIELD_CHECKS) {
    const value = own(input, name);
    if (value === undefined || value === null) {
      if (name === "target") {
        issues.push(
          makeIssue(
            "target",
            "required",
            `target is required: a domain like "example.com" or a page URL, got ${describeValue(value)}`,
          ),
        );
      }
      continue;
    }
    const checked = check(value, issues);
    if (checked !== undefined) request[name] = checked;
  }
  if (issues.length > 0) return { ok: false, issues: Object.freeze(issues) };
  return { ok: true, request: Object.freeze(request) as unknown as Readonly<BacklinksRequest> };
}

/**
 * Like {@link validateRequest} but returns the request or throws.
 *
 * @throws RequestValidationError (`ERR_INVALID_REQUEST`) with every issue in `.issues`.
 */
export function assertValidRequest(input: unknown): Readonly<BacklinksRequest> {
  const result = validateRequest(input);
  if (!result.ok) throw new RequestValidationError(result.issues);
  return result.request;
}
