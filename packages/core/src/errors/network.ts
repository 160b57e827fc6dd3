import { BacklinksError } from "./base.js";

/** The connection failed: refused, reset, closed mid-body, DNS, TLS. Always retryable. */
export class NetworkError extends BacklinksError {
  readonly retryable = true;

  constructor(message: string, options?: { cause?: unknown }) {
    super("ERR_NETWORK", message, options);
  }

  override get name(): string {
    return "NetworkError";
  }
}
