/**
 * The real thing end to end: startSimulator() over the real engine, the envelope compared with
 * sample-response.json field by field, and a full token walk over HTTP equal to the ground truth.
 */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningSimulator, startSimulator } from "../src/index.js";
import { live } from "./support/http.js";
import { shapeOf } from "./support/shape.js";

type Json = Record<string, unknown>;
const SAMPLE = JSON.parse(
  readFileSync(new URL("./fixtures/sample-response.json", import.meta.url), "utf8"),
) as Json & { tasks: Array<Json & { data: Json; result: Array<Json & { items: Json[] }> }> };
const SAMPLE_REQUEST = JSON.parse(
  readFileSync(new URL("./fixtures/sample-request.json", import.meta.url), "utf8"),
) as Json[];

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startSimulator({ seed: 3, targets: { "example.com": 5000, "example.org": 40 } });
});
afterAll(async () => {
  await sim.close();
});

/** Compare shapes where either side may be `null` (all item fields are nullable). */
function expectCompatible(ours: unknown, theirs: unknown, path: string): void {
  if (ours === null || theirs === null) return;
  if (Array.isArray(theirs)) {
    expect(Array.isArray(ours), path).toBe(true);
    const a = ours as unknown[];
    if (theirs.length > 0 && a.length > 0) expectCompatible(a[0], theirs[0], `${path}[0]`);
    return;
  }
  if (typeof theirs === "object") {
    expect(typeof ours, path).toBe("object");
    for (const [key, value] of Object.entries(theirs as Json)) {
      expect(ours as Json, `${path}.${key}`).toHaveProperty([key]);
      expectCompatible((ours as Json)[key], value, `${path}.${key}`);
    }
    return;
  }
  expect(typeof ours, path).toBe(typeof theirs);
}

describe("startSimulator", () => {
  it("listens on 127.0.0.1 with a free port and generated credentials", () => {
    expect(sim.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(sim.url.endsWith(":0")).toBe(false);
    expect(sim.credentials.login).not.toBe("");
    expect(Object.isFrozen(sim)).toBe(true);
  });

  it("answers the sample request with the sample response's envelope: names, types, nesting", async () => {
    const task = { ...SAMPLE_REQUEST[0], target: "example.com", filters: ["anchor", "like", "%"] };
    const res = await live(sim.url, sim.credentials, [task], { gzip: true });
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toBe("application/json; charset=utf-8");
    const body = res.json() as typeof SAMPLE;

    // Envelope, task and result: exactly the sample's keys, in its order, with its types.
    expect(Object.keys(body)).toEqual(Object.keys(SAMPLE));
    const [ourTask, sampleTask] = [body.tasks[0]!, SAMPLE.tasks[0]!];
    expect(Object.keys(ourTask)).toEqual(Object.keys(sampleTask));
    const [ourResult, sampleResult] = [ourTask.result[0]!, sampleTask.result[0]!];
    expect(Object.keys(ourResult)).toEqual(Object.keys(sampleResult));
    const strip = (e: typeof SAMPLE) => ({
      ...e,
      tasks: e.tasks.map((t) => ({ ...t, result: null, data: null })),
    });
    expect(shapeOf(strip(body))).toEqual(shapeOf(strip(SAMPLE)));
    expectCompatible(ourResult, sampleResult, "result[0]");

    // data: the posted task echoed after api/function, like the sample.
    expect(ourTask.data).toEqual({ api: "backlinks", function: "backlinks", ...task });
    expect(Object.keys(ourTask.data).slice(0, 2)).toEqual(["api", "function"]);

    // Formats and values.
    expect(body.version).toMatch(/^0\.1\.20\d{6}$/);
    expect(body.time).toMatch(/^\d+\.\d{4} sec\.$/);
    expect(ourTask.time).toMatch(/^\d+\.\d{4} sec\.$/);
    expect(ourTask.id).toMatch(/^\d{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(ourTask.path).toEqual(["v3", "backlinks", "backlinks", "live"]);
    expect(body).toMatchObject({ status_code: 20000, status_message: "Ok.", tasks_count: 1, tasks_error: 0 });
    expect(ourTask).toMatchObject({ status_code: 20000, status_message: "Ok.", result_count: 1 });
    expect(ourResult.items_count).toBe(5);
    expect(ourResult.items).toHaveLength(5);
    expect(body.cost).toBe(0.02015);
    expect(ourTask.cost).toBe(0.02015);

    // Items: every field of the sample's (older, 43-field) item, with compatible types.
    for (const item of ourResult.items) expectCompatible(item, sampleResult.items[0], "item");
  });

  it("passes the engine's 40501 through as a task error with the field name", async () => {
    const bad = (
      await live(sim.url, sim.credentials, [{ target: "example.com", limit: 1001 }])
    ).json() as typeof SAMPLE;
    expect(bad.tasks_error).toBe(1);
    expect(bad.tasks[0]).toMatchObject({
      status_code: 40501,
      status_message: "Invalid Field: 'limit'.",
      cost: 0,
      result: null,
    });
  });

  it.each([
    { target: "example.com", limit: 1000 },
    {
      target: "example.com",
      mode: "one_per_domain",
      filters: ["dofollow", "=", true],
      order_by: ["domain_from,asc"],
      limit: 100,
    },
  ])("serves a full token walk over HTTP that equals the ground truth row for row: %j", async (request) => {
    const truth = sim.truth(request);
    expect(truth.totalCount).toBeGreaterThan(2 * request.limit);
    const walked: Json[] = [];
    let token: string | undefined;
    let pages = 0;
    let totalCount = -1;
    for (;;) {
      const res = await live(
        sim.url,
        sim.credentials,
        [token ? { ...request, search_after_token: token } : request],
        {
          gzip: pages % 2 === 0,
        },
      );
      const body = res.json() as typeof SAMPLE;
      const result = body.tasks[0]!.result[0]! as Json & {
        items: Json[];
        total_count: number;
        search_after_token: string;
      };
      pages++;
      totalCount = result.total_count;
      walked.push(...result.items);
      if (result.items.length < request.limit) break;
      token = result.search_after_token;
    }
    expect(totalCount).toBe(truth.totalCount);
    expect(walked.length).toBe(truth.totalCount);
    expect(walked).toEqual([...truth.items()]);
    expect(pages).toBe(Math.floor(truth.totalCount / request.limit) + 1);
    const stats = sim.stats();
    expect(stats.byStatusCode["20000"]).toBeGreaterThanOrEqual(pages);
    expect(stats.cost).toBeGreaterThan(0);
  });
});
