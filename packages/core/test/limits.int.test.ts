/**
 * The rate limiter and the concurrency gate, observed from the server side over real HTTP. Both
 * are lower bounds on spacing / upper bounds on overlap, so a slow machine cannot break them.
 */
import { afterEach, describe, expect, it } from "vitest";
import { type BacklinksClient, createClient, paginateBacklinks } from "../src/index.js";
import { type ScriptedServer, startScriptedServer } from "./support/scripted-server.js";

let server: ScriptedServer;
let client: BacklinksClient;
afterEach(async () => {
  await client?.close();
  await server?.close();
});

describe("rate limiter", () => {
  it("spaces request starts at 60000/rate ms across concurrent calls", async () => {
    server = await startScriptedServer({ rows: { "a.com": 5 } });
    const rate = 1200; // one start every 50 ms
    client = createClient({ baseUrl: server.url, login: server.login, password: server.password, rate });
    const n = 10;
    await client.live({ target: "a.com", limit: 5 }); // warm the connection up
    await Promise.all(Array.from({ length: n }, () => client.live({ target: "a.com", limit: 5 })));
    const at = server.log
      .slice(1)
      .map((r) => r.at)
      .sort((a, b) => a - b);
    // Starts are spaced by the limiter; timer firing jitter of a single request may shift one
    // arrival, so each bound keeps one interval of slack.
    for (let i = 1; i < n; i++) expect(at[i]! - at[0]!).toBeGreaterThanOrEqual((i - 1) * 50);
  });
  it("holds every request of the client after a 40202 slow-down", async () => {
    server = await startScriptedServer({ rows: { "a.com": 5 } });
    let retried = 0;
    client = createClient({
      baseUrl: server.url,
      login: server.login,
      password: server.password,
      retry: { baseDelayMs: 1, maxDelayMs: 1, rateLimitDelayMs: 300 },
      onRetry: () => retried++,
    });
    server.script({ kind: "api", statusCode: 40202, level: "request" });
    const first = client.live({ target: "a.com", limit: 5 });
    // Start the second call only once the client has seen the 40202 and scheduled its retry.
    while (retried === 0) await new Promise((r) => setTimeout(r, 2));
    const second = client.live({ target: "a.com", limit: 5 });
    await Promise.all([first, second]);
    expect(server.log).toHaveLength(3);
    for (const later of server.log.slice(1)) expect(later.at - server.log[0]!.at).toBeGreaterThanOrEqual(295);
  });
});

describe("concurrency gate", () => {
  it("never has more than `concurrency` requests in flight, shared by every chain of the client", async () => {
    server = await startScriptedServer({ rows: { "a.com": 40, "b.com": 40, "c.com": 40 }, latencyMs: 40 });
    client = createClient({
      baseUrl: server.url,
      login: server.login,
      password: server.password,
      concurrency: 2,
      rate: 600_000,
    });
    const walk = async (target: string) => {
      let rows = 0;
      for await (const p of paginateBacklinks(client, { target, limit: 5 })) rows += p.items.length;
      return rows;
    };
    const singles = Array.from({ length: 6 }, () => client.live({ target: "a.com", limit: 1 }));
    const rows = await Promise.all([walk("a.com"), walk("b.com"), walk("c.com"), ...singles]);
    expect(rows.slice(0, 3)).toEqual([40, 40, 40]);
    expect(server.maxInFlight()).toBe(2);
  });
  it("defaults to 30 and reaches it under load", async () => {
    server = await startScriptedServer({ rows: { "a.com": 5 }, latencyMs: 800 });
    client = createClient({
      baseUrl: server.url,
      login: server.login,
      password: server.password,
      rate: 600_000,
    });
    await Promise.all(Array.from({ length: 45 }, () => client.live({ target: "a.com", limit: 1 })));
    expect(server.maxInFlight()).toBe(30);
  });
});
