/**
 * Pagination over real HTTP against the scripted server: full walks, stop rules, token/offset
 * discipline, retries mid-chain, abort, resume from a serialised cursor, refusal of a changed
 * request, and the Node / WHATWG stream adapters.
 */
import { getEventListeners } from "node:events";
import { Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  AbortError,
  type BacklinksClient,
  type BacklinksRequest,
  type Cursor,
  CursorMismatchError,
  createClient,
  type Page,
  pagesToReadable,
  pagesToWebStream,
  paginateBacklinks,
  RepeatedTokenError,
} from "../src/index.js";
import { type ScriptedServer, startScriptedServer } from "./support/scripted-server.js";

let server: ScriptedServer;
let client: BacklinksClient;
const TOTAL = 2345;
const request: BacklinksRequest = {
  target: "example.com",
  limit: 100,
  offset: 0,
  filters: [["dofollow", "=", true], "and", ["rank", ">", 0]],
  order_by: ["rank,desc"],
};

function newClient(): BacklinksClient {
  return createClient({
    baseUrl: server.url,
    login: server.login,
    password: server.password,
    rate: 600_000,
    retry: { baseDelayMs: 1, maxDelayMs: 2, rateLimitDelayMs: 5 },
  });
}
beforeEach(async () => {
  server = await startScriptedServer({ rows: { "example.com": TOTAL, "round.com": 300, "empty.com": 0 } });
  client = newClient();
});
afterEach(async () => {
  await client.close();
  await server.close();
});

const urls = (rows: readonly Record<string, unknown>[]) => rows.map((r) => r.url_from);

describe("paginateBacklinks over HTTP", () => {
  it("walks the whole chain: every row once, in order, with consistent page numbers and cursors", async () => {
    const got: unknown[] = [];
    const pages: Page[] = [];
    for await (const page of paginateBacklinks(client, request)) {
      pages.push(page);
      got.push(...urls(page.items));
    }
    expect(got).toEqual(urls(server.rows("example.com")));
    expect(pages.map((p) => p.pageNumber)).toEqual(Array.from({ length: 24 }, (_, i) => i + 1));
    expect(pages.every((p) => p.totalCount === TOTAL)).toBe(true);
    const last = pages.at(-1)!;
    expect(last.cursor).toMatchObject({ pages: 24, rows: TOTAL, done: true });
    expect(pages.slice(0, -1).every((p) => !p.cursor.done && p.cursor.token)).toBe(true);
    expect(pages.reduce((s, p) => s + p.cost, 0)).toBeCloseTo(client.stats().cost, 9);
    expect(server.gzipped()).toBe(24);
  });
  it("sends page 1 as given and every later page with the previous token, no offset, all else identical", async () => {
    const tokens: (string | null)[] = [];
    for await (const p of paginateBacklinks(client, request)) tokens.push(p.cursor.token);
    const [first, ...later] = server.log.map((r) => r.task!);
    expect(first).toEqual(request);
    const { offset: _o, ...rest } = request;
    later.forEach((task, i) => {
      expect(task).toEqual({ ...rest, search_after_token: tokens[i] });
      expect(task).not.toHaveProperty("offset");
    });
  });
  it("ends with an empty page when the total is a multiple of the limit", async () => {
    const pages: Page[] = [];
    for await (const p of paginateBacklinks(client, { target: "round.com", limit: 100 })) pages.push(p);
    expect(pages.map((p) => p.items.length)).toEqual([100, 100, 100, 0]);
    expect(pages.at(-1)!.cursor).toMatchObject({ rows: 300, done: true });
  });
  it("yields one empty page for a target without backlinks", async () => {
    const pages: Page[] = [];
    for await (const p of paginateBacklinks(client, { target: "empty.com", limit: 100 })) pages.push(p);
    expect(pages).toHaveLength(1);
    expect(pages[0]).toMatchObject({ totalCount: 0, items: [], cursor: { done: true, rows: 0 } });
  });
  it("survives resets, truncated bodies and 5xx mid-chain without losing or repeating a row", async () => {
    const faults = new Map<number, "reset" | "truncate" | "50401">([
      [9, "reset"],
      [15, "truncate"],
      [20, "50401"],
    ]);
    await server.close();
    server = await startScriptedServer({
      rows: { "example.com": TOTAL },
      faultFor: (n) => {
        const f = faults.get(n);
        if (f === "50401") return { kind: "api", statusCode: 50401, level: "task" };
        return f ? { kind: f } : undefined;
      },
    });
    await client.close();
    client = newClient();
    const got: unknown[] = [];
    for await (const p of paginateBacklinks(client, request)) got.push(...urls(p.items));
    expect(got).toEqual(urls(server.rows("example.com")));
    expect(client.stats().retries).toBe(3);
  });
  it("fails loudly when the server hands back a token already used", async () => {
    server.script({ kind: "delay", ms: 0 }, { kind: "repeatToken" });
    const seen: number[] = [];
    const run = async () => {
      for await (const p of paginateBacklinks(client, request)) seen.push(p.pageNumber);
    };
    await expect(run()).rejects.toBeInstanceOf(RepeatedTokenError);
    expect(seen).toEqual([1]);
  });
});

describe("resume", () => {
  it("continues from a JSON-serialised cursor exactly after the last consumed page, in a new client", async () => {
    const got: unknown[] = [];
    let saved = "";
    for await (const p of paginateBacklinks(client, request, { prefetch: 2 })) {
      got.push(...urls(p.items));
      saved = JSON.stringify(p.cursor);
      if (p.pageNumber === 7) break;
    }
    await client.close();
    client = newClient();
    const before = server.log.length;
    const cursor = JSON.parse(saved) as Cursor;
    const resumedPages: number[] = [];
    for await (const p of paginateBacklinks(client, request, { cursor })) {
      resumedPages.push(p.pageNumber);
      got.push(...urls(p.items));
    }
    expect(got).toEqual(urls(server.rows("example.com")));
    expect(resumedPages[0]).toBe(8);
    expect(server.log[before]!.task!.search_after_token).toBe(cursor.token);
  });
  it("refuses a cursor when the request changed", () => {
    const cursor: Cursor = {
      version: 1,
      requestHash: "0".repeat(64),
      token: "t",
      pages: 1,
      rows: 100,
      done: false,
    };
    expect(() => paginateBacklinks(client, request, { cursor })).toThrow(CursorMismatchError);
  });
  it("refuses a real saved cursor for a changed filter or limit, and accepts it for the same request", async () => {
    let cursor: Cursor | undefined;
    for await (const p of paginateBacklinks(client, request)) {
      cursor = JSON.parse(JSON.stringify(p.cursor));
      break;
    }
    expect(() => paginateBacklinks(client, { ...request, limit: 50 }, { cursor })).toThrow(
      /ERR_CURSOR_MISMATCH|another request/,
    );
    expect(() =>
      paginateBacklinks(client, { ...request, filters: ["dofollow", "=", false] }, { cursor }),
    ).toThrow(expect.objectContaining({ code: "ERR_CURSOR_MISMATCH" }));
    // offset is position, not identity: the same request with another offset still matches.
    expect(() => paginateBacklinks(client, { ...request, offset: 5 }, { cursor })).not.toThrow();
  });
  it("yields nothing and sends nothing for a finished cursor", async () => {
    let last: Cursor | undefined;
    for await (const p of paginateBacklinks(client, { target: "round.com", limit: 100 })) last = p.cursor;
    const before = server.log.length;
    const pages: Page[] = [];
    for await (const p of paginateBacklinks(client, { target: "round.com", limit: 100 }, { cursor: last }))
      pages.push(p);
    expect(pages).toEqual([]);
    expect(server.log.length).toBe(before);
  });
});

describe("abort mid-page", () => {
  it("rejects with AbortError, and the last consumed cursor resumes without loss", async () => {
    server.script({ kind: "delay", ms: 0 }, { kind: "delay", ms: 0 }, { kind: "hang" });
    const ac = new AbortController();
    const got: unknown[] = [];
    let cursor: Cursor | undefined;
    const run = async () => {
      for await (const p of paginateBacklinks(client, request, { signal: ac.signal, prefetch: 0 })) {
        got.push(...urls(p.items));
        cursor = p.cursor;
        if (p.pageNumber === 2) setTimeout(() => ac.abort(new Error("stop")), 50);
      }
    };
    await expect(run()).rejects.toBeInstanceOf(AbortError);
    expect(server.log).toHaveLength(3);
    expect(cursor).toMatchObject({ pages: 2, rows: 200 });
    for await (const p of paginateBacklinks(client, request, { cursor })) got.push(...urls(p.items));
    expect(got).toEqual(urls(server.rows("example.com")));
  });
});

describe("signal hygiene", () => {
  it("leaves no abort listener behind on a shared signal after chains end or break", async () => {
    const ac = new AbortController();
    for (const target of ["round.com", "empty.com"]) {
      for await (const _ of paginateBacklinks(client, { target, limit: 100 }, { signal: ac.signal })) {
        // consume
      }
    }
    for await (const _ of paginateBacklinks(client, request, { signal: ac.signal })) break;
    expect(getEventListeners(ac.signal, "abort")).toHaveLength(0);
  });
});

describe("stream adapters", () => {
  it("pagesToReadable feeds a pipeline with backpressure and ends cleanly", async () => {
    const got: unknown[] = [];
    let maxAhead = 0;
    const sink = new Writable({
      objectMode: true,
      highWaterMark: 1,
      write(page: Page, _enc, cb) {
        got.push(...urls(page.items));
        maxAhead = Math.max(maxAhead, server.log.length - page.pageNumber);
        setTimeout(cb, 2);
      },
    });
    await pipeline(pagesToReadable(paginateBacklinks(client, request)), sink);
    expect(got).toEqual(urls(server.rows("example.com")));
    // prefetch 1 + one page in the Readable's buffer + one in the Writable's: a small constant.
    expect(maxAhead).toBeLessThanOrEqual(4);
  });
  it("destroying the Readable closes the chain: no further requests", async () => {
    const readable = pagesToReadable(paginateBacklinks(client, request));
    for await (const p of readable) {
      if ((p as Page).pageNumber === 3) break;
    }
    await new Promise((r) => setTimeout(r, 30));
    const n = server.log.length;
    await new Promise((r) => setTimeout(r, 30));
    expect(server.log.length).toBe(n);
    expect(n).toBeLessThanOrEqual(6);
  });
  it("pagesToWebStream reads every page and cancel() stops the chain", async () => {
    const reader = pagesToWebStream(paginateBacklinks(client, request)).getReader();
    const got: unknown[] = [];
    for (;;) {
      const r = await reader.read();
      if (r.done) break;
      got.push(...urls(r.value.items));
    }
    expect(got).toEqual(urls(server.rows("example.com")));

    const before = server.log.length;
    const r2 = pagesToWebStream(paginateBacklinks(client, request)).getReader();
    await r2.read();
    await r2.cancel();
    await new Promise((r) => setTimeout(r, 30));
    expect(server.log.length - before).toBeLessThanOrEqual(2);
  });
});
