/** Describing option values in one-line error messages (never a whole object, never a secret). */

/** A plain object (not null, not an array). */
export function isObject(v: unknown): v is Record<string, unknown> & object {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** A short text for a given value: strings quoted and cut at 60 chars, objects by kind only. */
export function show(v: unknown): string {
  if (v === undefined) return "nothing";
  if (typeof v === "string") return JSON.stringify(v.length > 60 ? `${v.slice(0, 57)}...` : v);
  if (typeof v === "number" || typeof v === "boolean" || v === null) return String(v);
  if (Array.isArray(v)) return `an array of ${v.length}`;
  return typeof v;
}
