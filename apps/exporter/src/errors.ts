/**
 * Errors thrown by `exportBacklinks`. Every subclass has a fixed `name` and a stable `code`; the
 * CLI maps codes to exit codes, and the README's "Errors" table documents each one. Messages name
 * the target/file involved and never contain credentials.
 */
import type { ExportSummary } from "./export/types.js";

/** Base class of every error of @backlinks/exporter. */
export class ExportError extends Error {
  /** Stable machine-readable code, e.g. `ERR_OUTPUT_EXISTS`. Messages may change; codes do not. */
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
  }

  override get name(): string {
    return "ExportError";
  }

  /** A one-line rendering: `CODE: message`. */
  override toString(): string {
    return `${this.code}: ${this.message}`;
  }
}

/** One problem found in `ExportOptions` (field path, what was expected, what was given). */
export interface OptionIssue {
  readonly field: string;
  readonly message: string;
}

/** `ExportOptions` (or the request inside them) are invalid. Thrown before anything is paid or written. */
export class InvalidOptionsError extends ExportError {
  /** Every problem found, first one also in `message`. */
  readonly issues: readonly OptionIssue[];
  constructor(issues: readonly OptionIssue[], options?: { cause?: unknown }) {
    const first = issues[0];
    const more = issues.length > 1 ? ` (+${issues.length - 1} more)` : "";
    super(
      "ERR_INVALID_OPTIONS",
      `${first?.field ?? "options"}: ${first?.message ?? "invalid"}${more}`,
      options,
    );
    this.issues = issues;
  }
  override get name(): string {
    return "InvalidOptionsError";
  }
}

/** The output already holds files and neither `force` nor `resume` was given. */
export class OutputExistsError extends ExportError {
  constructor(out: string) {
    super(
      "ERR_OUTPUT_EXISTS",
      `output ${out} is not empty; pass force to replace the dataset or resume to continue it`,
    );
  }
  override get name(): string {
    return "OutputExistsError";
  }
}

/** Reading or writing the output (disk or S3) failed. */
export class SinkIoError extends ExportError {
  /** The file/object involved (relative to the output), when known. */
  readonly path: string | undefined;
  constructor(message: string, options?: { cause?: unknown; path?: string }) {
    super("ERR_SINK_IO", message, options);
    this.path = options?.path;
  }
  override get name(): string {
    return "SinkIoError";
  }
}

/** A run ended but rows written differ from `total_count` for at least one target. */
export class IncompleteExportError extends ExportError {
  /** Targets whose row count differs: expected (last total_count, capped by maxRows) and written. */
  readonly mismatches: readonly { target: string; expected: number; rows: number }[];
  /** The summary of the run (status "partial"); the dataset and its manifest are written. */
  readonly summary: ExportSummary;
  constructor(
    mismatches: readonly { target: string; expected: number; rows: number }[],
    summary: ExportSummary,
  ) {
    const list = mismatches
      .slice(0, 3)
      .map((m) => `${m.target}: ${m.rows} rows written, total_count ${m.expected}`)
      .join("; ");
    const more = mismatches.length > 3 ? ` (+${mismatches.length - 3} more targets)` : "";
    super("ERR_INCOMPLETE", `export incomplete: ${list}${more}; pass allowPartial to accept it`);
    this.mismatches = mismatches;
    this.summary = summary;
  }
  override get name(): string {
    return "IncompleteExportError";
  }
}

/** The next page would have passed `maxCost`; the partial dataset is saved and resumable. */
export class BudgetExceededError extends ExportError {
  readonly spent: number;
  readonly maxCost: number;
  readonly summary: ExportSummary;
  constructor(spent: number, maxCost: number, summary: ExportSummary) {
    super(
      "ERR_BUDGET_EXCEEDED",
      `stopped before passing maxCost $${maxCost}: spent $${spent.toFixed(5)}; ` +
        "the partial dataset is saved, resume with a higher maxCost to continue",
    );
    this.spent = spent;
    this.maxCost = maxCost;
    this.summary = summary;
  }
  override get name(): string {
    return "BudgetExceededError";
  }
}

/** The account's daily cost limit (API status 40203) was reached. State is saved. */
export class DailyCostLimitError extends ExportError {
  /** When the limit resets (next 00:00 UTC), ISO 8601. */
  readonly resetsAt: string;
  readonly summary: ExportSummary;
  constructor(resetsAt: Date, summary: ExportSummary, options?: { cause?: unknown }) {
    super(
      "ERR_DAILY_COST_LIMIT",
      `the account's daily cost limit is reached (API 40203); it resets at 00:00 UTC ` +
        `(${resetsAt.toISOString()}, in ${untilText(resetsAt)}); state is saved, resume after that`,
      options,
    );
    this.resetsAt = resetsAt.toISOString();
    this.summary = summary;
  }
  override get name(): string {
    return "DailyCostLimitError";
  }
}

/** The account has no funds left (API 40210/40200 or HTTP 402). State is saved. */
export class InsufficientFundsError extends ExportError {
  readonly summary: ExportSummary;
  constructor(detail: string, summary: ExportSummary, options?: { cause?: unknown }) {
    super(
      "ERR_INSUFFICIENT_FUNDS",
      `the account's balance is exhausted (${detail}); top it up, then resume; state is saved`,
      options,
    );
    this.summary = summary;
  }
  override get name(): string {
    return "InsufficientFundsError";
  }
}

/** The API refused the credentials (HTTP 401 / 40100, 40104, 40207). Nothing more is requested. */
export class ApiAuthError extends ExportError {
  constructor(detail: string, options?: { cause?: unknown }) {
    super("ERR_API_AUTH", `the API refused the credentials (${detail}); check login and password`, options);
  }
  override get name(): string {
    return "ApiAuthError";
  }
}

/** Any other API/client failure (after core's retries). `cause` is the @backlinks/core error. */
export class ApiError extends ExportError {
  /** The core error's code, e.g. `ERR_RETRIES_EXHAUSTED`. */
  readonly apiCode: string;
  readonly summary: ExportSummary | undefined;
  constructor(
    apiCode: string,
    message: string,
    options?: { cause?: unknown; summary?: ExportSummary | undefined },
  ) {
    super("ERR_API", `${apiCode}: ${message}; state is saved, resume to continue`, options);
    this.apiCode = apiCode;
    this.summary = options?.summary;
  }
  override get name(): string {
    return "ApiError";
  }
}

/** `resume` was asked but the saved state belongs to a different request/layout. */
export class ResumeMismatchError extends ExportError {
  constructor(out: string, differences: readonly string[]) {
    super(
      "ERR_RESUME_MISMATCH",
      `cannot resume ${out}: the request changed (${differences.join(", ")}); ` +
        "run with the original options, or force to start over",
    );
  }
  override get name(): string {
    return "ResumeMismatchError";
  }
}

/** `resume` was asked but the output holds no saved state. */
export class NothingToResumeError extends ExportError {
  constructor(out: string) {
    super("ERR_NOTHING_TO_RESUME", `cannot resume ${out}: no _state.json there; run without resume`);
  }
  override get name(): string {
    return "NothingToResumeError";
  }
}

/** The saved state file exists but cannot be read as state of this tool. */
export class StateCorruptError extends ExportError {
  constructor(out: string, detail: string, options?: { cause?: unknown }) {
    super(
      "ERR_STATE_CORRUPT",
      `cannot resume ${out}: _state.json is unreadable (${detail}); use force to start over`,
      options,
    );
  }
  override get name(): string {
    return "StateCorruptError";
  }
}

/** A bug: an invariant of the exporter broke. */
export class InternalError extends ExportError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("ERR_INTERNAL", message, options);
  }
  override get name(): string {
    return "InternalError";
  }
}

/** Every code `exportBacklinks` throws (the README's "Errors" table lists the same). */
export const EXPORT_ERROR_CODES = [
  "ERR_INVALID_OPTIONS",
  "ERR_OUTPUT_EXISTS",
  "ERR_SINK_IO",
  "ERR_INCOMPLETE",
  "ERR_BUDGET_EXCEEDED",
  "ERR_DAILY_COST_LIMIT",
  "ERR_INSUFFICIENT_FUNDS",
  "ERR_API_AUTH",
  "ERR_API",
  "ERR_RESUME_MISMATCH",
  "ERR_NOTHING_TO_RESUME",
  "ERR_STATE_CORRUPT",
  "ERR_INTERNAL",
] as const;

/** One of {@link EXPORT_ERROR_CODES}. */
export type ExportErrorCode = (typeof EXPORT_ERROR_CODES)[number];

/** Next 00:00 UTC after `now`: when DataForSEO's daily cost limit resets. */
export function nextUtcMidnight(now: Date = new Date()): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1));
}

function untilText(at: Date): string {
  const min = Math.max(0, Math.ceil((at.getTime() - Date.now()) / 60_000));
  return `${Math.floor(min / 60)}h ${String(min % 60).padStart(2, "0")}m`;
}
