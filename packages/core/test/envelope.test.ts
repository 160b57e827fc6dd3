import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  ApiStatusError,
  BACKLINK_ITEM_FIELDS,
  MalformedResponseError,
  parseLiveResponse,
  parseLiveResponseText,
  STATUS_CODES,
} from "../src/index.js";

const sampleText = readFileSync(new URL("./fixtures/sample-response.json", import.meta.url), "utf8");
const sample = () => JSON.parse(sampleText) as Record<string, unknown> & { tasks: Record<string, unknown>[] };

function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error("expected a throw");
}

describe("parseLiveResponse with sample-response.json", () => {
  it("parses the documented sample: envelope, task, result and 5 items", () => {
    const parsed = parseLiveResponseText(sampleText);
    expect(parsed.cost).toBe(0.02015);
    expect(parsed.task.id).toBe("03281835-1535-0269-0000-d857d95c335e");
    expect(parsed.result.total_count).toBe(993857);
    expect(parsed.result.items_count).toBe(5);
    expect(parsed.result.items).toHaveLength(5);
    expect(parsed.result.search_after_token).toMatch(/^eyJ/);
    expect(parsed.result.custom_mode).toEqual({ field: "domain_from", value: 100 });
  });

  it("fills the 4 fields missing from the 43-field shape with null and keeps every original value", () => {
    const raw = sample();
    const originalItems = structuredClone(
      (raw.tasks[0] as { result: { items: Record<string, unknown>[] }[] }).result[0]!.items,
    );
    expect(Object.keys(originalItems[0]!)).toHaveLength(43);
    const { result } = parseLiveResponse(raw);
    for (const [i, item] of result.items.entries()) {
      for (const field of BACKLINK_ITEM_FIELDS) expect(item).toHaveProperty(field);
      for (const [k, v] of Object.entries(originalItems[i]!)) expect(item[k]).toEqual(v);
      expect(item.image_url).toBeNull();
      expect(item.ranked_keywords_info).toBeNull();
      expect(item.is_indirect_link).toBeNull();
      expect(item.indirect_link_path).toBeNull();
    }
    expect(BACKLINK_ITEM_FIELDS).toHaveLength(47);
  });

  it("keeps unknown new fields on items, results, tasks and the envelope", () => {
    const raw = sample();
    raw.brand_new_top = 1;
    const task = raw.tasks[0] as Record<string, unknown> & { result: Record<string, unknown>[] };
    task.brand_new_task = "t";
    task.result[0]!.brand_new_result = [1];
    (task.result[0]!.items as Record<string, unknown>[])[0]!.future_field = { deep: true };
    const parsed = parseLiveResponse(raw);
    expect(parsed.response.brand_new_top).toBe(1);
    expect(parsed.task.brand_new_task).toBe("t");
    expect(parsed.result.brand_new_result).toEqual([1]);
    expect(parsed.result.items[0]!.future_field).toEqual({ deep: true });
  });

  it("accepts an empty page given as items: null with items_count 0", () => {
    const raw = sample();
    const r = (raw.tasks[0] as { result: Record<string, unknown>[] }).result[0]!;
    r.items = null;
    r.items_count = 0;
    delete r.search_after_token;
    const { result } = parseLiveResponse(raw);
    expect(result.items).toEqual([]);
    expect(result.search_after_token).toBeNull();
  });

  it("uses the first task when the API answers with more than one (extras carry 40000)", () => {
    const raw = sample();
    raw.tasks_count = 2;
    raw.tasks_error = 1;
    raw.tasks.push({
      id: "x",
      status_code: 40000,
      status_message: "You can set only one task at a time.",
      cost: 0,
      result: null,
    });
    expect(parseLiveResponse(raw).result.items).toHaveLength(5);
  });

  it("refuses a first task answered 40000 as a non-retryable task error", () => {
    const raw = sample();
    raw.tasks[0] = {
      id: "x",
      status_code: 40000,
      status_message: "You can set only one task at a time.",
      cost: 0,
      result: null,
    };
    const e = catchError(() => parseLiveResponse(raw)) as ApiStatusError;
    expect(e).toBeInstanceOf(ApiStatusError);
    expect(e).toMatchObject({ statusCode: 40000, level: "task", retryable: false, code: "ERR_API_STATUS" });
  });
});

describe("status codes: every code of the table at request and task level", () => {
  const codes = [...STATUS_CODES.keys()].filter((c) => c !== 20000);
  it.each(codes)("request-level %i becomes ApiStatusError with the table's retryable flag", (code) => {
    const body = {
      status_code: code,
      status_message: `m${code}`,
      cost: 0.5,
      tasks_count: 0,
      tasks_error: 0,
      tasks: null,
    };
    const e = catchError(() => parseLiveResponse(body, { retryAfterMs: 1500 })) as ApiStatusError;
    expect(e).toBeInstanceOf(ApiStatusError);
    expect(e).toMatchObject({
      name: "ApiStatusError",
      code: "ERR_API_STATUS",
      statusCode: code,
      level: "request",
      retryable: STATUS_CODES.get(code)!.retryable,
      statusMessage: `m${code}`,
      cost: 0.5,
      retryAfterMs: 1500,
    });
  });
  it.each(codes)("task-level %i becomes ApiStatusError level task", (code) => {
    const raw = sample();
    raw.tasks[0] = { ...raw.tasks[0], status_code: code, status_message: "", result: null, cost: 0 };
    const e = catchError(() => parseLiveResponse(raw)) as ApiStatusError;
    expect(e).toMatchObject({
      statusCode: code,
      level: "task",
      retryable: STATUS_CODES.get(code)!.retryable,
    });
    expect(e.statusMessage.length).toBeGreaterThan(0);
    expect(e.taskId).toBe("03281835-1535-0269-0000-d857d95c335e");
  });
  it("marks exactly the issue's retry codes (plus the table's other transient ones) retryable", () => {
    for (const c of [40202, 40209, 50000, 50301, 50303, 50401])
      expect(STATUS_CODES.get(c)!.retryable).toBe(true);
    for (const c of [40100, 40200, 40203, 40210, 40501, 40502, 40503, 40506])
      expect(STATUS_CODES.get(c)!.retryable).toBe(false);
  });
  it("treats unknown 5xxxx as retryable and unknown 4xxxx as permanent", () => {
    const req = (code: number) =>
      catchError(() =>
        parseLiveResponse({ status_code: code, status_message: "?", cost: 0, tasks: null }),
      ) as ApiStatusError;
    expect(req(50999).retryable).toBe(true);
    expect(req(40999).retryable).toBe(false);
  });
});

describe("malformed bodies", () => {
  it("truncated JSON is a retryable MalformedResponseError", () => {
    const e = catchError(() =>
      parseLiveResponseText(sampleText.slice(0, sampleText.length / 2)),
    ) as MalformedResponseError;
    expect(e).toBeInstanceOf(MalformedResponseError);
    expect(e).toMatchObject({
      code: "ERR_MALFORMED_RESPONSE",
      retryable: true,
      name: "MalformedResponseError",
    });
  });
  it.each([
    ["a JSON array", []],
    ["null", null],
    ["a string status_code", { status_code: "20000" }],
    ["tasks null on 20000", { status_code: 20000, tasks: null }],
    ["empty tasks on 20000", { status_code: 20000, tasks: [] }],
    ["result null on a 20000 task", { status_code: 20000, tasks: [{ status_code: 20000, result: null }] }],
    [
      "items not an array",
      { status_code: 20000, tasks: [{ status_code: 20000, result: [{ total_count: 1, items: {} }] }] },
    ],
    [
      "an item that is not an object",
      { status_code: 20000, tasks: [{ status_code: 20000, result: [{ total_count: 1, items: [1] }] }] },
    ],
    ["missing total_count", { status_code: 20000, tasks: [{ status_code: 20000, result: [{ items: [] }] }] }],
    [
      "items null but items_count 3",
      {
        status_code: 20000,
        tasks: [{ status_code: 20000, result: [{ total_count: 3, items_count: 3, items: null }] }],
      },
    ],
  ])("%s is a non-retryable MalformedResponseError", (_name, body) => {
    const e = catchError(() => parseLiveResponse(body)) as MalformedResponseError;
    expect(e).toBeInstanceOf(MalformedResponseError);
    expect(e.retryable).toBe(false);
    expect(e.message).toMatch(/^response /);
  });
});
