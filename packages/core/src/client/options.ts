/**
 * Client options: the public shape, defaults, and the one-time validation at the boundary. The
 * result is frozen; the client never re-reads the caller's object.
 */
import { InvalidOptionsError } from "../errors/options.js";
import { BasicAuth } from "./auth.js";
import { type Endpoint, resolveEndpoint } from "./presets.js";
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from "./retry.js";
import type { TimeoutSettings } from "./transport-errors.js";

/** Passed to `onRetry` before the client sleeps and retries. Never contains credentials. */
export interface RetryInfo {
  /** The attempt that failed (1-based). */
  readonly attempt: number;
  /** How long the client waits before the next attempt. */
  readonly delayMs: number;
  /** Stable code of the failure (`ERR_HTTP`, `ERR_API_STATUS`, `ERR_NETWORK` …). */
  readonly code: string;
  /** HTTP status or API status code when there is one. */
  readonly status: number | null;
  readonly error: Error;
}

/** Options of `createClient`. */
export interface ClientOptions {
  /** `"live"`, `"sandbox"`, or any http(s) base URL (e.g. a local simulator). */
  readonly baseUrl: string;
  readonly login: string;
  readonly password: string;
  /** Requests per minute, shared by every request of the client. Default 2000. */
  readonly rate?: number;
  /** Simultaneous requests, shared by every request of the client. Default and maximum 30. */
  readonly concurrency?: number;
  readonly retry?: {
    readonly maxAttempts?: number;
    readonly maxElapsedMs?: number;
    readonly baseDelayMs?: number;
    readonly maxDelayMs?: number;
    /** Minimum wait after 40202 / 50303 / a 429 without Retry-After. Default 60 000. */
    readonly rateLimitDelayMs?: number;
  };
  readonly timeouts?: { readonly connectMs?: number; readonly headersMs?: number; readonly bodyMs?: number };
  readonly userAgent?: string;
  /** Ask for gzip and decompress it. Default true. */
  readonly gzip?: boolean;
  readonly onRetry?: (info: RetryInfo) => void;
}

/** Validated, frozen settings. */
export interface ResolvedClientOptions {
  readonly endpoint: Endpoint;
  readonly auth: BasicAuth;
  readonly rate: number;
  readonly concurrency: number;
  readonly retry: RetryPolicy;
  readonly timeouts: TimeoutSettings;
  readonly userAgent: string;
  readonly gzip: boolean;
  readonly onRetry: ((info: RetryInfo) => void) | undefined;
}

/** Maximum simultaneous requests the API allows per account (api-notes §3.3). */
export const MAX_CONCURRENCY = 30;
/** Default requests per minute (api-notes §3.3). */
export const DEFAULT_RATE = 2000;
/** Default timeouts. Live backlinks calls take seconds; deep pages more, so headers get 2 minutes. */
export const DEFAULT_TIMEOUTS: TimeoutSettings = Object.freeze({
  connectMs: 10_000,
  headersMs: 120_000,
  bodyMs: 60_000,
});
const DEFAULT_USER_AGENT = "backlinks-export/0.1 (@backlinks/core)";

function given(v: unknown): string {
  if (v === undefined) return "undefined";
  if (v === null) return "null";
  if (typeof v === "string") return JSON.stringify(v.length > 60 ? `${v.slice(0, 60)}…` : v);
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  return typeof v;
}

function number(name: string, v: unknown, dflt: number, min: number, max: number, integer: boolean): number {
  if (v === undefined) return dflt;
  if (
    typeof v !== "number" ||
    !Number.isFinite(v) ||
    v < min ||
    v > max ||
    (integer && !Number.isInteger(v))
  ) {
    throw new InvalidOptionsError(
      name,
      `${integer ? "an integer" : "a number"} from ${min} to ${max}`,
      given(v),
    );
  }
  return v;
}

function secret(name: string, v: unknown): string {
  // Report only the type of a secret, never its value.
  if (typeof v !== "string" || v.length === 0) {
    throw new InvalidOptionsError(name, "a non-empty string", v === "" ? "an empty string" : typeof v);
  }
  return v;
}

/** Validate once at the boundary; throws `InvalidOptionsError` naming the first bad option. */
export function resolveClientOptions(options: ClientOptions): ResolvedClientOptions {
  if (typeof options !== "object" || options === null) {
    throw new InvalidOptionsError("options", "an object", given(options));
  }
  const baseUrl: unknown = options.baseUrl;
  const endpoint = typeof baseUrl === "string" ? resolveEndpoint(baseUrl) : null;
  if (!endpoint) {
    throw new InvalidOptionsError(
      "baseUrl",
      '"live", "sandbox" or an http(s) URL without credentials, query or fragment',
      typeof baseUrl === "string" && /@/.test(baseUrl) ? "a URL with credentials" : given(baseUrl),
    );
  }
  const auth = new BasicAuth(secret("login", options.login), secret("password", options.password));
  const r = options.retry ?? {};
  const t = options.timeouts ?? {};
  const retry: RetryPolicy = Object.freeze({
    maxAttempts: number("retry.maxAttempts", r.maxAttempts, DEFAULT_RETRY_POLICY.maxAttempts, 1, 100, true),
    maxElapsedMs: number(
      "retry.maxElapsedMs",
      r.maxElapsedMs,
      DEFAULT_RETRY_POLICY.maxElapsedMs,
      0,
      86_400_000,
      false,
    ),
    baseDelayMs: number(
      "retry.baseDelayMs",
      r.baseDelayMs,
      DEFAULT_RETRY_POLICY.baseDelayMs,
      0,
      3_600_000,
      false,
    ),
    maxDelayMs: number(
      "retry.maxDelayMs",
      r.maxDelayMs,
      DEFAULT_RETRY_POLICY.maxDelayMs,
      0,
      3_600_000,
      false,
    ),
    rateLimitDelayMs: number(
      "retry.rateLimitDelayMs",
      r.rateLimitDelayMs,
      DEFAULT_RETRY_POLICY.rateLimitDelayMs,
      0,
      3_600_000,
      false,
    ),
  });
  const timeouts: TimeoutSettings = Object.freeze({
    connectMs: number("timeouts.connectMs", t.connectMs, DEFAULT_TIMEOUTS.connectMs, 1, 3_600_000, false),
    headersMs: number("timeouts.headersMs", t.headersMs, DEFAULT_TIMEOUTS.headersMs, 1, 3_600_000, false),
    bodyMs: number("timeouts.bodyMs", t.bodyMs, DEFAULT_TIMEOUTS.bodyMs, 1, 3_600_000, false),
  });
  if (
    options.userAgent !== undefined &&
    (typeof options.userAgent !== "string" || options.userAgent === "")
  ) {
    throw new InvalidOptionsError("userAgent", "a non-empty string", given(options.userAgent));
  }
  if (options.gzip !== undefined && typeof options.gzip !== "boolean") {
    throw new InvalidOptionsError("gzip", "a boolean", given(options.gzip));
  }
  if (options.onRetry !== undefined && typeof options.onRetry !== "function") {
    throw new InvalidOptionsError("onRetry", "a function", given(options.onRetry));
  }
  return Object.freeze({
    endpoint,
    auth,
    // Upper bound only guards against typos; raising the account limit is a support request.
    rate: number("rate", options.rate, DEFAULT_RATE, 1, 1_000_000_000, false),
    concurrency: number("concurrency", options.concurrency, MAX_CONCURRENCY, 1, MAX_CONCURRENCY, true),
    retry,
    timeouts,
    userAgent: options.userAgent ?? DEFAULT_USER_AGENT,
    gzip: options.gzip ?? true,
    onRetry: options.onRetry,
  });
}
