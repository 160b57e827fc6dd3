/**
 * The retry decision as a pure function: given the error of attempt N, the time spent so far, the
 * policy and a random number, say whether to retry and after how long. The client's loop only
 * executes what this returns, so every rule here is unit-testable without a clock.
 */
import { AbortError } from "../errors/abort.js";
import { ApiStatusError } from "../errors/api-status.js";
import { HttpError } from "../errors/http.js";
import { MalformedResponseError } from "../errors/malformed.js";
import { NetworkError } from "../errors/network.js";
import { TimeoutError } from "../errors/timeout.js";
import { statusCodeInfo } from "../status-codes.js";

/** Retry limits and delays (all ms). */
export interface RetryPolicy {
  /** Total attempts including the first (>= 1). */
  readonly maxAttempts: number;
  /** No retry is scheduled that would start later than this after the first attempt began. */
  readonly maxElapsedMs: number;
  /** Backoff base: the cap of attempt n's jitter window is `baseDelayMs * 2^(n-1)`. */
  readonly baseDelayMs: number;
  /** Upper bound of the jitter window. */
  readonly maxDelayMs: number;
  /** Minimum wait after a "slow down" code (40202 rate limit, 50303 update in progress). */
  readonly rateLimitDelayMs: number;
}

/** Defaults: 6 attempts within 5 minutes, 0.5 s doubling to 30 s, 60 s after a 40202. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = Object.freeze({
  maxAttempts: 6,
  maxElapsedMs: 300_000,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  rateLimitDelayMs: 60_000,
});

/** What the loop should do. */
export type RetryDecision =
  | { readonly retry: true; readonly delayMs: number; readonly slowDown: boolean }
  | { readonly retry: false; readonly reason: "not-retryable" | "attempts" | "elapsed" };

/** Inputs of one decision. */
export interface RetryInput {
  readonly error: unknown;
  /** Attempts made so far, including the one that just failed (1-based). */
  readonly attempt: number;
  /** Time since the first attempt started. */
  readonly elapsedMs: number;
  readonly policy: RetryPolicy;
  /** A number in [0, 1); `Math.random` in the client, fixed in tests. */
  readonly random: number;
}

/**
 * Whether an error can succeed on a retry: network failures, timeouts, truncated bodies, HTTP 429
 * and 5xx, and API codes the status table marks retryable. Never: aborts, 401/402/403/404, and
 * codes such as 40100, 40200, 40203, 40210, 405xx.
 */
export function isRetryable(error: unknown): boolean {
  if (error instanceof AbortError) return false;
  if (error instanceof NetworkError || error instanceof TimeoutError) return true;
  if (error instanceof MalformedResponseError) return error.retryable;
  // The HTTP status decides for HTTP errors: 401 carrying 40100 is not retryable, 503 is.
  if (error instanceof HttpError) return error.retryable;
  if (error instanceof ApiStatusError) return error.retryable;
  return false;
}

function isSlowDown(error: unknown): boolean {
  const code =
    error instanceof ApiStatusError ? error.statusCode : error instanceof HttpError ? error.statusCode : null;
  return (
    (code != null && statusCodeInfo(code).slowDown === true) ||
    (error instanceof HttpError && error.status === 429)
  );
}

function retryAfterOf(error: unknown): number | null {
  if (error instanceof ApiStatusError || error instanceof HttpError) return error.retryAfterMs;
  return null;
}

/**
 * Decide. Delay = full jitter `random * min(maxDelayMs, baseDelayMs * 2^(attempt-1))`, added on
 * top of a floor: the server's `Retry-After` when given (we never retry earlier than it asks), and
 * `rateLimitDelayMs` after a slow-down code or a 429 without `Retry-After`. Jitter on top of the
 * floor keeps 30 parallel requests refused together from coming back together.
 */
export function decideRetry(input: RetryInput): RetryDecision {
  const { error, attempt, elapsedMs, policy, random } = input;
  if (!isRetryable(error)) return { retry: false, reason: "not-retryable" };
  if (attempt >= policy.maxAttempts) return { retry: false, reason: "attempts" };
  const window = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  const jitter = Math.floor(Math.min(Math.max(random, 0), 1) * window);
  const retryAfter = retryAfterOf(error);
  const slowDown = isSlowDown(error);
  const floor = retryAfter ?? (slowDown ? policy.rateLimitDelayMs : 0);
  const delayMs = floor + jitter;
  if (elapsedMs + delayMs > policy.maxElapsedMs) return { retry: false, reason: "elapsed" };
  return { retry: true, delayMs, slowDown: slowDown || retryAfter != null };
}

/**
 * Parse a `Retry-After` header: delta-seconds or an HTTP date. Returns ms from `nowMs` (>= 0), or
 * `null` when absent or unparseable.
 */
export function parseRetryAfter(
  value: string | string[] | undefined,
  nowMs: number = Date.now(),
): number | null {
  const v = Array.isArray(value) ? value[0] : value;
  if (v === undefined) return null;
  const text = v.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // An HTTP date always names a month; without this check Date.parse reads "-5" as a year.
  if (!/[A-Za-z]/.test(text)) return null;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - nowMs);
}
