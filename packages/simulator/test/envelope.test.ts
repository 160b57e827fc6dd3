/** Envelope builders against the recorded sample-response.json: names, types, nesting, formats. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  apiVersion,
  echoData,
  formatTime,
  LIVE_PATH,
  responseEnvelope,
  taskEnvelope,
} from "../src/server/envelope.js";
import { taskId } from "../src/server/task-id.js";
import { shapeOf } from "./support/shape.js";

const SAMPLE = JSON.parse(
  readFileSync(new URL("./fixtures/sample-response.json", import.meta.url), "utf8"),
) as { tasks: Array<{ data: Record<string, unknown>; result: unknown[] }> };

describe("envelope builders", () => {
  it("build the sample's envelope and task shape exactly (same keys, order, types)", () => {
    const sampleTask = SAMPLE.tasks[0]!;
    const task = taskEnvelope({
      statusCode: 20000,
      statusMessage: "Ok.",
      timeMs: 18.8,
      cost: 0.02015,
      path: LIVE_PATH,
      data: echoData(
        {
          target: "",
          custom_mode: { field: "domain_from", value: 100 },
          filters: ["anchor", "like", "%forbes%"],
          order_by: ["domain_from,desc"],
          limit: 5,
        },
        "backlinks",
        "backlinks",
      ),
      result: sampleTask.result,
    });
    const envelope = responseEnvelope({
      version: apiVersion(),
      statusCode: 20000,
      statusMessage: "Ok.",
      timeMs: 54.9,
      tasks: [task],
    });
    expect(shapeOf(envelope)).toEqual(shapeOf(SAMPLE));
    expect(Object.keys(envelope)).toEqual(Object.keys(SAMPLE));
    expect(Object.keys(task)).toEqual(Object.keys(sampleTask));
    expect(Object.keys(task.data)).toEqual(Object.keys(sampleTask.data));
    expect(task.data).toEqual(sampleTask.data);
    expect(envelope.cost).toBe(0.02015);
  });

  it("formats version, time and ids like the API", () => {
    expect(apiVersion(new Date(Date.UTC(2026, 10, 28)))).toBe("0.1.20261128");
    expect(formatTime(54.9)).toBe("0.0549 sec.");
    expect(formatTime(2121.1)).toBe("2.1211 sec.");
    const id = taskId(new Date(Date.UTC(2026, 2, 28, 18, 35)));
    expect(id).toMatch(/^03281835-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(new Set(Array.from({ length: 1000 }, () => taskId())).size).toBe(1000);
  });

  it("sums task costs without float noise and counts non-20000 tasks as errors", () => {
    const mk = (statusCode: number, cost: number) =>
      taskEnvelope({
        statusCode,
        statusMessage: "",
        timeMs: 0,
        cost,
        path: LIVE_PATH,
        data: {},
        result: statusCode === 20000 ? [{}] : null,
      });
    const e = responseEnvelope({
      version: "v",
      statusCode: 20000,
      statusMessage: "Ok.",
      timeMs: 0,
      tasks: [mk(20000, 0.1), mk(20000, 0.2), mk(40000, 0)],
    });
    expect(e.cost).toBe(0.3);
    expect(e.tasks_count).toBe(3);
    expect(e.tasks_error).toBe(1);
    expect(e.tasks?.[2]?.result_count).toBe(0);
  });

  it("echoes a non-object task as just api/function", () => {
    expect(echoData(42, "backlinks", "backlinks")).toEqual({ api: "backlinks", function: "backlinks" });
    expect(echoData({ target: "a.com", api: "spoof" }, "backlinks", "backlinks")).toMatchObject({
      target: "a.com",
    });
  });
});

it("splices a prefetched result's JSON text exactly where the result object would be", async () => {
  const { RESULT_SLOT, serializeEnvelope } = await import("../src/server/respond.js");
  const result = {
    target: "example.com",
    items: [{ a: 1, s: 'quote " and $& and $1' }],
    search_after_token: "t",
  };
  const build = (r: unknown) =>
    responseEnvelope({
      version: "0.1.20260101",
      statusCode: 20000,
      statusMessage: "Ok.",
      timeMs: 1,
      tasks: [
        taskEnvelope({
          statusCode: 20000,
          statusMessage: "Ok.",
          timeMs: 1,
          cost: 0.02,
          path: LIVE_PATH,
          data: echoData({ target: "example.com", tag: "\u0000result-slot:guess" }, "backlinks", "backlinks"),
          result: [r],
          now: new Date(0),
        }),
      ],
    });
  const direct = JSON.parse(serializeEnvelope(build(result))) as { tasks: [{ id: string }] };
  const spliced = JSON.parse(serializeEnvelope(build(RESULT_SLOT), JSON.stringify(result))) as typeof direct;
  direct.tasks[0].id = spliced.tasks[0].id;
  expect(spliced).toEqual(direct);
});
