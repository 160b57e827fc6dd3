// Per-column builders: validated values of one row group appended row by row into ColumnData.
import { BACKLINK_COLUMNS } from "../schema.js";
import { ByteSink } from "./byte-sink.js";
import type { ColumnData } from "./column-data.js";
import { PLAIN_TEXT } from "./columns.js";

/** A copy of `array` with twice the room (typed arrays grow like this as rows arrive). */
function grown<T extends Uint8Array | Int32Array | Float64Array>(array: T): T {
  const next = new (array.constructor as new (length: number) => T)(Math.max(16, array.length * 2));
  next.set(array);
  return next;
}

/** Typed arrays start at this many rows (or the group size if smaller) and double as needed. */
const INITIAL_ROWS = 4096;

/** Appends one validated value (null, or of the column's type) of the next row. */
export interface ColumnBuilder {
  append(value: unknown): void;
  /** The column so far (the builder must not be used afterwards). */
  take(rows: number): ColumnData;
}

/** Text written PLAIN: UTF-8 right away, so the row's strings die young (see ByteSink). */
class BytesBuilder implements ColumnBuilder {
  #defs: Uint8Array;
  #rowEnds: Int32Array;
  readonly #data = new ByteSink(1 << 16);
  readonly #json: boolean;
  #row = 0;

  constructor(capacity: number, json: boolean) {
    this.#defs = new Uint8Array(Math.min(capacity, INITIAL_ROWS));
    this.#rowEnds = new Int32Array(this.#defs.length);
    this.#json = json;
  }

  append(value: unknown): void {
    if (this.#row === this.#defs.length) {
      this.#defs = grown(this.#defs);
      this.#rowEnds = grown(this.#rowEnds);
    }
    if (value !== null) {
      this.#defs[this.#row] = 1;
      this.#data.lengthPrefixedUtf8(this.#json ? jsonText(value) : (value as string));
    }
    this.#rowEnds[this.#row++] = this.#data.length;
  }

  take(rows: number): ColumnData {
    return {
      kind: "bytes",
      defs: this.#defs.subarray(0, rows),
      data: this.#data.view(),
      rowEnds: this.#rowEnds.subarray(0, rows),
    };
  }
}

/**
 * JSON text of a nested value. Values parsed from JSON always stringify; a bigint (possible only
 * from a caller's own objects) is written as a number, as hyparquet-writer's JSON conversion did.
 */
function jsonText(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch {
    return JSON.stringify(value, (_key, v: unknown) => (typeof v === "bigint" ? Number(v) : v));
  }
}

/** Low-cardinality text: one index per row into a dictionary of the distinct strings. */
class DictBuilder implements ColumnBuilder {
  #defs: Uint8Array;
  #indexes: Int32Array;
  readonly #lookup = new Map<string, number>();
  readonly #dictionary: string[] = [];
  #row = 0;

  constructor(capacity: number) {
    this.#defs = new Uint8Array(Math.min(capacity, INITIAL_ROWS));
    this.#indexes = new Int32Array(this.#defs.length);
  }

  append(value: unknown): void {
    if (this.#row === this.#defs.length) {
      this.#defs = grown(this.#defs);
      this.#indexes = grown(this.#indexes);
    }
    const row = this.#row++;
    if (value === null) {
      this.#indexes[row] = -1;
      return;
    }
    this.#defs[row] = 1;
    let index = this.#lookup.get(value as string);
    if (index === undefined) {
      index = this.#dictionary.push(value as string) - 1;
      this.#lookup.set(value as string, index);
    }
    this.#indexes[row] = index;
  }

  take(rows: number): ColumnData {
    return {
      kind: "dict",
      defs: this.#defs.subarray(0, rows),
      indexes: this.#indexes.subarray(0, rows),
      dictionary: this.#dictionary,
    };
  }
}

/** Ints and timestamps (epoch ms, converted by the caller) as doubles. */
class NumberBuilder implements ColumnBuilder {
  #defs: Uint8Array;
  #values: Float64Array;
  #row = 0;

  constructor(capacity: number) {
    this.#defs = new Uint8Array(Math.min(capacity, INITIAL_ROWS));
    this.#values = new Float64Array(this.#defs.length);
  }

  append(value: unknown): void {
    if (this.#row === this.#defs.length) {
      this.#defs = grown(this.#defs);
      this.#values = grown(this.#values);
    }
    const row = this.#row++;
    if (value === null) return;
    this.#defs[row] = 1;
    this.#values[row] = value as number;
  }

  take(rows: number): ColumnData {
    return { kind: "number", defs: this.#defs.subarray(0, rows), values: this.#values.subarray(0, rows) };
  }
}

class BoolBuilder implements ColumnBuilder {
  #defs: Uint8Array;
  #values: Uint8Array;
  #row = 0;

  constructor(capacity: number) {
    this.#defs = new Uint8Array(Math.min(capacity, INITIAL_ROWS));
    this.#values = new Uint8Array(this.#defs.length);
  }

  append(value: unknown): void {
    if (this.#row === this.#defs.length) {
      this.#defs = grown(this.#defs);
      this.#values = grown(this.#values);
    }
    const row = this.#row++;
    if (value === null) return;
    this.#defs[row] = 1;
    this.#values[row] = value ? 1 : 0;
  }

  take(rows: number): ColumnData {
    return { kind: "bool", defs: this.#defs.subarray(0, rows), values: this.#values.subarray(0, rows) };
  }
}

/** list<string> as Dremel levels (3-level LIST, OPTIONAL list and element) plus a dictionary. */
class ListBuilder implements ColumnBuilder {
  #defs: Uint8Array;
  #reps: Uint8Array;
  #indexes: Int32Array;
  #entries = 0;
  readonly #lookup = new Map<string, number>();
  readonly #dictionary: string[] = [];

  constructor(capacity: number) {
    this.#defs = new Uint8Array(Math.min(capacity, INITIAL_ROWS));
    this.#reps = new Uint8Array(this.#defs.length);
    this.#indexes = new Int32Array(this.#defs.length);
  }

  append(value: unknown): void {
    if (value === null) {
      this.#entry(0, 0, -1);
      return;
    }
    const list = value as readonly (string | null)[];
    if (list.length === 0) {
      this.#entry(1, 0, -1);
      return;
    }
    for (let i = 0; i < list.length; i++) {
      const element = list[i];
      if (element === null || element === undefined) {
        this.#entry(2, i === 0 ? 0 : 1, -1);
        continue;
      }
      let index = this.#lookup.get(element);
      if (index === undefined) {
        index = this.#dictionary.push(element) - 1;
        this.#lookup.set(element, index);
      }
      this.#entry(3, i === 0 ? 0 : 1, index);
    }
  }

  #entry(def: number, rep: number, index: number): void {
    if (this.#entries === this.#defs.length) this.#grow();
    const e = this.#entries++;
    this.#defs[e] = def;
    this.#reps[e] = rep;
    this.#indexes[e] = index;
  }

  #grow(): void {
    this.#defs = grown(this.#defs);
    this.#reps = grown(this.#reps);
    this.#indexes = grown(this.#indexes);
  }

  take(_rows: number): ColumnData {
    const n = this.#entries;
    return {
      kind: "list",
      defs: this.#defs.subarray(0, n),
      reps: this.#reps.subarray(0, n),
      indexes: this.#indexes.subarray(0, n),
      dictionary: this.#dictionary,
    };
  }
}

/** Fresh builders for the 48 output columns of a row group of at most `capacity` rows. */
export function newColumnBuilders(capacity: number): ColumnBuilder[] {
  const builders: ColumnBuilder[] = BACKLINK_COLUMNS.map(({ type }, c): ColumnBuilder => {
    switch (type) {
      case "string":
        return PLAIN_TEXT[c] ? new BytesBuilder(capacity, false) : new DictBuilder(capacity);
      case "int":
      case "timestamp":
        return new NumberBuilder(capacity);
      case "bool":
        return new BoolBuilder(capacity);
      case "list<string>":
        return new ListBuilder(capacity);
      default:
        // "json": the text of the value, PLAIN (nested values are rarely repeated).
        return new BytesBuilder(capacity, true);
    }
  });
  builders.push(new BytesBuilder(capacity, true));
  return builders;
}
