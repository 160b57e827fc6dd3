/**
 * Server framing over the real engine: routes, auth, body rules, extra tasks, gzip, pricing,
 * close(). Only the "engine crashed" case uses a stand-in engine (the real one must not crash).
 */
import { Agent, request as httpRequest } from "node:http";
import { FILTER_FIELDS } from "@backlinks/core";
import { afterEach, describe, expect, it } from "vitest";
import type { SimulatorServer } from "../src/server/server.js";
import { fakeEngine } from "./support/fake-engine.js";
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

type Envelope = {
  version: string;
  status_code: number;
  status_message: string;
  time: string;
  cost: number;
  tasks_count: number;
  tasks_error: number;
  tasks: Array<{
    id: string;
    status_code: number;
    status_message: string;
    cost: number;
    result_count: number;
    path: string[];
    data: Record<string, unknown>;
    result: Array<{ items_count: number; items: unknown[]; search_after_token: string }> | null;
  }> | null;
};

describe("routing and auth", () => {
  it("answers missing or wrong credentials with HTTP 401 and a 40100 body with tasks null", async () => {
    const sim = await start();
    for (const auth of [
      null,
      { login: AUTH.login, password: "wrong" },
      { login: "x", password: AUTH.password },
    ]) {
      const res = await live(sim.url, auth as typeof AUTH, [{ target: "example.com" }]);
      expect(res.status).toBe(401);
      const body = res.json() as Envelope;
      expect(body).toMatchObject({
        status_code: 40100,
        status_message: "You are not authorized to access this resource...",
        cost: 0,
        tasks_count: 0,
        tasks_error: 0,
        tasks: null,
      });
      expect(body.version).toMatch(/^0\.1\.\d{8}$/);
      expect(body.time).toMatch(/^\d+\.\d{4} sec\.$/);
      expect(res.text).not.toContain(AUTH.password);
    }
    expect(sim.stats().byStatusCode["40100"]).toBe(3);
    expect(sim.stats().byHttpStatus["401"]).toBe(3);
  });

  it("answers an unknown path with HTTP 404 / 40400 and a wrong method with HTTP 405 / 40402", async () => {
    const sim = await start();
    const notFound = await call(sim.url, "/v3/backlinks/nope/live", { auth: AUTH, body: "[]" });
    expect(notFound.status).toBe(404);
    expect(notFound.json()).toMatchObject({ status_code: 40400, status_message: "Not Found.", tasks: null });
    const wrongMethod = await call(sim.url, "/v3/backlinks/backlinks/live", { method: "GET", auth: AUTH });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.allow).toBe("POST");
    expect(wrongMethod.json()).toMatchObject({ status_code: 40402, tasks: null });
  });

  it("serves available_filters for free from core's field catalogue", async () => {
    const sim = await start();
    const res = await call(sim.url, "/v3/backlinks/available_filters", { method: "GET", auth: AUTH });
    expect(res.status).toBe(200);
    const body = res.json() as Envelope & { tasks: [{ path: string[]; result: [{ backlinks: unknown }] }] };
    expect(body.status_code).toBe(20000);
    expect(body.cost).toBe(0);
    expect(body.tasks[0].path).toEqual(["v3", "backlinks", "available_filters"]);
    expect(body.tasks[0].result[0].backlinks).toEqual(FILTER_FIELDS);
    expect(sim.stats().cost).toBe(0);
  });

  it("serves user_data with the login and limits but never the password", async () => {
    const sim = await start({ limits: { requestsPerMinute: 500, dailyCostLimit: 3, balance: 10 } });
    const res = await call(sim.url, "/v3/appendix/user_data", { method: "GET", auth: AUTH });
    const body = res.json() as Envelope & { tasks: [{ path: string[]; result: [Record<string, unknown>] }] };
    expect(body.tasks[0].result[0]).toMatchObject({
      login: AUTH.login,
      rates: { limits: { minute: { total: 500 }, simultaneous: { total: 30 } } },
      money: { balance: 10, limits: { day: { total: 3 } } },
    });
    expect(res.text).not.toContain(AUTH.password);
    const unauth = await call(sim.url, "/v3/appendix/user_data", { method: "GET" });
    expect(unauth.status).toBe(401);
  });
});

describe("body rules", () => {
  it("answers invalid JSON and non-arrays with 40503, an empty body or array with 40502, at HTTP 200", async () => {
    const sim = await start();
    const cases: Array<[string, number, string]> = [
      ["{not json", 40503, "POST Data Is Invalid."],
      ['{"target":"example.com"}', 40503, "POST Data Is Invalid."],
      ["42", 40503, "POST Data Is Invalid."],
      ["", 40502, "POST Data Is Empty."],
      ["   ", 40502, "POST Data Is Empty."],
      ["[]", 40502, "POST Data Is Empty."],
    ];
    for (const [body, code, message] of cases) {
      const res = await call(sim.url, "/v3/backlinks/backlinks/live", { auth: AUTH, body });
      expect(res.status, body).toBe(200);
      expect(res.json(), body).toMatchObject({
        status_code: code,
        status_message: message,
        cost: 0,
        tasks: null,
      });
    }
  });

  it("executes the first task only and answers extra tasks with 40000 at cost 0", async () => {
    const engine = fakeEngine();
    const sim = await start({}, engine);
    const tasks = [
      { target: "example.com", limit: 10 },
      { target: "example.org", limit: 5 },
      { target: "example.net" },
    ];
    const body = (await live(sim.url, AUTH, tasks)).json() as Envelope;
    const targets = engine.executed.map((t) => (t as { target: string }).target);
    expect(targets).toContain("example.com");
    expect(targets).not.toContain("example.org");
    expect(targets).not.toContain("example.net");
    expect(body.tasks_count).toBe(3);
    expect(body.tasks_error).toBe(2);
    expect(body.tasks?.[0]?.status_code).toBe(20000);
    for (const [i, extra] of (body.tasks ?? []).slice(1).entries()) {
      expect(extra).toMatchObject({
        status_code: 40000,
        status_message: "You can set only one task at a time.",
        cost: 0,
        result_count: 0,
        result: null,
        data: { api: "backlinks", function: "backlinks", ...tasks[i + 1] },
      });
    }
    expect(body.cost).toBe(0.0203);
    expect(sim.stats().byStatusCode).toMatchObject({ "20000": 1, "40000": 2 });
  });

  it("answers an engine task error with result null, cost 0 and the engine's message", async () => {
    const sim = await start();
    const body = (await live(sim.url, AUTH, [{ target: "example.com", limit: 5000 }])).json() as Envelope;
    expect(body.status_code).toBe(20000);
    expect(body.tasks_error).toBe(1);
    expect(body.cost).toBe(0);
    expect(body.tasks?.[0]).toMatchObject({
      status_code: 40501,
      status_message: "Invalid Field: 'limit'.",
      cost: 0,
      result_count: 0,
      result: null,
    });
  });

  it("turns an unexpected engine failure into task 50000 instead of crashing", async () => {
    const sim = await start({}, fakeEngine());
    const body = (await live(sim.url, AUTH, [{ target: "boom.example" }])).json() as Envelope;
    expect(body.tasks?.[0]).toMatchObject({
      status_code: 50000,
      status_message: "Internal Error.",
      result: null,
    });
    const again = (await live(sim.url, AUTH, [{ target: "example.com", limit: 1 }])).json() as Envelope;
    expect(again.tasks?.[0]?.status_code).toBe(20000);
  });
});

describe("pricing, gzip and lifecycle", () => {
  it("bills perRequest + perItem × items_count, configurable, and sums it in stats", async () => {
    const sim = await start({ pricing: { perRequest: 0.024, perItem: 0.000036 } });
    const a = (await live(sim.url, AUTH, [{ target: "example.com", limit: 1000 }])).json() as Envelope;
    const b = (await live(sim.url, AUTH, [{ target: "example.com", limit: 5 }])).json() as Envelope;
    expect(a.cost).toBe(0.06);
    expect(a.tasks?.[0]?.cost).toBe(0.06);
    expect(b.cost).toBe(0.02418);
    expect(sim.stats().cost).toBe(0.08418);
  });

  it("gzips when the client accepts gzip, and only then", async () => {
    const sim = await start();
    const task = [{ target: "example.com", limit: 1000 }];
    const zipped = await live(sim.url, AUTH, task, { gzip: true });
    const plain = await live(sim.url, AUTH, task);
    expect(zipped.headers["content-encoding"]).toBe("gzip");
    expect(zipped.headers["transfer-encoding"]).toBe("chunked"); // streamed through the compressor
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(Number(plain.headers["content-length"])).toBe(plain.raw.length);
    expect(zipped.raw.length).toBeLessThan(plain.raw.length / 3);
    const z = zipped.json() as Envelope;
    const p = plain.json() as Envelope;
    expect(z.tasks?.[0]?.result).toEqual(p.tasks?.[0]?.result);
    const refused = await live(sim.url, AUTH, task, { headers: { "accept-encoding": "gzip;q=0, identity" } });
    expect(refused.headers["content-encoding"]).toBeUndefined();
  });

  it("reads a gzipped request body", async () => {
    const { gzipSync } = await import("node:zlib");
    const sim = await start();
    const res = await call(sim.url, "/v3/backlinks/backlinks/live", {
      auth: AUTH,
      body: gzipSync(JSON.stringify([{ target: "example.com", limit: 3 }])),
      headers: { "content-encoding": "gzip" },
    });
    expect((res.json() as Envelope).tasks?.[0]?.result?.[0]?.items_count).toBe(3);
  });

  it("close() also closes idle keep-alive connections", async () => {
    const sim = await serve();
    const agent = new Agent({ keepAlive: true });
    const { socketClosed } = await new Promise<{ socketClosed: Promise<void> }>((resolve, reject) => {
      const req = httpRequest(
        `${sim.url}/v3/appendix/user_data`,
        {
          agent,
          headers: {
            authorization: `Basic ${Buffer.from(`${AUTH.login}:${AUTH.password}`).toString("base64")}`,
          },
        },
        (res) => {
          const socket = res.socket;
          const closed = new Promise<void>((done) => socket.once("close", () => done()));
          res.resume();
          // Wrapped: resolving with the promise itself would wait for the close.
          res.on("end", () => resolve({ socketClosed: closed }));
        },
      );
      req.on("error", reject);
      req.end();
    });
    await sim.close();
    await socketClosed;
    agent.destroy();
    await expect(call(sim.url, "/v3/appendix/user_data", { method: "GET", auth: AUTH })).rejects.toThrow();
  });
});
