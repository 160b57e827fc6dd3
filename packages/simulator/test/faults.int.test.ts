/** Every injectable fault over real HTTP, by explicit schedule and by seeded probability. */
import { request } from "node:http";
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
  tasks_error: number;
  tasks: Array<{ status_code: number; status_message: string; cost: number; result: unknown }> | null;
};
const TASK = [{ target: "example.com", limit: 200 }];

/** Receive a response as data chunks, timing them (for slow bodies). */
function chunks(
  url: string,
  body: string,
): Promise<{ status: number; pieces: number; text: string; ms: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(
      `${url}/v3/backlinks/backlinks/live`,
      {
        method: "POST",
        agent: false,
        headers: {
          authorization: `Basic ${Buffer.from(`${AUTH.login}:${AUTH.password}`).toString("base64")}`,
        },
      },
      (res) => {
        const parts: Buffer[] = [];
        res.on("data", (c: Buffer) => parts.push(c));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            pieces: parts.length,
            text: Buffer.concat(parts).toString(),
            ms: performance.now() - started,
          }),
        );
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

describe("scheduled faults (exact request numbers)", () => {
  it("injects HTTP 500 with the API's JSON error, and 502/503 with proxy HTML bodies", async () => {
    const sim = await start({ faults: { schedule: { 1: "http500", 2: "http502", 3: "http503" } } });
    const r500 = await live(sim.url, AUTH, TASK);
    expect(r500.status).toBe(500);
    expect(r500.json()).toMatchObject({ status_code: 50000, status_message: "Internal Error.", tasks: null });
    for (const [status, title] of [
      [502, "502 Bad Gateway"],
      [503, "503 Service Temporarily Unavailable"],
    ] as const) {
      const res = await live(sim.url, AUTH, TASK);
      expect(res.status).toBe(status);
      expect(res.headers["content-type"]).toBe("text/html");
      expect(res.text).toContain(title);
      expect(() => res.json()).toThrow();
    }
    const fine = await live(sim.url, AUTH, TASK);
    expect((fine.json() as Body).tasks?.[0]?.status_code).toBe(20000);
    expect(sim.stats().faults).toEqual({ http500: 1, http502: 1, http503: 1 });
    expect(sim.stats().byHttpStatus).toMatchObject({ "500": 1, "502": 1, "503": 1, "200": 1 });
    expect(sim.stats().byStatusCode).toEqual({ "50000": 1, "20000": 1 });
    expect(sim.stats().cost).toBe(0.026);
  });

  it("injects task errors 50000 and 50401 (result null, cost 0) and a top-level 40202", async () => {
    const sim = await start({
      faults: { schedule: { 1: "status50000", 2: "status50401", 3: "rateLimit40202" } },
    });
    const a = (await live(sim.url, AUTH, TASK)).json() as Body;
    expect(a).toMatchObject({ status_code: 20000, cost: 0, tasks_error: 1 });
    expect(a.tasks?.[0]).toMatchObject({
      status_code: 50000,
      status_message: "Internal Error.",
      cost: 0,
      result: null,
    });
    const b = (await live(sim.url, AUTH, TASK)).json() as Body;
    expect(b.tasks?.[0]).toMatchObject({
      status_code: 50401,
      status_message: "Internal Error - Timeout.",
      result: null,
    });
    const c = await live(sim.url, AUTH, TASK);
    expect(c.status).toBe(200);
    expect(c.json()).toMatchObject({ status_code: 40202, tasks: null });
    const stats = sim.stats();
    expect(stats.faults).toEqual({ status50000: 1, status50401: 1, rateLimit40202: 1 });
    // An injected 40202 is a fault, not a refusal by the configured limit.
    expect(stats.refusals.rateLimit).toBe(0);
    expect(stats.cost).toBe(0);
  });

  it("resets the connection mid-body after sending part of it", async () => {
    const sim = await start({ faults: { schedule: { 1: "resetMidBody" } } });
    const received: number[] = [];
    const outcome = await new Promise<string>((resolve) => {
      const req = request(
        `${sim.url}/v3/backlinks/backlinks/live`,
        {
          method: "POST",
          agent: false,
          headers: {
            authorization: `Basic ${Buffer.from(`${AUTH.login}:${AUTH.password}`).toString("base64")}`,
          },
        },
        (res) => {
          const announced = Number(res.headers["content-length"]);
          res.on("data", (c: Buffer) => received.push(c.length));
          res.on("error", () => resolve(`error after ${received.reduce((a, b) => a + b, 0)}/${announced}`));
          res.on("end", () => resolve(res.complete ? "complete" : "incomplete"));
        },
      );
      req.on("error", (e) => resolve(`request error ${e.message}`));
      req.end(JSON.stringify(TASK));
    });
    expect(outcome).not.toBe("complete");
    expect(received.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    expect(sim.stats().faults).toEqual({ resetMidBody: 1 });
    // The next request on a new connection is served normally.
    expect((await live(sim.url, AUTH, TASK)).status).toBe(200);
  });

  it("sends truncated JSON as a well-framed HTTP 200 whose body does not parse", async () => {
    const sim = await start({ faults: { schedule: { 1: "truncatedJson", 2: "truncatedJson" } } });
    const plain = await live(sim.url, AUTH, TASK);
    expect(plain.status).toBe(200);
    expect(plain.text.startsWith('{"version":"0.1.')).toBe(true);
    expect(() => plain.json()).toThrow(SyntaxError);
    const zipped = await live(sim.url, AUTH, TASK, { gzip: true });
    expect(zipped.headers["content-encoding"]).toBe("gzip");
    expect(() => zipped.json()).toThrow(SyntaxError);
    expect(sim.stats().faults).toEqual({ truncatedJson: 2 });
  });

  it("trickles a slow body in pieces over slowBodyMs, and it is still complete", async () => {
    const sim = await start({ faults: { schedule: { 1: "slowBody" }, slowBodyMs: 400 } });
    const slow = await chunks(sim.url, JSON.stringify(TASK));
    expect(slow.status).toBe(200);
    expect(slow.pieces).toBeGreaterThanOrEqual(5);
    expect(slow.ms).toBeGreaterThanOrEqual(350);
    expect((JSON.parse(slow.text) as Body).tasks?.[0]?.status_code).toBe(20000);
    expect(sim.stats().faults).toEqual({ slowBody: 1 });
  });

  it("rejects a request carrying a token as an expired token (40501 search_after_token), only if it has one", async () => {
    const sim = await start({ faults: { schedule: { 1: "expiredToken", 3: "expiredToken" } } });
    const first = (await live(sim.url, AUTH, TASK)).json() as Body & {
      tasks: [{ status_code: number; result: [{ search_after_token: string }] }];
    };
    expect(first.tasks[0].status_code).toBe(20000); // request 1 carried no token: nothing to expire
    const token = first.tasks[0].result[0].search_after_token;
    expect(
      ((await live(sim.url, AUTH, [{ ...TASK[0], search_after_token: token }])).json() as Body).tasks?.[0]
        ?.status_code,
    ).toBe(20000);
    const expired = (await live(sim.url, AUTH, [{ ...TASK[0], search_after_token: token }])).json() as Body;
    expect(expired.tasks?.[0]).toMatchObject({
      status_code: 40501,
      status_message: "Invalid Field: 'search_after_token'.",
      cost: 0,
      result: null,
    });
    expect(sim.stats().faults).toEqual({ expiredToken: 1 });
  });

  it("numbers only authenticated live requests: free endpoints and 401s do not shift the schedule", async () => {
    const sim = await start({ faults: { schedule: { 2: "http503" } } });
    await call(sim.url, "/v3/appendix/user_data", { method: "GET", auth: AUTH });
    await live(sim.url, { login: "nobody", password: "x" }, TASK);
    expect((await live(sim.url, AUTH, TASK)).status).toBe(200);
    expect((await live(sim.url, AUTH, TASK)).status).toBe(503);
  });
});

describe("probabilistic faults", () => {
  async function outcomes(seed: number): Promise<string[]> {
    const sim = await start({
      faults: { seed, http500: 0.15, status50000: 0.15, rateLimit40202: 0.15, truncatedJson: 0.1 },
    });
    const seen: string[] = [];
    for (let i = 0; i < 60; i++) {
      const res = await live(sim.url, AUTH, [{ target: "example.com", limit: 1 }]);
      let label = String(res.status);
      try {
        const body = res.json() as Body;
        label += `/${body.status_code}/${body.tasks?.[0]?.status_code ?? "-"}`;
      } catch {
        label += "/unparsable";
      }
      seen.push(label);
    }
    const faults = sim.stats().faults;
    const injected = Object.values(faults).reduce((a, b) => a + b, 0);
    expect(injected).toBe(seen.filter((s) => s !== "200/20000/20000").length);
    return seen;
  }

  it("are deterministic under the fault seed and differ across seeds", async () => {
    const a = await outcomes(7);
    const b = await outcomes(7);
    const c = await outcomes(8);
    expect(a).toEqual(b);
    expect(c).not.toEqual(a);
    for (const kind of ["500/50000/-", "200/20000/50000", "200/40202/-", "200/unparsable"]) {
      expect(a).toContain(kind);
    }
  });
});

describe("latency", () => {
  it("delays a live response by at least fixedMs + perItemMs × items", async () => {
    const sim = await start({ latency: { fixedMs: 150, perItemMs: 0.5 } });
    const started = performance.now();
    const res = await live(sim.url, AUTH, [{ target: "example.com", limit: 200 }]);
    expect(performance.now() - started).toBeGreaterThanOrEqual(245);
    const body = res.json() as { time: string };
    expect(Number.parseFloat(body.time)).toBeGreaterThanOrEqual(0.25);
  });

  it("close() interrupts pending latency and slow bodies promptly", async () => {
    const sim = await serve({
      latency: { fixedMs: 30_000 },
      faults: { schedule: { 2: "slowBody" }, slowBodyMs: 60_000 },
    });
    const pending = live(sim.url, AUTH, TASK);
    const rejected = expect(pending).rejects.toThrow();
    await new Promise((r) => setTimeout(r, 100));
    await sim.close();
    await rejected;
  });
});
