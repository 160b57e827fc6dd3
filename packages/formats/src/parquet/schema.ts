import type { SchemaElement } from "hyparquet-writer";
import { BACKLINK_COLUMNS, type ColumnType, EXTRA_COLUMN } from "../schema.js";

/**
 * Parquet schema of the output, one top-level column per output column, all OPTIONAL:
 * string → BYTE_ARRAY UTF8; int → INT64 (the API types them as plain integers, so no value it can
 * send overflows and every file gets the same type); bool → BOOLEAN; timestamp → INT64
 * TIMESTAMP(MILLIS, UTC); list<string> → 3-level LIST of OPTIONAL UTF8 (null list ≠ empty list);
 * json and `extra` → BYTE_ARRAY with the JSON logical type (text), so fields the API adds inside
 * these objects later survive too.
 */
export function parquetSchema(): SchemaElement[] {
  const schema: SchemaElement[] = [{ name: "root", num_children: BACKLINK_COLUMNS.length + 1 }];
  for (const { name, type } of BACKLINK_COLUMNS) schema.push(...elements(name, type));
  schema.push(...elements(EXTRA_COLUMN, "json"));
  return schema;
}

function elements(name: string, type: ColumnType): SchemaElement[] {
  const repetition_type = "OPTIONAL";
  switch (type) {
    case "string":
      return [
        {
          name,
          type: "BYTE_ARRAY",
          converted_type: "UTF8",
          logical_type: { type: "STRING" },
          repetition_type,
        },
      ];
    case "int":
      return [{ name, type: "INT64", repetition_type }];
    case "bool":
      return [{ name, type: "BOOLEAN", repetition_type }];
    case "timestamp":
      return [
        {
          name,
          type: "INT64",
          converted_type: "TIMESTAMP_MILLIS",
          logical_type: { type: "TIMESTAMP", isAdjustedToUTC: true, unit: "MILLIS" },
          repetition_type,
        },
      ];
    case "list<string>":
      return [
        { name, converted_type: "LIST", logical_type: { type: "LIST" }, repetition_type, num_children: 1 },
        { name: "list", repetition_type: "REPEATED", num_children: 1 },
        {
          name: "element",
          type: "BYTE_ARRAY",
          converted_type: "UTF8",
          logical_type: { type: "STRING" },
          repetition_type: "OPTIONAL",
        },
      ];
    case "json":
      return [
        { name, type: "BYTE_ARRAY", converted_type: "JSON", logical_type: { type: "JSON" }, repetition_type },
      ];
  }
}
