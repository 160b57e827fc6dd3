/**
 * Turning a `backlinks/live` body into a page, or into a typed error. An HTTP 200 is never success
 * on its own: the top-level `status_code` and `tasks[0].status_code` must both be 20000
 * (api-notes §3.2 handling rule).
 */
import { ApiStatusError } from "./errors/api-status.js";
import { MalformedResponseError } from "./errors/malformed.js";
import { BACKLINK_ITEM_FIELDS } from "./model/item.js";
import type { LiveResponse, LiveResult, LiveTask, ParsedLiveResponse } from "./model/response.js";
import type { RawItems } from "./raw/items.js";
import { STATUS_OK, statusCodeInfo } from "./status-codes.js";

/** Context the transport knows and a status error should carry. */
export interface ParseContext {
  /** `Retry-After` of the HTTP response, in ms. */
  readonly retryAfterMs?: number | null;
}

type Obj = Record<string, unknown>;

const isObject = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const num = (v: unknown): number => (typeof v === "number" && Number.isFinite(v) ? v : 0);
const str = (v: unknown): string => (typeof v === "string" ? v : "");

function shapeError(message: string): MalformedResponseError {
  // A complete JSON document of the wrong shape: the same request would get the same body.
  return new MalformedResponseError(message, { retryable: false });
}

/**
 * Parse the raw text of a response body. Invalid or truncated JSON becomes a retryable
 * `MalformedResponseError` (a cut-off body is a transport accident).
 */
export function parseLiveResponseText(text: string, context?: ParseContext): ParsedLiveResponse {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new MalformedResponseError(
      `response body is not valid JSON (${text.length} chars; truncated or corrupt): ${(cause as Error).message}`,
      { retryable: true, cause },
    );
  }
  return parseLiveResponse(json, context);
}

/**
 * Check a parsed body and return its envelope, task and result.
 *
 * Throws `ApiStatusError` (level `request` when the top-level code is not 20000, e.g. 40202 with
 * `tasks: null`; level `task` when `tasks[0]` is not 20000, e.g. 40501) with `retryable` from the
 * status table, and `MalformedResponseError` when the envelope lacks what a 20000 answer must have.
 *
 * We always post exactly one task, so `tasks[0]` is ours. [INF] Should the API ever answer with
 * more tasks (`tasks_count > 1`; extra tasks carry 40000 "only one task at a time"), the extras are
 * ignored: they are not ours and cost 0.
 *
 * Items are normalised in place: documented fields absent from older shapes (43-field items) are
 * set to `null`; unknown fields stay untouched.
 */
export function parseLiveResponse(json: unknown, context?: ParseContext): ParsedLiveResponse {
  return checkLiveResponse(json, context, null);
}

/**
 * {@link parseLiveResponse} for raw mode too: with `raw`, `json` is the envelope parsed with its
 * items array emptied (`"items":[]`) and `raw` holds that array's elements as bytes; every check
 * runs in the same order with the same messages, and `result.items` becomes `raw`.
 * @internal
 */
export function checkLiveResponse(
  json: unknown,
  context: ParseContext | undefined,
  raw: RawItems | null,
): ParsedLiveResponse {
  if (!isObject(json)) throw shapeError(`response body is not a JSON object (got ${describe(json)})`);
  const code = json.status_code;
  if (typeof code !== "number" || !Number.isInteger(code)) {
    throw shapeError(`response status_code: expected an integer, got ${describe(code)}`);
  }
  const cost = num(json.cost);
  const retryAfterMs = context?.retryAfterMs ?? null;
  if (code !== STATUS_OK) {
    throw new ApiStatusError({
      statusCode: code,
      statusMessage: str(json.status_message) || statusCodeInfo(code).message,
      level: "request",
      retryable: statusCodeInfo(code).retryable,
      cost,
      retryAfterMs,
    });
  }
  const tasks = json.tasks;
  if (!Array.isArray(tasks) || tasks.length === 0) {
    throw shapeError(
      `response tasks: expected a non-empty array with status_code 20000, got ${describe(tasks)}`,
    );
  }
  const task = tasks[0];
  if (!isObject(task)) throw shapeError(`response tasks[0]: expected an object, got ${describe(task)}`);
  const taskCode = task.status_code;
  if (typeof taskCode !== "number" || !Number.isInteger(taskCode)) {
    throw shapeError(`response tasks[0].status_code: expected an integer, got ${describe(taskCode)}`);
  }
  const taskId = typeof task.id === "string" ? task.id : null;
  if (taskCode !== STATUS_OK) {
    throw new ApiStatusError({
      statusCode: taskCode,
      statusMessage: str(task.status_message) || statusCodeInfo(taskCode).message,
      level: "task",
      retryable: statusCodeInfo(taskCode).retryable,
      cost,
      taskId,
      retryAfterMs,
    });
  }
  const results = task.result;
  if (!Array.isArray(results) || results.length === 0 || !isObject(results[0])) {
    // [INF] 20000 with `result: null` is seen on other endpoints; for a page of backlinks it would
    // silently end an export, so we fail loudly instead.
    throw shapeError(
      `response tasks[0].result: expected an array with one result object, got ${describe(results)}`,
    );
  }
  const result = normaliseResult(results[0], raw);
  return {
    response: json as unknown as LiveResponse,
    task: task as unknown as LiveTask,
    result,
    cost,
  };
}

function normaliseResult(r: Obj, raw: RawItems | null): LiveResult {
  const total = r.total_count;
  if (typeof total !== "number" || !Number.isInteger(total) || total < 0) {
    throw shapeError(`response result.total_count: expected a non-negative integer, got ${describe(total)}`);
  }
  let items = r.items;
  if (items === null || items === undefined) {
    // [INF] an empty page may come as `items: null`; only accept that when nothing was promised.
    if (num(r.items_count) !== 0) {
      throw shapeError(`response result.items: null while items_count is ${describe(r.items_count)}`);
    }
    items = [];
    r.items = items;
  }
  if (!Array.isArray(items))
    throw shapeError(`response result.items: expected an array, got ${describe(items)}`);
  let count = items.length;
  if (raw !== null) {
    if (items.length !== 0) {
      // the scanner and JSON.parse disagree on where the items are: never guess
      throw new MalformedResponseError(
        "raw mode: the items found by the byte scanner are not the body's items",
        {
          retryable: false,
        },
      );
    }
    checkRawItems(raw);
    r.items = raw;
    count = raw.length;
  }
  for (let i = 0; i < items.length; i++) {
    const item: unknown = items[i];
    if (!isObject(item))
      throw shapeError(`response result.items[${i}]: expected an object, got ${describe(item)}`);
    for (const field of BACKLINK_ITEM_FIELDS) {
      if (item[field] === undefined) item[field] = null;
    }
  }
  if (typeof r.items_count !== "number") r.items_count = count;
  const token = r.search_after_token;
  r.search_after_token = typeof token === "string" && token.length > 0 ? token : null;
  if (r.mode === undefined) r.mode = null;
  if (r.custom_mode === undefined) r.custom_mode = null;
  if (r.target === undefined) r.target = null;
  return r as unknown as LiveResult;
}

/** Raw mode's form of the per-item check: every element must be an object. */
function checkRawItems(raw: RawItems): void {
  const bytes = raw.bytes;
  for (let i = 0; i < raw.length; i++) {
    if (bytes[raw.start(i)] !== 0x7b) {
      throw shapeError(
        `response result.items[${i}]: expected an object, got ${describe(JSON.parse(raw.text(i)))}`,
      );
    }
  }
}

function describe(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return `an array of ${v.length}`;
  if (typeof v === "string") return `string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
  if (typeof v === "object") return "an object";
  return `${typeof v} ${String(v)}`;
}
