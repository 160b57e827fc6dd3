/**
 * The shape of a JSON value: object keys with the shapes of their values, arrays by the shape of
 * their first element, scalars by JSON type. Two responses with equal shapes have the same field
 * names, types and nesting; `null` stays `null` so nullable fields are compared as such.
 */
export function shapeOf(value: unknown): unknown {
  if (value === null) return "null";
  if (Array.isArray(value)) return value.length === 0 ? ["empty"] : [shapeOf(value[0])];
  if (typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, shapeOf(v)]),
    );
  }
  return typeof value;
}
