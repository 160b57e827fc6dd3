import { BacklinksError } from "./base.js";

/**
 * The body is not the envelope we expect: invalid or truncated JSON, a truncated gzip stream, or a
 * 20000 response missing its task/result. Truncation is a transport accident and retryable; a
 * well-formed body of the wrong shape is not (the same request would get the same answer).
 */
export class MalformedResponseError extends BacklinksError {
  readonly retryable: boolean;

  constructor(message: string, options: { retryable: boolean; cause?: unknown }) {
    super("ERR_MALFORMED_RESPONSE", message, { cause: options.cause });
    this.retryable = options.retryable;
  }

  override get name(): string {
    return "MalformedResponseError";
  }
}
