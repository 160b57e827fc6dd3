/**
 * The DataForSEO backlinks/live client: one undici keep-alive `Pool` to the base URL, HTTP Basic
 * auth, gzip, timeouts, abort, retries with full-jitter backoff, and a rate limiter, a concurrency
 * gate and a cost ledger shared by every request of the client.
 */
import { performance } from "node:perf_hooks";
import { inspect, promisify } from "node:util";
import { gunzip } from "node:zlib";
import { Pool } from "undici";
import { parseLiveResponseText } from "../envelope.js";
import { ApiStatusError } from "../errors/api-status.js";
import { BacklinksError } from "../errors/base.js";
import { HttpError } from "../errors/http.js";
import { MalformedResponseError } from "../errors/malformed.js";
import { ClientClosedError, InvalidOptionsError } from "../errors/options.js";
import { RetriesExhaustedError } from "../errors/retries.js";
import type { BacklinksRequest } from "../model/request.js";
import type { LiveResult, ParsedLiveResponse } from "../model/response.js";
import { parseLiveResponseBytes, type RawLiveResult, type RawParsedLiveResponse } from "../raw/parse.js";
import type { RawItemCheck } from "../raw/scan.js";
import { ConcurrencyGate } from "./concurrency.js";
import { type ClientStats, CostLedger } from "./cost.js";
import { type ClientOptions, type ResolvedClientOptions, resolveClientOptions } from "./options.js";
import { RateLimiter } from "./rate-limiter.js";
import { decideRetry, parseRetryAfter } from "./retry.js";
import { abortErrorFrom, sleep } from "./sleep.js";
import { mapTransportError } from "./transport-errors.js";

const gunzipAsync = promisify(gunzip);

/** What one successful `live` call returns. */
export interface LiveCallResult {
  /** `tasks[0].result[0]`: total_count, items_count, items, search_after_token … */
  readonly result: LiveResult;
  /** Cost the API reported for the successful attempt (failed attempts' costs are in `stats()`). */
  readonly cost: number;
  readonly taskId: string;
  /** Attempts this call took (1 = no retry). */
  readonly attempts: number;
}

/** Per-call options. */
export interface LiveCallOptions {
  readonly signal?: AbortSignal;
}

/**
 * Per-call options of raw mode: the page's items are returned as their JSON bytes (`RawItems`)
 * instead of parsed objects; everything else — checks, errors, retries, cost — is as in object mode.
 */
export interface RawLiveCallOptions extends LiveCallOptions {
  readonly raw: true;
  /**
   * Run this check on each item while the body is scanned (see `RawItemCheck`); the page's
   * `RawItems` then say which items passed (`checkedBy`, `passed(i)`), so a consumer with a
   * stricter test of its own (formats' canonical NDJSON check) need not walk the bytes again.
   */
  readonly itemCheck?: RawItemCheck;
}

/** What one successful raw-mode `live` call returns: {@link LiveCallResult} with `RawItems`. */
export interface RawLiveCallResult {
  /** `tasks[0].result[0]`, its `items` as bytes. */
  readonly result: RawLiveResult;
  readonly cost: number;
  readonly taskId: string;
  readonly attempts: number;
}

/** The client as its users see it. */
export interface BacklinksClient {
  /** Origin and path requests go to (never contains credentials). */
  readonly endpoint: string;
  /**
   * POST one task; resolves with its first result or throws a typed `BacklinksError`. With
   * `{ raw: true }` the items stay bytes (`RawItems`): no `JSON.parse` of the rows.
   */
  live(task: BacklinksRequest, options: RawLiveCallOptions): Promise<RawLiveCallResult>;
  live(task: BacklinksRequest, options?: LiveCallOptions): Promise<LiveCallResult>;
  /** Counters so far: attempts, retries, summed cost, outcomes by code. */
  stats(): ClientStats;
  /** Close the connection pool. Further calls throw `ClientClosedError`. */
  close(): Promise<void>;
}

/** Create a client. Options are validated once (throws `InvalidOptionsError`) and frozen. */
export function createClient(options: ClientOptions): BacklinksClient {
  return new DataForSeoClient(resolveClientOptions(options));
}

class DataForSeoClient implements BacklinksClient {
  readonly #o: ResolvedClientOptions;
  readonly #pool: Pool;
  readonly #gate: ConcurrencyGate;
  readonly #limiter: RateLimiter;
  readonly #ledger = new CostLedger();
  #closed = false;

  constructor(resolved: ResolvedClientOptions) {
    this.#o = resolved;
    this.#gate = new ConcurrencyGate(resolved.concurrency);
    this.#limiter = new RateLimiter(resolved.rate);
    this.#pool = new Pool(resolved.endpoint.origin, {
      connections: resolved.concurrency,
      pipelining: 1,
      keepAliveTimeout: 10_000,
      connect: { timeout: resolved.timeouts.connectMs },
      headersTimeout: resolved.timeouts.headersMs,
      bodyTimeout: resolved.timeouts.bodyMs,
    });
  }

  get endpoint(): string {
    return `${this.#o.endpoint.origin}${this.#o.endpoint.path}`;
  }

  live(task: BacklinksRequest, options: RawLiveCallOptions): Promise<RawLiveCallResult>;
  live(task: BacklinksRequest, options?: LiveCallOptions): Promise<LiveCallResult>;
  async live(
    task: BacklinksRequest,
    options: LiveCallOptions & { readonly raw?: boolean; readonly itemCheck?: RawItemCheck } = {},
  ): Promise<LiveCallResult | RawLiveCallResult> {
    if (this.#closed) throw new ClientClosedError();
    if (typeof task !== "object" || task === null || Array.isArray(task)) {
      throw new InvalidOptionsError("task", "a task object", task === null ? "null" : typeof task);
    }
    const raw = options.raw ?? false;
    if (typeof raw !== "boolean") throw new InvalidOptionsError("raw", "a boolean", typeof raw);
    const check = options.itemCheck;
    if (check !== undefined && (!raw || typeof check !== "function")) {
      throw new InvalidOptionsError("itemCheck", "a function, with raw: true", typeof check);
    }
    const signal = options.signal;
    const body = JSON.stringify([task]);
    const started = performance.now();
    for (let attempt = 1; ; attempt++) {
      if (signal?.aborted) throw abortErrorFrom(signal);
      try {
        const parsed = await this.#attempt(body, signal, raw, check);
        // the result's kind follows `raw` (the overloads tie it to the options)
        return {
          result: parsed.result,
          cost: parsed.cost,
          taskId: parsed.task.id,
          attempts: attempt,
        } as LiveCallResult | RawLiveCallResult;
      } catch (error) {
        if (!(error instanceof BacklinksError)) throw error;
        const decision = decideRetry({
          error,
          attempt,
          elapsedMs: performance.now() - started,
          policy: this.#o.retry,
          random: Math.random(),
        });
        if (!decision.retry) {
          if (decision.reason === "not-retryable") throw error;
          throw new RetriesExhaustedError(attempt, performance.now() - started, decision.reason, error);
        }
        this.#ledger.retry();
        // A "slow down" answer concerns the whole account: hold every request of this client.
        if (decision.slowDown) this.#limiter.holdFor(decision.delayMs);
        this.#o.onRetry?.({
          attempt,
          delayMs: decision.delayMs,
          code: error.code,
          status:
            error instanceof HttpError
              ? error.status
              : error instanceof ApiStatusError
                ? error.statusCode
                : null,
          error,
        });
        await sleep(decision.delayMs, signal);
      }
    }
  }

  /** One HTTP attempt, holding a concurrency slot from before the rate-limit wait to the body's end. */
  async #attempt(
    body: string,
    signal: AbortSignal | undefined,
    raw: boolean,
    check: RawItemCheck | undefined,
  ): Promise<ParsedLiveResponse | RawParsedLiveResponse> {
    await this.#gate.acquire(signal);
    try {
      await this.#limiter.acquire(signal);
      this.#ledger.request();
      const parsed = await this.#send(body, signal, raw, check);
      this.#ledger.addCost(parsed.cost);
      this.#ledger.outcome("20000");
      return parsed;
    } catch (thrown) {
      const error = mapTransportError(thrown, this.#o.timeouts, signal);
      this.#record(error);
      throw error;
    } finally {
      this.#gate.release();
    }
  }

  #record(error: unknown): void {
    if (error instanceof ApiStatusError) {
      this.#ledger.addCost(error.cost);
      this.#ledger.outcome(String(error.statusCode));
    } else if (error instanceof HttpError) {
      this.#ledger.addCost(error.cost);
      this.#ledger.outcome(error.statusCode == null ? `http_${error.status}` : String(error.statusCode));
    } else if (error instanceof BacklinksError) {
      this.#ledger.outcome(error.code);
    }
  }

  async #send(
    body: string,
    signal: AbortSignal | undefined,
    raw: boolean,
    check: RawItemCheck | undefined,
  ): Promise<ParsedLiveResponse | RawParsedLiveResponse> {
    const headers: Record<string, string> = {
      authorization: this.#o.auth.header(),
      "content-type": "application/json",
      accept: "application/json",
      "user-agent": this.#o.userAgent,
    };
    if (this.#o.gzip) headers["accept-encoding"] = "gzip";
    const res = await this.#pool.request({
      path: this.#o.endpoint.path,
      method: "POST",
      headers,
      body,
      signal,
    });
    const wire = Buffer.from(await res.body.arrayBuffer());
    const retryAfterMs = parseRetryAfter(res.headers["retry-after"]);
    const bytes = await decode(wire, res.headers["content-encoding"]);
    if (res.statusCode < 200 || res.statusCode > 299) {
      throw httpError(res.statusCode, bytes.toString("utf8"), retryAfterMs);
    }
    if (raw) return parseLiveResponseBytes(bytes, { retryAfterMs }, check);
    return parseLiveResponseText(bytes.toString("utf8"), { retryAfterMs });
  }

  stats(): ClientStats {
    return this.#ledger.snapshot();
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#pool.close();
  }

  toJSON(): Record<string, unknown> {
    return { endpoint: this.endpoint, rate: this.#o.rate, concurrency: this.#o.concurrency };
  }

  toString(): string {
    return `BacklinksClient(${this.endpoint})`;
  }

  [inspect.custom](): string {
    return `BacklinksClient { endpoint: '${this.endpoint}', rate: ${this.#o.rate}, concurrency: ${this.#o.concurrency} }`;
  }
}

/** The body's bytes with the content encoding undone. */
async function decode(wire: Buffer, encoding: string | string[] | undefined): Promise<Buffer> {
  const enc = (Array.isArray(encoding) ? encoding.join(",") : (encoding ?? "")).trim().toLowerCase();
  if (enc === "" || enc === "identity") return wire;
  if (enc === "gzip" || enc === "x-gzip") return await gunzipAsync(wire);
  throw new MalformedResponseError(`response content-encoding ${JSON.stringify(enc)} was not requested`, {
    retryable: false,
  });
}

/** An HTTP error, enriched with the JSON envelope's status when the body has one (401 → 40100). */
function httpError(status: number, text: string, retryAfterMs: number | null): HttpError {
  let statusCode: number | null = null;
  let statusMessage: string | null = null;
  let cost = 0;
  try {
    const json = JSON.parse(text) as Record<string, unknown> | null;
    if (json && typeof json === "object") {
      if (typeof json.status_code === "number") statusCode = json.status_code;
      if (typeof json.status_message === "string") statusMessage = json.status_message;
      if (typeof json.cost === "number" && Number.isFinite(json.cost)) cost = json.cost;
    }
  } catch {
    // Proxies answer 502/503 with HTML; the status alone is the information.
  }
  return new HttpError(status, { statusCode, statusMessage, cost, retryAfterMs });
}
