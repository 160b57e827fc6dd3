import { newRowValues, newStamps, readRow, SCHEMA_WIDTH, STAMP_SLOT } from "../row.js";
import { OUTPUT_COLUMN_NAMES } from "../schema.js";
import { TIMESTAMP_COLUMN } from "./columns.js";
import type { RowGroupColumns } from "./row-group.js";

/**
 * Collects validated rows column-wise until a row group is full. Does only what must happen on the
 * stage's thread (validation, so a bad value fails the batch it arrived in with its file row
 * number); the conversions for encoding (BigInts, UTF-8) are left to `encodeRowGroup`, which may
 * run on a worker.
 */
export class ColumnBuffer {
  readonly #values = newRowValues();
  readonly #stamps = newStamps();
  #columns: unknown[][] = OUTPUT_COLUMN_NAMES.map(() => []);
  #rows = 0;

  /** Rows buffered since the last {@link take}. */
  get rows(): number {
    return this.#rows;
  }

  /** Validates `item` (file row `row`) and appends it; throws RowTypeError on a wrong value. */
  append(item: unknown, row: number): void {
    const values = this.#values;
    const stamps = this.#stamps;
    readRow(item, row, values, stamps);
    const columns = this.#columns;
    for (let c = 0; c < SCHEMA_WIDTH; c++) {
      const value = values[c];
      columns[c]!.push(value !== null && TIMESTAMP_COLUMN[c] ? stamps[STAMP_SLOT[c]!] : value);
    }
    columns[SCHEMA_WIDTH]!.push(values[SCHEMA_WIDTH]);
    this.#rows++;
  }

  /** Hands over the buffered rows (the caller owns the arrays) and starts empty again. */
  take(): RowGroupColumns {
    const group = { columns: this.#columns, rows: this.#rows };
    this.#columns = OUTPUT_COLUMN_NAMES.map(() => []);
    this.#rows = 0;
    return group;
  }
}
