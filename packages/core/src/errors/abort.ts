import { BacklinksError } from "./base.js";

/** The caller's `AbortSignal` fired. Never retried; `cause` is the signal's reason. */
export class AbortError extends BacklinksError {
  constructor(message = "the operation was aborted", options?: { cause?: unknown }) {
    super("ERR_ABORTED", message, options);
  }

  override get name(): string {
    return "AbortError";
  }
}
