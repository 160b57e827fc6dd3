/**
 * `formatFilter`: renders a filter expression in the text syntax of parse.ts, for logs, manifests
 * and CLI echo. `parseFilter(formatFilter(e))` deep-equals `e` for every valid expression.
 */

import type { FilterExpression, FilterScalar } from "../model/request.js";
import { isConditionShape } from "../model/validate-filters.js";

const ESCAPES: Readonly<Record<string, string>> = {
  "\\": "\\\\",
  '"': '\\"',
  "\n": "\\n",
  "\r": "\\r",
  "\t": "\\t",
};

/** A double-quoted string; backslash, quote and control characters escaped, so output is one line. */
function quote(value: string): string {
  let body = "";
  for (const ch of value) {
    const code = ch.charCodeAt(0);
    const escaped = ESCAPES[ch];
    if (escaped !== undefined) body += escaped;
    else if (code < 0x20 || code === 0x7f || code === 0x2028 || code === 0x2029) {
      body += `\\u${code.toString(16).padStart(4, "0")}`;
    } else body += ch;
  }
  return `"${body}"`;
}

function scalar(value: FilterScalar): string {
  if (value === null) return "null";
  if (typeof value === "string") return quote(value);
  if (typeof value === "number") return Object.is(value, -0) ? "-0" : String(value);
  return String(value);
}

function expression(expr: FilterExpression, nested: boolean): string {
  if (isConditionShape(expr)) {
    const [field, op, value] = expr as readonly [string, string, FilterScalar | readonly FilterScalar[]];
    const rendered = Array.isArray(value)
      ? `(${(value as readonly FilterScalar[]).map(scalar).join(", ")})`
      : scalar(value as FilterScalar);
    return `${field} ${op} ${rendered}`;
  }
  const parts = (expr as readonly (FilterExpression | string)[]).map((part) =>
    typeof part === "string" ? part : expression(part, true),
  );
  const text = parts.join(" ");
  // Every nested group is parenthesised, so the text never relies on and/or precedence.
  return nested ? `(${text})` : text;
}

/**
 * Renders a filter expression as text, e.g.
 * `[["dofollow","=",true],"and",[["anchor","like","%seo%"],"or",["rank",">=",100]]]` →
 * `dofollow = true and (anchor like "%seo%" or rank >= 100)`.
 * Operators are written in their canonical API form (`not_in`, `<>`), strings double-quoted.
 * Meant for validated expressions; the result is one line.
 */
export function formatFilter(expr: FilterExpression): string {
  return expression(expr, false);
}
