/**
 * Errors for requests that must never be sent: a task that fails validation, and filter text that
 * does not parse.
 */
import type { ValidationIssue } from "../model/issues.js";
import { BacklinksError } from "./base.js";

/**
 * A request failed validation. `.issues` holds every problem; the message is the first one plus
 * `(and N more)`, so it stays one line.
 */
export class RequestValidationError extends BacklinksError {
  /** Every problem found, in field order. Never empty. */
  readonly issues: readonly ValidationIssue[];

  constructor(issues: readonly ValidationIssue[], options?: { cause?: unknown }) {
    const first = issues[0]?.message ?? "request: invalid";
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : "";
    super("ERR_INVALID_REQUEST", `invalid backlinks request: ${first}${more}`, options);
    this.issues = Object.freeze([...issues]);
  }

  override get name(): string {
    return "RequestValidationError";
  }
}

/**
 * Filter text (the CLI syntax) could not be parsed, or names a field, operator or value the API
 * would reject. `.position` is the 0-based offset in `.input` where the problem is; `.column` is
 * the same, 1-based, as printed in the message.
 */
export class FilterSyntaxError extends BacklinksError {
  /** 0-based character offset of the problem in `input`. */
  readonly position: number;
  /** 1-based column (position + 1), as named in the message. */
  readonly column: number;
  /** The filter text that was parsed. */
  readonly input: string;

  constructor(message: string, input: string, position: number, options?: { cause?: unknown }) {
    super("ERR_FILTER_SYNTAX", `filter: ${message}`, options);
    this.input = input;
    this.position = position;
    this.column = position + 1;
  }

  override get name(): string {
    return "FilterSyntaxError";
  }

  /**
   * Two lines for a terminal: the input (newlines and tabs shown as spaces, so columns line up)
   * and a caret under the problem.
   */
  caretLines(): [string, string] {
    return [this.input.replace(/[\r\n\t]/g, " "), `${" ".repeat(this.position)}^`];
  }
}
