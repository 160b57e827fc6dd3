/**
 * The client's abort and timeout paths over real HTTP against the scripted server: an abort
 * mid-request or mid-backoff is final (never retried); connect/headers/body timeouts are retried.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  AbortError,
  type BacklinksClient,
  type ClientOptions,
  createClient,
  type RetryInfo,
  type TimeoutError,
} from "../src/index.js";
import { type ScriptedServer, startScriptedServer } from "./support/scripted-server.js";

let server: ScriptedServer;
let client: BacklinksClient;
const retries: RetryInfo[] = [];

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

describe("abort and timeouts", () => {
  it("aborts a request mid-flight with AbortError and does not retry it", async () => {
    server.script({ kind: "hang" });
    const ac = new AbortController();
    const p = client.live(task, { signal: ac.signal });
    while (server.log.length === 0) await new Promise((r) => setTimeout(r, 5));
    ac.abort(new Error("user pressed ctrl-c"));
    const e = (await failure(p)) as AbortError;
    expect(e).toBeInstanceOf(AbortError);
    expect(e.code).toBe("ERR_ABORTED");
    expect((e.cause as Error).message).toBe("user pressed ctrl-c");
    await new Promise((r) => setTimeout(r, 30));
    expect(server.log).toHaveLength(1);
    expect(retries).toHaveLength(0);
  });
  it("aborts during a retry backoff", async () => {
    await client.close();
    client = makeClient({
      retry: { ...fastRetry, baseDelayMs: 60_000, maxDelayMs: 60_000, maxElapsedMs: 600_000 },
    });
    server.script({ kind: "http", status: 500 });
    const ac = new AbortController();
    const p = client.live(task, { signal: ac.signal });
    while (retries.length === 0) await new Promise((r) => setTimeout(r, 5));
    ac.abort();
    expect(await failure(p)).toBeInstanceOf(AbortError);
    expect(server.log).toHaveLength(1);
  });
  it("turns a headers timeout into a retryable TimeoutError", async () => {
    await client.close();
    client = makeClient({ timeouts: { headersMs: 1000 } });
    server.script({ kind: "hang" });
    const r = await client.live(task);
    expect(r.attempts).toBe(2);
    expect(retries[0]!.code).toBe("ERR_TIMEOUT");
    expect((retries[0]!.error as TimeoutError).phase).toBe("headers");
  });
  it("turns a body that stalls mid-way into a retryable body TimeoutError", async () => {
    await client.close();
    client = makeClient({ timeouts: { bodyMs: 1000 } });
    server.script({ kind: "stall" });
    const r = await client.live(task);
    expect(r.attempts).toBe(2);
    expect((retries[0]!.error as TimeoutError).phase).toBe("body");
  });
  it("refuses calls after close()", async () => {
    await client.close();
    await expect(client.live(task)).rejects.toMatchObject({ code: "ERR_CLIENT_CLOSED" });
  });
});
