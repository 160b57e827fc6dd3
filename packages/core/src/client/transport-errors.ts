/**
 * Map what undici, zlib and the socket layer throw onto our typed errors, so callers and the retry
 * rules see one vocabulary. Nothing here copies request headers into an error.
 */
import { errors as undiciErrors } from "undici";
import { AbortError } from "../errors/abort.js";
import { BacklinksError } from "../errors/base.js";
import { MalformedResponseError } from "../errors/malformed.js";
import { NetworkError } from "../errors/network.js";
import { TimeoutError } from "../errors/timeout.js";

/** The timeouts in force, for messages. */
export interface TimeoutSettings {
  readonly connectMs: number;
  readonly headersMs: number;
  readonly bodyMs: number;
}

/** Translate a low-level failure. Our own errors pass through unchanged. */
export function mapTransportError(err: unknown, timeouts: TimeoutSettings, signal?: AbortSignal): unknown {
  if (signal?.aborted) {
    return err instanceof AbortError
      ? err
      : new AbortError("the request was aborted", { cause: signal.reason });
  }
  if (err instanceof BacklinksError) return err;
  if (err instanceof undiciErrors.ConnectTimeoutError)
    return new TimeoutError("connect", timeouts.connectMs, { cause: err });
  if (err instanceof undiciErrors.HeadersTimeoutError)
    return new TimeoutError("headers", timeouts.headersMs, { cause: err });
  if (err instanceof undiciErrors.BodyTimeoutError)
    return new TimeoutError("body", timeouts.bodyMs, { cause: err });
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === "string" && code.startsWith("Z_")) {
    // zlib: a gzip stream cut short or corrupt — a truncated body.
    return new MalformedResponseError(`gzip body could not be decompressed (${code})`, {
      retryable: true,
      cause: err,
    });
  }
  if (
    err instanceof undiciErrors.UndiciError ||
    (typeof code === "string" && /^(E[A-Z]+|UND_ERR)/.test(code))
  ) {
    const message = err instanceof Error ? err.message : String(err);
    return new NetworkError(`network failure talking to the backlinks endpoint: ${message}`, { cause: err });
  }
  return err;
}
