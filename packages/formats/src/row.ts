import { RowTypeError } from "./errors.js";
import { BACKLINK_COLUMNS, type ColumnType } from "./schema.js";
import { parseApiTimestamp } from "./timestamp.js";

/** Number of schema columns (47); the extra column sits at this index of a {@link RowValues}. */
export const SCHEMA_WIDTH = BACKLINK_COLUMNS.length;

/**
 * One validated row: index i < 47 holds the value of `BACKLINK_COLUMNS[i]` exactly as received
 * (null when absent), index 47 holds the object of unknown fields or null.
 */
export type RowValues = unknown[];

/** Index into `stamps` of each timestamp column, by schema index (-1 for other columns). */
export const STAMP_SLOT: readonly number[] = (() => {
  let next = 0;
  return BACKLINK_COLUMNS.map((c) => (c.type === "timestamp" ? next++ : -1));
})();

/**
 * Validates one item and fills `out` in schema order (null where absent or undefined); unknown
 * fields go into a fresh object at `out[47]` (null when none). For each timestamp column the epoch
 * milliseconds go into `stamps[STAMP_SLOT[i]]` (NaN when null). Throws {@link RowTypeError} naming
 * `row` and the column on the first value of the wrong type.
 */
export type RowReader = (item: unknown, row: number, out: RowValues, stamps: Float64Array) => void;

/** Creates the reusable value array a {@link RowReader} fills. */
export function newRowValues(): RowValues {
  return new Array(SCHEMA_WIDTH + 1).fill(null);
}

/** Creates the reusable timestamp array a {@link RowReader} fills. */
export function newStamps(): Float64Array {
  return new Float64Array(STAMP_SLOT.filter((s) => s >= 0).length);
}

// Null-prototype lookup table: a field name from the wire can never hit an inherited key
// ("constructor", "__proto__") and be mistaken for a schema column.
const COLUMN_INDEX: Record<string, number> = Object.create(null);
BACKLINK_COLUMNS.forEach((c, i) => {
  COLUMN_INDEX[c.name] = i;
});

function collectExtra(item: Record<string, unknown>): Record<string, unknown> | null {
  let extra: Record<string, unknown> | null = null;
  for (const key in item) {
    if (!Object.hasOwn(item, key) || COLUMN_INDEX[key] !== undefined) continue;
    const value = item[key];
    if (value === undefined) continue;
    // Null prototype: a wire field named "__proto__" stays an own key instead of becoming the prototype.
    if (extra === null) extra = Object.create(null) as Record<string, unknown>;
    extra[key] = value;
  }
  return extra;
}

function isStringList(value: unknown): boolean {
  if (!Array.isArray(value)) return false;
  for (const element of value) {
    // Null elements are kept (the Parquet element is OPTIONAL): the API has never sent one, but
    // refusing one would abort a whole export over a value every format can represent.
    if (typeof element !== "string" && element !== null) return false;
  }
  return true;
}

/** The JS type of a value as a word for error messages (`array` and `null` told apart). */
export function describeType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number" && !Number.isInteger(value)) return "non-integer number";
  if (typeof value === "number" && !Number.isSafeInteger(value)) return "unsafe integer";
  return typeof value;
}

function typeError(row: number, column: string, expected: string, value: unknown): RowTypeError {
  let preview: string;
  try {
    preview = JSON.stringify(value) ?? String(value);
  } catch {
    preview = String(value);
  }
  if (preview.length > 60) preview = `${preview.slice(0, 57)}...`;
  const hint =
    expected === "timestamp" && typeof value === "string" ? " (want YYYY-MM-DD HH:mm:ss +00:00)" : "";
  return new RowTypeError(row, column, expected, describeType(value), `(${preview})${hint}`);
}

function check(type: ColumnType, slot: number): string {
  switch (type) {
    case "string":
      return `typeof v !== "string"`;
    case "int":
      return "!Number.isSafeInteger(v)";
    case "bool":
      return `typeof v !== "boolean"`;
    case "list<string>":
      return "!isStringList(v)";
    case "json":
      return `typeof v !== "object"`;
    case "timestamp":
      // NaN is the only value not equal to itself.
      return `typeof v !== "string" || (stamps[${slot}] = parseApiTimestamp(v)) !== stamps[${slot}]`;
  }
}

/**
 * Compiles the row reader from {@link BACKLINK_COLUMNS}. Generated code reads each field with a
 * constant property name, which V8 turns into monomorphic inline-cached loads; a loop over
 * `item[name]` is ~4x slower (measured) and this runs once per row of millions. The names inlined are
 * our own schema constants, quoted with JSON.stringify. Unknown fields are found without a lookup per
 * key: a row with as many own keys as known fields present has none, and only then is skipped.
 */
function compileRowReader(): RowReader {
  const lines: string[] = [
    `if (typeof item !== "object" || item === null || Array.isArray(item)) throw typeError(row, "(item)", "object", item);`,
    "let known = 0;",
    "let v;",
  ];
  BACKLINK_COLUMNS.forEach(({ name, type }, i) => {
    const key = JSON.stringify(name);
    const slot = STAMP_SLOT[i]!;
    const onNull = type === "timestamp" ? ` stamps[${slot}] = NaN;` : "";
    lines.push(
      `v = item[${key}];`,
      `if (v === undefined) { out[${i}] = null;${onNull} }`,
      `else if (v === null) { out[${i}] = null;${onNull} known++; }`,
      `else { if (${check(type, slot)}) throw typeError(row, ${key}, ${JSON.stringify(type)}, v); out[${i}] = v; known++; }`,
    );
  });
  lines.push(
    "let keys = 0;",
    "for (const k in item) keys++;",
    `out[${SCHEMA_WIDTH}] = keys === known ? null : collectExtra(item);`,
  );
  const factory = new Function(
    "typeError",
    "isStringList",
    "parseApiTimestamp",
    "collectExtra",
    `return function readRow(item, row, out, stamps) {\n${lines.join("\n")}\n};`,
  );
  return factory(typeError, isStringList, parseApiTimestamp, collectExtra) as RowReader;
}

/** The row reader of {@link BACKLINK_COLUMNS} (see {@link RowReader}). */
export const readRow: RowReader = compileRowReader();
