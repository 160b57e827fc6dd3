/**
 * A stable fingerprint of a request, so a saved cursor can prove it belongs to the request it is
 * resumed with. Key order does not matter; `offset` and `search_after_token` are position, not
 * identity, and are left out. Values are compared literally: an explicit default (`limit: 100`)
 * and an absent field hash differently, the safe side (a refused resume restarts; a wrong one
 * would corrupt the export).
 */
import { createHash } from "node:crypto";
import type { BacklinksRequest } from "../model/request.js";

const POSITION_FIELDS = new Set(["offset", "search_after_token"]);

/** JSON with object keys sorted at every level and `undefined` members dropped. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value))
    return `[${value.map((v) => (v === undefined ? "null" : canonicalJson(v))).join(",")}]`;
  const entries = Object.keys(value)
    .sort()
    .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
    .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
  return `{${entries.join(",")}}`;
}

/** sha256 (hex) of the canonical JSON of `request` without `offset` and `search_after_token`. */
export function requestHash(request: BacklinksRequest): string {
  const identity: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(request)) if (!POSITION_FIELDS.has(k)) identity[k] = v;
  return createHash("sha256").update(canonicalJson(identity)).digest("hex");
}
