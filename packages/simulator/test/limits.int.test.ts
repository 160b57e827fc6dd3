/** Account limits over real HTTP: simultaneous requests, per-minute window, daily cost, balance. */
import { afterEach, describe, expect, it } from "vitest";
import type { SimulatorServer } from "../src/server/server.js";
import { call, live } from "./support/http.js";
import { AUTH, serve } from "./support/server.js";

const open: SimulatorServer[] = [];
async function start(...args: Parameters<typeof serve>) {
  const server = await serve(...args);
  open.push(server);
  return server;
}
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

type Body = {
  status_code: number;
  status_message: string;
  cost: number;
  tasks: Array<{ status_code: number; cost: number; result: unknown }> | null;
};

describe("simultaneous requests", () => {
  it("refuses requests beyond 30 in flight with 40209 and reports maxConcurrentSeen", async () => {
    // A long latency keeps the first 30 in flight while the other 5 arrive.
    const sim = await start({ latency: { fixedMs: 1500 } });
    const responses = await Promise.all(
      Array.from({ length: 35 }, () => live(sim.url, AUTH, [{ target: "example.com", limit: 1 }])),
    );
    const bodies = responses.map((r) => r.json() as Body);
    const refused = bodies.filter((b) => b.status_code === 40209);
    const served = bodies.filter((b) => b.status_code === 20000);
    expect(refused.length).toBeGreaterThan(0);
    expect(served.length).toBeLessThanOrEqual(30);
    expect(refused.length + served.length).toBe(35);
    for (const [i, b] of bodies.entries()) {
      expect(responses[i]?.status).toBe(200);
      if (b.status_code === 40209) expect(b).toMatchObject({ tasks: null, cost: 0 });
    }
    const stats = sim.stats();
    expect(stats.maxConcurrentSeen).toBeGreaterThan(30);
    expect(stats.refusals.concurrency).toBe(refused.length);
    expect(stats.byStatusCode["40209"]).toBe(refused.length);
  });

  it("honours a configured maxConcurrent, and null switches the gate off", async () => {
    const tight = await start({ latency: { fixedMs: 800 }, limits: { maxConcurrent: 2 } });
    const bodies = await Promise.all(
      Array.from({ length: 4 }, () => live(tight.url, AUTH, [{ target: "example.com", limit: 1 }])),
    );
    expect(bodies.filter((r) => (r.json() as Body).status_code === 40209).length).toBeGreaterThanOrEqual(2);
    const open = await start({ latency: { fixedMs: 300 }, limits: { maxConcurrent: null } });
    const all = await Promise.all(
      Array.from({ length: 40 }, () => live(open.url, AUTH, [{ target: "example.com", limit: 1 }])),
    );
    expect(all.every((r) => (r.json() as Body).status_code === 20000)).toBe(true);
    expect(open.stats().refusals.concurrency).toBe(0);
  });
});

describe("requests per minute", () => {
  it("refuses the request over the window with top-level 40202 at HTTP 200 and counts down X-RateLimit-Remaining", async () => {
    const sim = await start({ limits: { requestsPerMinute: 3 } });
    const remaining: unknown[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await live(sim.url, AUTH, [{ target: "example.com", limit: 1 }]);
      expect((res.json() as Body).status_code).toBe(20000);
      expect(res.headers["x-ratelimit-limit"]).toBe("3");
      remaining.push(res.headers["x-ratelimit-remaining"]);
    }
    expect(remaining).toEqual(["2", "1", "0"]);
    const over = await live(sim.url, AUTH, [{ target: "example.com", limit: 1 }]);
    expect(over.status).toBe(200);
    expect(over.headers["x-ratelimit-remaining"]).toBe("0");
    expect(over.json()).toMatchObject({
      status_code: 40202,
      status_message: "The rate-limit per minute has been exceeded.",
      cost: 0,
      tasks_count: 0,
      tasks: null,
    });
    // Free endpoints count against the same account-wide window.
    const free = await call(sim.url, "/v3/appendix/user_data", { method: "GET", auth: AUTH });
    expect((free.json() as Body).status_code).toBe(40202);
    expect(sim.stats().refusals.rateLimit).toBe(2);
    expect(sim.stats().faults).toEqual({});
  });
});

describe("daily cost limit and balance", () => {
  it("refuses with 40203 once the day's spend reached the limit", async () => {
    const sim = await start({ limits: { dailyCostLimit: 0.05 } });
    const first = (await live(sim.url, AUTH, [{ target: "example.com", limit: 1000 }])).json() as Body;
    expect(first.cost).toBe(0.05);
    const second = (await live(sim.url, AUTH, [{ target: "example.com", limit: 1 }])).json() as Body;
    expect(second).toMatchObject({ status_code: 40203, tasks: null, cost: 0 });
    expect(second.status_message).toMatch(/cost limit/);
    expect(sim.stats().refusals.dailyCost).toBe(1);
    expect(sim.stats().cost).toBe(0.05);
  });

  it("answers task 40210 when the balance cannot pay for the task, and HTTP 402 / 40200 once it is empty", async () => {
    const sim = await start({ limits: { balance: 0.03 } });
    const ok = (await live(sim.url, AUTH, [{ target: "example.com", limit: 100 }])).json() as Body;
    expect(ok.cost).toBe(0.023);
    const poor = (await live(sim.url, AUTH, [{ target: "example.com", limit: 1000 }])).json() as Body;
    expect(poor.status_code).toBe(20000);
    expect(poor.tasks?.[0]).toMatchObject({ status_code: 40210, cost: 0, result: null });
    // What is left (0.007) still pays for a 1-item task at 0.02003? No: still 40210.
    const small = (await live(sim.url, AUTH, [{ target: "example.com", limit: 1 }])).json() as Body;
    expect(small.tasks?.[0]?.status_code).toBe(40210);

    const exact = await start({ limits: { balance: 0.02003 } });
    expect(((await live(exact.url, AUTH, [{ target: "example.com", limit: 1 }])).json() as Body).cost).toBe(
      0.02003,
    );
    const empty = await live(exact.url, AUTH, [{ target: "example.com", limit: 1 }]);
    expect(empty.status).toBe(402);
    expect(empty.json()).toMatchObject({
      status_code: 40200,
      status_message: "Payment Required.",
      tasks: null,
    });
    expect(exact.stats().refusals.balance).toBe(1);
    expect(exact.stats().byHttpStatus["402"]).toBe(1);
  });
});
