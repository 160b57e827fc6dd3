/**
 * Raw mode over real HTTP against the scripted server: `live(task, { raw: true })` and
 * `paginateBacklinks(…, { raw: true })` give the same rows, cursors, costs, retries and errors as
 * object mode, with the rows as bytes.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  ApiStatusError,
  type BacklinksClient,
  type BacklinksRequest,
  createClient,
  InvalidOptionsError,
  type Page,
  paginateBacklinks,
  parsedPage,
  type RawItemCheck,
  RawItems,
  type RawPage,
  scanLiveBody,
} from "../src/index.js";
import { type ScriptedServer, startScriptedServer } from "./support/scripted-server.js";

let server: ScriptedServer;
let client: BacklinksClient;
const TOTAL = 1234;
const request: BacklinksRequest = { target: "example.com", limit: 100 };

beforeEach(async () => {
  server = await startScriptedServer({ rows: { "example.com": TOTAL, "empty.com": 0 } });
  client = createClient({
    baseUrl: server.url,
    login: server.login,
    password: server.password,
    rate: 600_000,
    retry: { baseDelayMs: 1, maxDelayMs: 2, rateLimitDelayMs: 5 },
  });
});
afterEach(async () => {
  await client.close();
  await server.close();
});

async function walk<P>(pages: AsyncIterable<P>): Promise<P[]> {
  const out: P[] = [];
  for await (const p of pages) out.push(p);
  return out;
}

const withoutItems = ({ items: _items, taskId: _t, ...rest }: Page | RawPage) => rest;

describe("raw mode over HTTP", () => {
  it("live({ raw: true }) returns the page's items as bytes equal to object mode's items", async () => {
    const objects = await client.live(request);
    const raw = await client.live(request, { raw: true });
    expect(raw.result.items).toBeInstanceOf(RawItems);
    expect(raw.result.items.toArray()).toEqual(objects.result.items);
    expect(raw.result.items_count).toBe(objects.result.items_count);
    expect(raw.result.total_count).toBe(TOTAL);
    expect(raw.result.search_after_token).toBe(objects.result.search_after_token);
    expect(raw.cost).toBe(objects.cost);
    // the envelope is the object-mode envelope with the raw items in place
    expect(raw.result.target).toBe("example.com");
  });

  it("walks a whole chain with the same rows, cursors and costs as object mode (gzip on the wire)", async () => {
    const objectPages = await walk(paginateBacklinks(client, request));
    const rawPages = await walk(paginateBacklinks(client, request, { raw: true }));
    expect(rawPages.map(withoutItems)).toEqual(objectPages.map(withoutItems));
    expect(rawPages.map((p) => parsedPage(p).items)).toEqual(objectPages.map((p) => p.items));
    expect(rawPages.reduce((n, p) => n + p.items.length, 0)).toBe(TOTAL);
    expect(server.gzipped()).toBeGreaterThan(0);
  });

  it("resumes a raw chain from an object-mode cursor (cursors do not depend on the mode)", async () => {
    const first = await walk(paginateBacklinks(client, { ...request }, { prefetch: 0 }));
    const cursor = first[4]!.cursor;
    const rest = await walk(paginateBacklinks(client, request, { raw: true, cursor }));
    expect(rest.map((p) => p.pageNumber)).toEqual(first.slice(5).map((p) => p.pageNumber));
    expect(rest.flatMap((p) => p.items.toArray())).toEqual(first.slice(5).flatMap((p) => p.items));
  });

  it("retries truncated bodies (plain and gzip), resets and 500s, then returns the right page", async () => {
    const want = (await client.live(request)).result.items;
    server.script(
      { kind: "truncate" },
      { kind: "truncateGzip" },
      { kind: "reset" },
      { kind: "http", status: 500 },
    );
    const retries: string[] = [];
    const retrying = createClient({
      baseUrl: server.url,
      login: server.login,
      password: server.password,
      retry: { baseDelayMs: 1, maxDelayMs: 2 },
      onRetry: (info) => retries.push(info.code),
    });
    try {
      const got = await retrying.live(request, { raw: true });
      expect(got.attempts).toBe(5);
      expect(got.result.items.toArray()).toEqual(want);
      expect(retries).toEqual([
        "ERR_MALFORMED_RESPONSE",
        "ERR_MALFORMED_RESPONSE",
        "ERR_NETWORK",
        "ERR_HTTP",
      ]);
    } finally {
      await retrying.close();
    }
  });

  it("raises the same API status errors as object mode", async () => {
    const fault = { kind: "api", statusCode: 40501, level: "task" } as const;
    server.script(fault);
    const objectError = await client.live(request).catch((e: unknown) => e);
    server.script(fault);
    const rawError = await client.live(request, { raw: true }).catch((e: unknown) => e);
    expect(rawError).toBeInstanceOf(ApiStatusError);
    expect((rawError as ApiStatusError).message).toBe((objectError as ApiStatusError).message);
    expect((rawError as ApiStatusError).statusCode).toBe(40501);
  });

  it("gives an empty RawItems for an empty target", async () => {
    const pages = await walk(paginateBacklinks(client, { target: "empty.com" }, { raw: true }));
    expect(pages).toHaveLength(1);
    expect(pages[0]!.items.length).toBe(0);
    expect(pages[0]!.cursor.done).toBe(true);
  });

  it("refuses a raw option that is not a boolean", async () => {
    const bad = { raw: "yes" } as unknown as { raw: true };
    await expect(client.live(request, bad)).rejects.toBeInstanceOf(InvalidOptionsError);
    expect(() => paginateBacklinks(client, request, bad)).toThrow(InvalidOptionsError);
  });

  it("runs an item check on every page of a chain and refuses one that is not a function or not raw", async () => {
    let calls = 0;
    // passes every other item: a valid check, since it only ever returns a true item end
    const ends = new Map<number, number>();
    let body: Uint8Array | undefined;
    const check: RawItemCheck = (b, _view, start, limit) => {
      calls++;
      if (body !== b) {
        body = b;
        ends.clear();
        const scan = scanLiveBody(b.subarray(0, limit));
        for (const [i, s] of (scan?.items?.starts ?? []).entries()) ends.set(s, scan!.items!.ends[i]!);
      }
      return (ends.get(start) ?? -1) >= 0 && calls % 2 === 0 ? ends.get(start)! : -1;
    };
    const pages = await walk(paginateBacklinks(client, request, { raw: true, itemCheck: check }));
    expect(pages.reduce((n, p) => n + p.items.length, 0)).toBe(TOTAL);
    expect(calls).toBe(TOTAL);
    let passed = 0;
    for (const p of pages) {
      expect(p.items.checkedBy).toBe(check);
      for (let i = 0; i < p.items.length; i++) if (p.items.passed(i)) passed++;
    }
    expect(passed).toBe(Math.floor(TOTAL / 2));
    const objects = await walk(paginateBacklinks(client, request));
    expect(pages.map((p) => parsedPage(p).items)).toEqual(objects.map((p) => p.items));
    const notFunction = { raw: true, itemCheck: "yes" } as unknown as { raw: true };
    await expect(client.live(request, notFunction)).rejects.toMatchObject({ code: "ERR_INVALID_OPTIONS" });
    expect(() => paginateBacklinks(client, request, notFunction)).toThrow(/itemCheck/);
    const notRaw = { itemCheck: check } as unknown as { raw: true };
    await expect(client.live(request, notRaw)).rejects.toThrow(/itemCheck.*raw: true/);
  });
});
