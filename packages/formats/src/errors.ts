/**
 * Base class of every error thrown by @backlinks/formats. Subclasses fix `name` and a stable string
 * `code` (`ERR_FORMAT…`, `ERR_ROW_TYPE`, `ERR_UNSUPPORTED_COMPRESSION`); messages may change, codes do not.
 */
export class FormatError extends Error {
  /** Stable machine-readable code. */
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
  }

  override get name(): string {
    return "FormatError";
  }

  /** A one-line rendering: `CODE: message`. */
  override toString(): string {
    return `${this.code}: ${this.message}`;
  }
}

/** Invalid {@link FormatOptions} or format name given to `getFormat` (code `ERR_FORMAT_OPTIONS`). */
export class FormatOptionsError extends FormatError {
  /** The option path that was wrong, e.g. `parquet.rowGroupSize`. */
  readonly option: string;

  constructor(option: string, message: string) {
    super("ERR_FORMAT_OPTIONS", message);
    this.option = option;
  }

  override get name(): string {
    return "FormatOptionsError";
  }
}

/** A compression the format or this platform cannot produce (code `ERR_UNSUPPORTED_COMPRESSION`). */
export class UnsupportedCompressionError extends FormatError {
  /** The compression that was asked for. */
  readonly compression: string;
  /** The format it was asked for. */
  readonly format: string;

  constructor(format: string, compression: string, reason: string) {
    super(
      "ERR_UNSUPPORTED_COMPRESSION",
      `${format}: compression "${compression}" is not supported: ${reason}`,
    );
    this.format = format;
    this.compression = compression;
  }

  override get name(): string {
    return "UnsupportedCompressionError";
  }
}

/** A chunk written to a stage that is not an array of items (code `ERR_FORMAT_BATCH`). */
export class BatchTypeError extends FormatError {
  constructor(given: string) {
    super(
      "ERR_FORMAT_BATCH",
      `a format stage takes arrays of backlink items (one per API page), got ${given}`,
    );
  }

  override get name(): string {
    return "BatchTypeError";
  }
}

/**
 * A value whose type does not match its column in {@link BACKLINK_COLUMNS} (code `ERR_ROW_TYPE`).
 * The whole batch holding the row is refused, so a file never holds a half-encoded row.
 */
export class RowTypeError extends FormatError {
  /** 0-based index of the row within the file (stage) being written. */
  readonly row: number;
  /** Column name, or `(item)` when the item itself is not an object. */
  readonly column: string;
  /** Logical type the column expects. */
  readonly expected: string;
  /** Type of the value given (`string`, `number`, `array`, `object`, …). */
  readonly given: string;

  constructor(row: number, column: string, expected: string, given: string, detail: string) {
    super("ERR_ROW_TYPE", `row ${row}, column "${column}": expected ${expected}, got ${given} ${detail}`);
    this.row = row;
    this.column = column;
    this.expected = expected;
    this.given = given;
  }

  override get name(): string {
    return "RowTypeError";
  }
}
