import { BacklinksError } from "./base.js";

/** Which client timeout fired. */
export type TimeoutPhase = "connect" | "headers" | "body";

/** A connect, headers or body timeout of the client fired. Retryable. */
export class TimeoutError extends BacklinksError {
  readonly phase: TimeoutPhase;
  readonly timeoutMs: number;
  readonly retryable = true;

  constructor(phase: TimeoutPhase, timeoutMs: number, options?: { cause?: unknown }) {
    super("ERR_TIMEOUT", `${phase} timeout after ${timeoutMs} ms`, options);
    this.phase = phase;
    this.timeoutMs = timeoutMs;
  }

  override get name(): string {
    return "TimeoutError";
  }
}
