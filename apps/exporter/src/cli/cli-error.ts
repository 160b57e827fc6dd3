/**
 * Errors raised by the command line itself (before the library runs): bad flags, credentials,
 * the targets file. Each has a stable `code` that the exit-code table maps; messages name the
 * flag, what was expected and what was given, and never contain a secret.
 */
export class CliError extends Error {
  /** Stable machine-readable code, e.g. `ERR_INVALID_OPTION`. */
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
  }

  override get name(): string {
    return "CliError";
  }
}

/** Codes the CLI raises itself; every one is in the exit-code table. */
export const CLI_ERROR_CODES = Object.freeze([
  "ERR_USAGE",
  "ERR_INVALID_OPTION",
  "ERR_SECRET_ON_ARGV",
  "ERR_CREDENTIALS_MISSING",
  "ERR_CREDENTIALS_FILE",
  "ERR_TARGETS_FILE",
  "ERR_INTERRUPTED",
] as const);

/** A code from {@link CLI_ERROR_CODES}. */
export type CliErrorCode = (typeof CLI_ERROR_CODES)[number];

/** `--flag: expected X, got "Y"` — the one shape every flag error takes. */
export function invalidOption(flag: string, expected: string, given: unknown): CliError {
  return new CliError("ERR_INVALID_OPTION", `${flag}: expected ${expected}, got ${describeGiven(given)}`);
}

/** Renders a given value for a message: quoted, one line, cut to 80 characters. */
export function describeGiven(given: unknown): string {
  if (given === undefined) return "nothing";
  const text = typeof given === "string" ? given : JSON.stringify(given);
  const oneLine = text.replace(/[\r\n\t]+/g, " ");
  return JSON.stringify(oneLine.length > 80 ? `${oneLine.slice(0, 77)}...` : oneLine);
}
