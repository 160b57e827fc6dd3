/**
 * The client over real HTTP against the scripted server on 127.0.0.1: gzip, auth, retries under
 * injected failures, Retry-After, never-retry codes, cost accounting and secrets (abort and
 * timeouts: client-abort.int.test.ts).
 */
import { inspect } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  type ApiStatusError,
  type BacklinksClient,
  type ClientOptions,
  createClient,
  HttpError,
  InvalidOptionsError,
  RetriesExhaustedError,
  type RetryInfo,
} from "../src/index.js";
import { type ScriptedServer, startScriptedServer } from "./support/scripted-server.js";

let server: ScriptedServer;
let client: BacklinksClient;
const retries: RetryInfo[] = [];
const thrown: unknown[] = [];

const fastRetry = {
  baseDelayMs: 1,
  maxDelayMs: 5,
  rateLimitDelayMs: 30,
  maxAttempts: 4,
  maxElapsedMs: 20_000,
};
function makeClient(extra: Partial<ClientOptions> = {}): BacklinksClient {
  return createClient({
    baseUrl: server.url,
    login: server.login,
    password: server.password,
    retry: fastRetry,
    onRetry: (info) => retries.push(info),
    ...extra,
  });
}
async function failure(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    thrown.push(e);
    return e;
  }
  throw new Error("expected a rejection");
}
const task = { target: "example.com", limit: 10 } as const;

beforeEach(async () => {
  retries.length = 0;
  server = await startScriptedServer({ rows: { "example.com": 25 } });
  client = makeClient();
});
afterEach(async () => {
  await client.close();
  await server.close();
});

describe("client basics", () => {
  it("posts one task with Basic auth, asks for gzip and decompresses it", async () => {
    const r = await client.live(task);
    expect(r.result.items).toHaveLength(10);
    expect(r.result.total_count).toBe(25);
    expect(r.attempts).toBe(1);
    expect(r.taskId).toMatch(/^11281300-/);
    const req = server.log[0]!;
    expect(req.task).toEqual(task);
    expect(req.headers.authorization).toBe(
      `Basic ${Buffer.from(`${server.login}:${server.password}`).toString("base64")}`,
    );
    expect(req.headers["accept-encoding"]).toBe("gzip");
    expect(server.gzipped()).toBe(1);
  });
  it("works without gzip too", async () => {
    await client.close();
    client = makeClient({ gzip: false });
    expect((await client.live(task)).result.items).toHaveLength(10);
    expect(server.gzipped()).toBe(0);
  });
  it("reuses keep-alive connections", async () => {
    for (let i = 0; i < 5; i++) await client.live(task);
    expect(server.log).toHaveLength(5);
    expect(server.connections()).toBe(1);
  });
  it("accepts presets and a URL with a path prefix; refuses credentials in the URL and bad options", () => {
    expect(createClient({ baseUrl: "live", login: "l", password: "p" }).endpoint).toBe(
      "https://api.dataforseo.com/v3/backlinks/backlinks/live",
    );
    expect(createClient({ baseUrl: "sandbox", login: "l", password: "p" }).endpoint).toBe(
      "https://sandbox.dataforseo.com/v3/backlinks/backlinks/live",
    );
    expect(createClient({ baseUrl: `${server.url}/proxy/`, login: "l", password: "p" }).endpoint).toBe(
      `${server.url}/proxy/v3/backlinks/backlinks/live`,
    );
    const bad = (o: Partial<ClientOptions>) => () =>
      createClient({ baseUrl: server.url, login: "l", password: "hunter2-secret", ...o } as ClientOptions);
    expect(bad({ baseUrl: "http://u:hunter2-secret@127.0.0.1" })).toThrow(
      /^baseUrl: expected .* got a URL with credentials$/,
    );
    expect(bad({ baseUrl: "ftp://x" })).toThrow(InvalidOptionsError);
    expect(bad({ concurrency: 31 })).toThrow("concurrency: expected an integer from 1 to 30, got 31");
    expect(bad({ rate: 0 })).toThrow(/^rate: /);
    expect(bad({ password: "" })).toThrow("password: expected a non-empty string, got an empty string");
    expect(bad({ retry: { maxAttempts: 0 } })).toThrow(
      expect.objectContaining({ code: "ERR_INVALID_OPTIONS", field: "retry.maxAttempts" }),
    );
    expect(bad({ timeouts: { headersMs: -1 } })).toThrow(/timeouts.headersMs/);
  });
});

describe("retries under injected failures", () => {
  it.each([
    ["HTTP 500", { kind: "http", status: 500 }, "ERR_HTTP"],
    [
      "HTTP 502 from a proxy (HTML body)",
      { kind: "http", status: 502, body: "<html>bad gateway</html>" },
      "ERR_HTTP",
    ],
    ["HTTP 503", { kind: "http", status: 503 }, "ERR_HTTP"],
    ["HTTP 504", { kind: "http", status: 504 }, "ERR_HTTP"],
    ["HTTP 429", { kind: "http", status: 429, headers: { "retry-after": "0" } }, "ERR_HTTP"],
    ["connection reset mid-body", { kind: "reset" }, "ERR_NETWORK"],
    ["truncated JSON body", { kind: "truncate" }, "ERR_MALFORMED_RESPONSE"],
    ["truncated gzip body", { kind: "truncateGzip" }, "ERR_MALFORMED_RESPONSE"],
    [
      "40202 rate limit (request level)",
      { kind: "api", statusCode: 40202, level: "request" },
      "ERR_API_STATUS",
    ],
    [
      "40209 too many simultaneous requests",
      { kind: "api", statusCode: 40209, level: "request" },
      "ERR_API_STATUS",
    ],
    ["50000 internal error (task)", { kind: "api", statusCode: 50000, level: "task" }, "ERR_API_STATUS"],
    ["50301 third party unavailable", { kind: "api", statusCode: 50301, level: "task" }, "ERR_API_STATUS"],
    ["50401 timeout (task)", { kind: "api", statusCode: 50401, level: "task" }, "ERR_API_STATUS"],
  ] as const)("recovers from %s", async (_name, fault, code) => {
    server.script(fault);
    const r = await client.live(task);
    expect(r.attempts).toBe(2);
    expect(r.result.items).toHaveLength(10);
    expect(server.log).toHaveLength(2);
    expect(retries.map((x) => x.code)).toEqual([code]);
    expect(client.stats()).toMatchObject({ requests: 2, retries: 1 });
  });
  it("gives up after maxAttempts with RetriesExhaustedError whose cause is the last error", async () => {
    server.script(...Array.from({ length: 4 }, () => ({ kind: "http", status: 503 }) as const));
    const e = (await failure(client.live(task))) as RetriesExhaustedError;
    expect(e).toBeInstanceOf(RetriesExhaustedError);
    expect(e).toMatchObject({ code: "ERR_RETRIES_EXHAUSTED", attempts: 4, exhaustedBy: "attempts" });
    expect(e.cause).toBeInstanceOf(HttpError);
    expect(server.log).toHaveLength(4);
  });
  it("gives up when the elapsed budget would be exceeded", async () => {
    await client.close();
    client = makeClient({
      retry: { ...fastRetry, maxAttempts: 10, maxElapsedMs: 100, rateLimitDelayMs: 1_000 },
    });
    server.script({ kind: "api", statusCode: 40202, level: "request" });
    const e = (await failure(client.live(task))) as RetriesExhaustedError;
    expect(e).toMatchObject({ exhaustedBy: "elapsed", attempts: 1 });
    expect(server.log).toHaveLength(1);
  });
  it.each([
    ["HTTP 401 / 40100", { kind: "http", status: 401 }, 401],
    ["HTTP 402", { kind: "http", status: 402 }, 402],
    ["HTTP 403", { kind: "http", status: 403 }, 403],
    ["HTTP 404", { kind: "http", status: 404 }, 404],
    ["40200 payment required", { kind: "api", statusCode: 40200, level: "request" }, 40200],
    ["40203 cost limit", { kind: "api", statusCode: 40203, level: "task" }, 40203],
    ["40210 insufficient funds", { kind: "api", statusCode: 40210, level: "request" }, 40210],
    ["40501 invalid field", { kind: "api", statusCode: 40501, level: "task" }, 40501],
    ["40503 invalid POST data", { kind: "api", statusCode: 40503, level: "request" }, 40503],
  ] as const)("never retries %s", async (_name, fault, status) => {
    server.script(fault);
    const e = await failure(client.live(task));
    expect(server.log).toHaveLength(1);
    expect(retries).toHaveLength(0);
    if (e instanceof HttpError) expect(e.status).toBe(status);
    else expect((e as ApiStatusError).statusCode).toBe(status);
  });
  it("maps a real 401 from wrong credentials to HttpError carrying 40100", async () => {
    await client.close();
    client = makeClient({ password: "wrong-password" });
    const e = (await failure(client.live(task))) as HttpError;
    expect(e).toMatchObject({
      name: "HttpError",
      code: "ERR_HTTP",
      status: 401,
      statusCode: 40100,
      retryable: false,
    });
  });
});

describe("Retry-After", () => {
  it("waits the seconds Retry-After asks for before retrying (observed on the server)", async () => {
    server.script({ kind: "http", status: 503, headers: { "retry-after": "1" } });
    await client.live(task);
    expect(retries[0]!.delayMs).toBeGreaterThanOrEqual(1000);
    expect(server.log[1]!.at - server.log[0]!.at).toBeGreaterThanOrEqual(990);
  });
  it("honours an HTTP-date Retry-After on a 200 carrying 40202", async () => {
    const when = new Date(Date.now() + 2500).toUTCString();
    server.script({ kind: "api", statusCode: 40202, level: "request", headers: { "retry-after": when } });
    await client.live(task);
    // HTTP dates have 1 s resolution: the wait is what is left until that second (~1.5–2.5 s).
    expect(retries[0]!.delayMs).toBeGreaterThanOrEqual(500);
    expect(server.log[1]!.at - server.log[0]!.at).toBeGreaterThanOrEqual(retries[0]!.delayMs - 10);
  });
  it("backs off rateLimitDelayMs after a 40202 without Retry-After", async () => {
    server.script({ kind: "api", statusCode: 40202, level: "request" });
    await client.live(task);
    expect(retries[0]!.delayMs).toBeGreaterThanOrEqual(fastRetry.rateLimitDelayMs);
    expect(server.log[1]!.at - server.log[0]!.at).toBeGreaterThanOrEqual(fastRetry.rateLimitDelayMs - 2);
  });
});

describe("cost accounting", () => {
  it("sums the cost of every response, including billed errors, and counts outcomes by code", async () => {
    server.script(
      { kind: "api", statusCode: 50000, level: "task", cost: 0.01 },
      { kind: "http", status: 502 },
    );
    const a = await client.live(task); // 10 items after two failures
    const b = await client.live({ target: "example.com", limit: 5 });
    expect(a.cost).toBeCloseTo(0.0203, 10);
    expect(b.cost).toBeCloseTo(0.02015, 10);
    const s = client.stats();
    expect(s.cost).toBeCloseTo(0.01 + 0.0203 + 0.02015, 10);
    expect(s).toMatchObject({ requests: 4, retries: 2, byCode: { "20000": 2, "50000": 1, http_502: 1 } });
  });
});

describe("credentials never leak", () => {
  it("keeps the password out of the client's renderings and out of every error thrown in this file", async () => {
    for (const text of [
      JSON.stringify(client),
      String(client),
      inspect(client, { depth: 10, showHidden: true }),
      `${client}`,
    ]) {
      expect(text).not.toContain(server.password);
      expect(text).not.toContain(Buffer.from(`${server.login}:${server.password}`).toString("base64"));
    }
    expect(JSON.stringify(client)).toContain(server.url);
    // Collect a few more errors, then check them all (and their causes) in every rendering.
    server.script({ kind: "reset" }, { kind: "reset" }, { kind: "reset" }, { kind: "reset" });
    await failure(client.live(task));
    await failure(createClient({ baseUrl: server.url, login: "l", password: server.password }).live(task));
    expect(thrown.length).toBeGreaterThan(10);
    const secret = Buffer.from(`${server.login}:${server.password}`).toString("base64");
    for (const error of thrown) {
      let e: unknown = error;
      while (e) {
        for (const text of [
          String(e),
          JSON.stringify(e),
          inspect(e, { depth: 10, showHidden: true }),
          (e as Error).stack ?? "",
        ]) {
          expect(text).not.toContain(server.password);
          expect(text).not.toContain(secret);
        }
        e = (e as Error).cause;
      }
    }
  });
});
