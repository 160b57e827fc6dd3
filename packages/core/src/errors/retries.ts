import { BacklinksError } from "./base.js";

/** Why retrying stopped although the last error was retryable. */
export type ExhaustedBy = "attempts" | "elapsed";

/** A retryable failure persisted past `maxAttempts` or `maxElapsedMs`; `cause` is the last error. */
export class RetriesExhaustedError extends BacklinksError {
  readonly attempts: number;
  readonly elapsedMs: number;
  readonly exhaustedBy: ExhaustedBy;

  constructor(attempts: number, elapsedMs: number, exhaustedBy: ExhaustedBy, lastError: unknown) {
    const last =
      lastError instanceof Error
        ? `${(lastError as { code?: string }).code ?? lastError.name}: ${lastError.message}`
        : String(lastError);
    super(
      "ERR_RETRIES_EXHAUSTED",
      `gave up after ${attempts} attempt(s) in ${Math.round(elapsedMs)} ms (${exhaustedBy} limit); last error ${last}`,
      { cause: lastError },
    );
    this.attempts = attempts;
    this.elapsedMs = elapsedMs;
    this.exhaustedBy = exhaustedBy;
  }

  override get name(): string {
    return "RetriesExhaustedError";
  }
}
