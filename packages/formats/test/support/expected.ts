import { BACKLINK_COLUMNS, type ColumnType, EXTRA_COLUMN, OUTPUT_COLUMN_NAMES } from "../../src/index.js";

/** The logical row an item should become: 47 schema values (null where absent) + `extra`. */
export function logicalRow(item: Record<string, unknown>): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (const { name } of BACKLINK_COLUMNS) row[name] = item[name] ?? null;
  const extra = Object.fromEntries(
    Object.entries(item).filter(([k]) => !BACKLINK_COLUMNS.some((c) => c.name === k)),
  );
  row[EXTRA_COLUMN] = Object.keys(extra).length === 0 ? null : extra;
  return row;
}

const typeOf = (name: string): ColumnType =>
  name === EXTRA_COLUMN ? "json" : BACKLINK_COLUMNS.find((c) => c.name === name)!.type;

const FORMULA = new Set(["=", "+", "-", "@", "\t", "\r", "\uFF1D", "\uFF0B", "\uFF0D", "\uFF20"]);

/** What csv-parse (null for an unquoted empty field) should give for each cell. */
export function expectedCsv(item: Record<string, unknown>, escapeFormulas: boolean): Record<string, unknown> {
  const row = logicalRow(item);
  const out: Record<string, unknown> = {};
  for (const name of OUTPUT_COLUMN_NAMES) {
    const v = row[name];
    const type = typeOf(name);
    if (v === null) out[name] = null;
    else if (type === "list<string>" || type === "json") out[name] = JSON.stringify(v);
    else if (type === "string" && escapeFormulas && v !== "" && FORMULA.has((v as string)[0]!))
      out[name] = `'${v}`;
    else out[name] = String(v);
  }
  return out;
}

/** What a Parquet reader should give: INT64 → bigint, timestamps → Date, JSON parsed. */
export function expectedParquet(item: Record<string, unknown>): Record<string, unknown> {
  const row = logicalRow(item);
  const out: Record<string, unknown> = {};
  for (const name of OUTPUT_COLUMN_NAMES) {
    const v = row[name];
    const type = typeOf(name);
    if (v === null) out[name] = null;
    else if (type === "int") out[name] = BigInt(v as number);
    else if (type === "timestamp")
      out[name] = new Date(`${(v as string).slice(0, 10)}T${(v as string).slice(11, 19)}Z`);
    else out[name] = v;
  }
  return out;
}

/** DuckDB's type of each output column (JSON columns read back as VARCHAR text). */
export const DUCKDB_TYPES: Record<ColumnType, string> = {
  string: "VARCHAR",
  int: "BIGINT",
  bool: "BOOLEAN",
  timestamp: "TIMESTAMP WITH TIME ZONE",
  "list<string>": "VARCHAR[]",
  json: "VARCHAR",
};

/** {@link typeOf} for every output column. */
export const OUTPUT_TYPES: readonly ColumnType[] = OUTPUT_COLUMN_NAMES.map(typeOf);
