/** Abortable timer used by the retry loop and the rate limiter. */
import { AbortError } from "../errors/abort.js";

/** Reject with our `AbortError` carrying the signal's reason. */
export function abortErrorFrom(signal: AbortSignal): AbortError {
  return new AbortError("the operation was aborted", { cause: signal.reason });
}

/** Resolve after `ms`, or reject with `AbortError` as soon as `signal` fires. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(abortErrorFrom(signal));
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortErrorFrom(signal as AbortSignal));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
