/**
 * Base class of every error thrown by @backlinks/core. Subclasses fix `name` and a stable string
 * `code` that callers (the exporter's exit-code table, users' apps) switch on; messages may change,
 * codes do not. Messages never contain credentials.
 */
export class BacklinksError extends Error {
  /** Stable machine-readable code, e.g. `ERR_INVALID_REQUEST`. */
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
  }

  override get name(): string {
    return "BacklinksError";
  }

  /** A one-line rendering: `CODE: message`. */
  override toString(): string {
    return `${this.code}: ${this.message}`;
  }
}
