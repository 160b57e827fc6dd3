import { describe, expect, it } from "vitest";
import {
  AbortError,
  ApiStatusError,
  DEFAULT_RETRY_POLICY,
  decideRetry,
  HttpError,
  MalformedResponseError,
  NetworkError,
  parseRetryAfter,
  type RetryPolicy,
  STATUS_CODES,
  TimeoutError,
} from "../src/index.js";

const policy: RetryPolicy = {
  maxAttempts: 5,
  maxElapsedMs: 100_000,
  baseDelayMs: 100,
  maxDelayMs: 1_000,
  rateLimitDelayMs: 60_000,
};
const api = (statusCode: number, level: "request" | "task" = "task", retryAfterMs: number | null = null) =>
  new ApiStatusError({
    statusCode,
    statusMessage: "m",
    level,
    retryable: STATUS_CODES.get(statusCode)?.retryable ?? false,
    retryAfterMs,
  });

describe("decideRetry: which failures are retried", () => {
  const table: [string, unknown, boolean][] = [
    ["network error", new NetworkError("reset"), true],
    ["connect timeout", new TimeoutError("connect", 10), true],
    ["body timeout", new TimeoutError("body", 10), true],
    ["truncated JSON", new MalformedResponseError("cut", { retryable: true }), true],
    ["wrong-shape JSON", new MalformedResponseError("shape", { retryable: false }), false],
    ["abort", new AbortError(), false],
    ["plain Error", new Error("bug"), false],
    ["HTTP 429", new HttpError(429), true],
    ["HTTP 500", new HttpError(500), true],
    ["HTTP 502", new HttpError(502), true],
    ["HTTP 503", new HttpError(503), true],
    ["HTTP 504", new HttpError(504), true],
    ["HTTP 401 + 40100", new HttpError(401, { statusCode: 40100 }), false],
    ["HTTP 402", new HttpError(402, { statusCode: 40200 }), false],
    ["HTTP 403 + 40104", new HttpError(403, { statusCode: 40104 }), false],
    ["HTTP 404", new HttpError(404), false],
  ];
  for (const code of [40202, 40209, 50000, 50301, 50303, 50401]) table.push([`API ${code}`, api(code), true]);
  for (const code of [40100, 40200, 40203, 40210, 40501, 40502, 40503, 40506, 40000]) {
    table.push([`API ${code}`, api(code), false]);
  }
  it.each(table)("%s → retry %s", (_name, error, expected) => {
    const d = decideRetry({ error, attempt: 1, elapsedMs: 0, policy, random: 0.5 });
    expect(d.retry).toBe(expected);
    if (!expected) expect(d).toEqual({ retry: false, reason: "not-retryable" });
  });
});

describe("decideRetry: delays", () => {
  it("uses full jitter within [0, min(maxDelay, base·2^(n-1))]", () => {
    for (let attempt = 1; attempt <= 4; attempt++) {
      const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
      const lo = decideRetry({ error: new NetworkError("x"), attempt, elapsedMs: 0, policy, random: 0 });
      const hi = decideRetry({
        error: new NetworkError("x"),
        attempt,
        elapsedMs: 0,
        policy,
        random: 0.999999,
      });
      expect(lo).toMatchObject({ retry: true, delayMs: 0 });
      expect(hi.retry && hi.delayMs).toBe(cap - 1);
    }
  });
  it("never exceeds maxDelayMs on late attempts", () => {
    const p = { ...policy, maxAttempts: 50, maxElapsedMs: 1e9 };
    const d = decideRetry({ error: new HttpError(503), attempt: 30, elapsedMs: 0, policy: p, random: 0.999 });
    expect(d.retry && d.delayMs).toBeLessThanOrEqual(p.maxDelayMs);
  });
  it("waits at least Retry-After, with jitter on top", () => {
    const e = new HttpError(503, { retryAfterMs: 5_000 });
    const lo = decideRetry({ error: e, attempt: 2, elapsedMs: 0, policy, random: 0 });
    const hi = decideRetry({ error: e, attempt: 2, elapsedMs: 0, policy, random: 0.999 });
    expect(lo).toMatchObject({ retry: true, delayMs: 5_000, slowDown: true });
    expect(hi.retry && hi.delayMs).toBeLessThan(5_000 + 200);
  });
  it("backs off rateLimitDelayMs after 40202 (and 50303, and a 429 without Retry-After)", () => {
    for (const error of [api(40202, "request"), api(50303), new HttpError(429)]) {
      const d = decideRetry({
        error,
        attempt: 1,
        elapsedMs: 0,
        policy: { ...policy, maxElapsedMs: 1e6 },
        random: 0,
      });
      expect(d).toMatchObject({ retry: true, delayMs: 60_000, slowDown: true });
    }
    const normal = decideRetry({
      error: api(40209, "request"),
      attempt: 1,
      elapsedMs: 0,
      policy,
      random: 0.999,
    });
    expect(normal.retry && normal.delayMs).toBeLessThan(100);
  });
  it("prefers the server's Retry-After over the 40202 default", () => {
    const d = decideRetry({
      error: api(40202, "request", 2_000),
      attempt: 1,
      elapsedMs: 0,
      policy,
      random: 0,
    });
    expect(d).toMatchObject({ retry: true, delayMs: 2_000 });
  });
});

describe("decideRetry: bounds", () => {
  it("stops at maxAttempts", () => {
    expect(
      decideRetry({ error: new HttpError(500), attempt: 4, elapsedMs: 0, policy, random: 0 }).retry,
    ).toBe(true);
    expect(decideRetry({ error: new HttpError(500), attempt: 5, elapsedMs: 0, policy, random: 0 })).toEqual({
      retry: false,
      reason: "attempts",
    });
  });
  it("stops when the next attempt would start after maxElapsedMs", () => {
    expect(
      decideRetry({ error: new HttpError(500), attempt: 1, elapsedMs: 99_950, policy, random: 0.9 }),
    ).toEqual({
      retry: false,
      reason: "elapsed",
    });
    expect(
      decideRetry({ error: api(40202, "request"), attempt: 1, elapsedMs: 50_000, policy, random: 0 }),
    ).toEqual({
      retry: false,
      reason: "elapsed",
    });
  });
  it("defaults back off ~60 s after 40202 and stay within 5 minutes", () => {
    expect(DEFAULT_RETRY_POLICY).toMatchObject({ rateLimitDelayMs: 60_000, maxElapsedMs: 300_000 });
  });
});

describe("parseRetryAfter", () => {
  const now = Date.parse("2026-11-28T12:00:00Z");
  it.each([
    ["3", 3_000],
    [" 0 ", 0],
    ["Sat, 28 Nov 2026 12:00:07 GMT", 7_000],
    ["Sat, 28 Nov 2026 11:00:00 GMT", 0],
  ])("%j → %i ms", (value, ms) => {
    expect(parseRetryAfter(value, now)).toBe(ms);
  });
  it("ignores absent and garbage values", () => {
    expect(parseRetryAfter(undefined, now)).toBeNull();
    expect(parseRetryAfter("soon", now)).toBeNull();
    expect(parseRetryAfter("-5", now)).toBeNull();
  });
});
