/**
 * The response envelope of the v3 API (api-notes §2.1, sample-response.json), field for field and
 * in the API's key order. Builders only: serialising and sending is `send.ts`'s job.
 */
import { taskId } from "./task-id.js";

/** Path of the live endpoint, as echoed in `tasks[].path`. */
export const LIVE_PATH = Object.freeze(["v3", "backlinks", "backlinks", "live"] as const);

/** The documented status messages the simulator sends (api-notes §3.2). */
export const STATUS_MESSAGES = Object.freeze({
  20000: "Ok.",
  40000: "You can set only one task at a time.",
  40100: "You are not authorized to access this resource...",
  40200: "Payment Required.",
  40202: "The rate-limit per minute has been exceeded.",
  40203:
    "The cost limit has been exceeded. The daily cost limit you set has been reached; it resets at 00:00 UTC.",
  40209: "Too many simultaneous requests.",
  40210: "Insufficient funds. Please top up your account balance.",
  40400: "Not Found.",
  40402: "Invalid Path.",
  40502: "POST Data Is Empty.",
  40503: "POST Data Is Invalid.",
  50000: "Internal Error.",
  50401: "Internal Error - Timeout.",
} as const);

/** One `tasks[]` entry. */
export interface TaskEnvelope {
  id: string;
  status_code: number;
  status_message: string;
  time: string;
  cost: number;
  result_count: number;
  path: readonly string[];
  data: Record<string, unknown>;
  result: unknown[] | null;
}

/** The whole response body. */
export interface ResponseEnvelope {
  version: string;
  status_code: number;
  status_message: string;
  time: string;
  cost: number;
  tasks_count: number;
  tasks_error: number;
  tasks: TaskEnvelope[] | null;
}

/** `"0.1.YYYYMMDD"` for the given day, like the API's release-dated version string. */
export function apiVersion(date: Date = new Date()): string {
  return `0.1.${date.toISOString().slice(0, 10).replaceAll("-", "")}`;
}

/** `"0.0549 sec."` */
export function formatTime(ms: number): string {
  return `${(Math.max(0, ms) / 1000).toFixed(4)} sec.`;
}

/** `data` of a task: the posted task echoed, after `api`/`function` as the API puts them. */
export function echoData(task: unknown, api: string, fn: string): Record<string, unknown> {
  const head = { api, function: fn };
  if (typeof task !== "object" || task === null || Array.isArray(task)) return head;
  return { ...head, ...(task as Record<string, unknown>) };
}

/** A task entry; `result` `null` means a task error (then `cost` is 0, `result_count` 0). */
export function taskEnvelope(fields: {
  statusCode: number;
  statusMessage: string;
  timeMs: number;
  cost: number;
  path: readonly string[];
  data: Record<string, unknown>;
  result: unknown[] | null;
  now?: Date;
}): TaskEnvelope {
  return {
    id: taskId(fields.now),
    status_code: fields.statusCode,
    status_message: fields.statusMessage,
    time: formatTime(fields.timeMs),
    cost: fields.cost,
    result_count: fields.result === null ? 0 : fields.result.length,
    path: fields.path,
    data: fields.data,
    result: fields.result,
  };
}

/**
 * The envelope around `tasks`; `cost` is their sum and `tasks_error` counts tasks whose status is
 * not 20000. `tasks: null` for request-level failures (401, 40202 …), as observed.
 */
export function responseEnvelope(fields: {
  version: string;
  statusCode: number;
  statusMessage: string;
  timeMs: number;
  tasks: TaskEnvelope[] | null;
}): ResponseEnvelope {
  const tasks = fields.tasks;
  let cost = 0;
  let errors = 0;
  if (tasks) {
    for (const t of tasks) {
      cost += t.cost;
      if (t.status_code !== 20000) errors++;
    }
  }
  return {
    version: fields.version,
    status_code: fields.statusCode,
    status_message: fields.statusMessage,
    time: formatTime(fields.timeMs),
    // Re-round: the sum of decimal costs must print like a decimal (0.02015, not 0.020150000000000001).
    cost: Math.round(cost * 1e8) / 1e8,
    tasks_count: tasks ? tasks.length : 0,
    tasks_error: errors,
    tasks,
  };
}
