import { newRowValues, newStamps, readRow, SCHEMA_WIDTH, STAMP_SLOT } from "../row.js";
import { type ColumnBuilder, newColumnBuilders } from "./column-builders.js";
import type { RowGroupData } from "./column-data.js";
import { TIMESTAMP_COLUMN } from "./columns.js";

/**
 * Collects validated rows of one row group column-wise, in compact form: each value goes into its
 * column's builder as soon as the row is validated (text as UTF-8 bytes, numbers and booleans in
 * typed arrays, low-cardinality text as dictionary indexes), so a row's JS objects die young
 * instead of surviving until the group is encoded. Runs on the stage's thread (validation must: a
 * bad value fails the batch it arrived in, with its file row number).
 */
export class ColumnBuffer {
  readonly #values = newRowValues();
  readonly #stamps = newStamps();
  readonly #capacity: number;
  #builders: ColumnBuilder[];
  #rows = 0;

  /** `capacity`: the row-group size (builders start smaller and grow up to it). */
  constructor(capacity: number) {
    this.#capacity = capacity;
    this.#builders = newColumnBuilders(capacity);
  }

  /** Rows buffered since the last {@link take}. */
  get rows(): number {
    return this.#rows;
  }

  /** Validates `item` (file row `row`) and appends it; throws RowTypeError on a wrong value. */
  append(item: unknown, row: number): void {
    const values = this.#values;
    const stamps = this.#stamps;
    // Validates every field before any builder is touched: a refused row leaves no partial row.
    readRow(item, row, values, stamps);
    const builders = this.#builders;
    for (let c = 0; c < SCHEMA_WIDTH; c++) {
      const value = values[c];
      builders[c]!.append(value !== null && TIMESTAMP_COLUMN[c] ? stamps[STAMP_SLOT[c]!] : value);
    }
    builders[SCHEMA_WIDTH]!.append(values[SCHEMA_WIDTH]);
    this.#rows++;
  }

  /** Hands over the buffered rows (the caller owns the data) and starts empty again. */
  take(): RowGroupData {
    const rows = this.#rows;
    const group = { rows, columns: this.#builders.map((b) => b.take(rows)) };
    this.#builders = newColumnBuilders(this.#capacity);
    this.#rows = 0;
    return group;
  }
}
