/**
 * Robustness: many concurrent requests under every fault at once, plus clients that hang up
 * mid-request. The server must keep answering, count everything, and release every slot.
 */
import { request } from "node:http";
import { afterEach, expect, it } from "vitest";
import type { SimulatorServer } from "../src/server/server.js";
import { call, live } from "./support/http.js";
import { AUTH, serve } from "./support/server.js";

const open: SimulatorServer[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

const basic = `Basic ${Buffer.from(`${AUTH.login}:${AUTH.password}`).toString("base64")}`;

/** Send half a body and hang up. */
function abortedUpload(url: string): Promise<void> {
  return new Promise((resolve) => {
    const req = request(`${url}/v3/backlinks/backlinks/live`, {
      method: "POST",
      agent: false,
      headers: { authorization: basic, "content-length": "1000" },
    });
    req.on("error", () => resolve());
    req.write('[{"target":"exa', () => {
      req.destroy();
      resolve();
    });
  });
}

it("survives a storm of faults and hang-ups and releases every concurrency slot", async () => {
  const sim = await serve({
    latency: { fixedMs: 5, jitterMs: 20 },
    limits: { maxConcurrent: 20 },
    faults: {
      seed: 11,
      http500: 0.05,
      http502: 0.05,
      http503: 0.05,
      status50000: 0.05,
      status50401: 0.05,
      rateLimit40202: 0.05,
      resetMidBody: 0.1,
      truncatedJson: 0.1,
      slowBody: 0.05,
      expiredToken: 0.1,
      slowBodyMs: 100,
    },
  });
  open.push(sim);
  const outcomes = await Promise.allSettled([
    ...Array.from({ length: 60 }, (_, i) =>
      live(
        sim.url,
        AUTH,
        [{ target: "example.com", limit: 50, ...(i % 3 === 0 && { search_after_token: "x" }) }],
        {
          gzip: i % 2 === 0,
        },
      ),
    ),
    ...Array.from({ length: 10 }, () => abortedUpload(sim.url)),
  ]);
  expect(outcomes.filter((o) => o.status === "fulfilled").length).toBeGreaterThan(40);

  // Every client is done; the server notices the hung-up sockets soon after. Then only the
  // user_data request itself is in flight.
  const inFlight = async () => {
    const res = await call(sim.url, "/v3/appendix/user_data", { method: "GET", auth: AUTH });
    const body = res.json() as {
      tasks: [{ result: [{ rates: { statistics: { simultaneous: { total: number } } } }] }];
    };
    return body.tasks[0].result[0].rates.statistics.simultaneous.total;
  };
  let seen = await inFlight();
  for (let i = 0; i < 100 && seen !== 1; i++) {
    await new Promise((r) => setTimeout(r, 50));
    seen = await inFlight();
  }
  expect(seen).toBe(1);

  const stats = sim.stats();
  const faults = Object.values(stats.faults).reduce((a, b) => a + b, 0);
  expect(faults).toBeGreaterThan(10);
  expect(stats.requests).toBeGreaterThanOrEqual(71);
  expect(stats.maxConcurrentSeen).toBeGreaterThan(1);
  // Every live request that got a JSON answer was counted by status code.
  const answered = outcomes.filter((o) => o.status === "fulfilled" && o.value !== undefined).length;
  expect(Object.values(stats.byHttpStatus).reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(answered);
});
