import type { IncomingMessage, ServerResponse } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { deliverWithFault, httpFault } from "../faults/apply.js";
import type { FaultKind } from "../faults/kinds.js";
import { toUsd } from "../limits/account.js";
import { parseTasks, readBody } from "./body.js";
import type { ServerContext } from "./context.js";
import { isTaskError } from "./engine-port.js";
import { echoData, LIVE_PATH, responseEnvelope, type TaskEnvelope, taskEnvelope } from "./envelope.js";
import { latencyMs } from "./latency.js";
import { executeJson } from "./prefetch.js";
import {
  envelopeOutgoing,
  messageOf,
  RESULT_SLOT,
  type ReplyMeta,
  recordEnvelope,
  replyRequestError,
  requestLevelEnvelope,
} from "./respond.js";
import { send } from "./send.js";

/**
 * `POST /v3/backlinks/backlinks/live` after auth and rate/concurrency admission: faults, account
 * checks, body rules, one executed task (extra tasks → 40000), latency, then the page.
 */
export async function handleLive(
  ctx: ServerContext,
  req: IncomingMessage,
  res: ServerResponse,
  meta: ReplyMeta,
): Promise<void> {
  const n = ++ctx.liveRequests;
  const fault = ctx.plan.enabled ? ctx.plan.decide(n) : null;

  if (fault === "http500" || fault === "http502" || fault === "http503") {
    req.resume();
    ctx.stats.fault(fault);
    ctx.stats.httpStatus(Number(fault.slice(4)));
    if (fault === "http500") ctx.stats.statusCode(50000); // the only one of the three with a JSON envelope
    const json500 = JSON.stringify(requestLevelEnvelope(ctx, 50000, meta));
    const page = httpFault(fault, json500);
    await send(res, { ...page, headers: meta.headers, gzip: meta.gzip && fault === "http500" });
    return;
  }
  if (fault === "rateLimit40202") {
    req.resume();
    ctx.stats.fault(fault);
    await replyRequestError(ctx, res, 200, 40202, meta);
    return;
  }

  const refusal = ctx.account.refusal();
  if (refusal !== null) {
    req.resume();
    ctx.stats.refusal(refusal);
    // [INF] an empty balance is the documented HTTP 402 / 40200; a daily limit is account policy → 40203 at HTTP 200.
    if (refusal === "balance") await replyRequestError(ctx, res, 402, 40200, meta);
    else await replyRequestError(ctx, res, 200, 40203, meta);
    return;
  }

  const body = await readBody(req);
  const parsed = body.ok ? parseTasks(body.text) : ({ ok: false, statusCode: 40503 } as const);
  if (!parsed.ok) {
    await replyRequestError(ctx, res, 200, parsed.statusCode, meta);
    return;
  }

  const [first, ...extra] = parsed.tasks;
  const run = runFirstTask(ctx, first, fault);
  const tasks: TaskEnvelope[] = [run.envelope];
  for (const task of extra) tasks.push(taskError(40000, messageOf(40000), 0, task));

  const items = run.itemsCount;
  const delay = latencyMs(ctx.options.latency, ctx.options.seed, n, items);
  const envelope = responseEnvelope({
    version: ctx.version,
    statusCode: 20000,
    statusMessage: messageOf(20000),
    timeMs: performance.now() - meta.startedAt + delay,
    tasks,
  });
  recordEnvelope(ctx.stats, 200, envelope);
  const out = envelopeOutgoing(200, envelope, meta, undefined, run.resultJson);
  if (delay > 0) await sleep(delay, undefined, { signal: ctx.signal });

  if (fault === "resetMidBody" || fault === "truncatedJson" || fault === "slowBody") {
    ctx.stats.fault(fault);
    await deliverWithFault(res, fault, out, {
      slowBodyMs: ctx.options.faults.slowBodyMs,
      signal: ctx.signal,
    });
    return;
  }
  const { resultJson } = run;
  // Plain bodies are written as they are: once `finish` says the OS has every byte, the page's
  // buffer is free for the next page. (gzip may still be reading it; left to the GC.)
  if (resultJson !== undefined && !meta.gzip) res.once("finish", () => ctx.pages.release(resultJson));
  if (run.token !== null) {
    const { token } = run;
    // Once the page is with the OS, use the time the client spends on it to prepare the next one.
    res.once("finish", () => ctx.prefetch.ahead(first, items, token));
  }
  await send(res, out);
}

/** The first task's answer; `resultJson` set when it succeeded: `result[0]` as JSON bytes. */
interface FirstTask {
  readonly envelope: TaskEnvelope;
  readonly itemsCount: number;
  /** The page's `search_after_token` on success, else `null`. */
  readonly token: string | null;
  readonly resultJson: Buffer | undefined;
}

/** Execute (or fail by injection) the first task, then bill it. */
function runFirstTask(ctx: ServerContext, task: unknown, fault: FaultKind | null): FirstTask {
  const started = performance.now();
  const failed = (envelope: TaskEnvelope): FirstTask => ({
    envelope,
    itemsCount: 0,
    token: null,
    resultJson: undefined,
  });
  if (fault === "status50000" || fault === "status50401") {
    ctx.stats.fault(fault);
    const code = fault === "status50000" ? 50000 : 50401;
    return failed(taskError(code, messageOf(code), 0, task));
  }
  if (fault === "expiredToken" && hasToken(task)) {
    // [INF] real token expiry is undocumented (api-notes §4); we answer it like any invalid field.
    ctx.stats.fault(fault);
    return failed(taskError(40501, "Invalid Field: 'search_after_token'.", 0, task));
  }
  // The page is JSON bytes either way (computed ahead, or now), spliced in at RESULT_SLOT.
  let page = ctx.prefetch.take(task);
  if (page === undefined) {
    try {
      page = executeJson(ctx.engine, task, ctx.pages);
    } catch (error) {
      const ms = performance.now() - started;
      if (isTaskError(error)) return failed(taskError(error.statusCode, error.statusMessage, ms, task));
      // An engine bug must not take the server down; the client sees the API's own internal error.
      process.emitWarning(
        `backlinks-simulator: engine failed: ${(error as Error)?.message ?? String(error)}`,
      );
      return failed(taskError(50000, messageOf(50000), ms, task));
    }
  }
  const { itemsCount, token, json: resultJson } = page;
  const units = ctx.perRequestUnits + ctx.perItemUnits * itemsCount;
  if (!ctx.account.canAfford(units)) {
    ctx.stats.refusal("balance");
    return failed(taskError(40210, messageOf(40210), performance.now() - started, task));
  }
  ctx.account.charge(units);
  ctx.stats.costUnits += units;
  const envelope = taskEnvelope({
    statusCode: 20000,
    statusMessage: messageOf(20000),
    timeMs: performance.now() - started,
    cost: toUsd(units),
    path: LIVE_PATH,
    data: echoData(task, "backlinks", "backlinks"),
    result: [RESULT_SLOT],
  });
  return { envelope, itemsCount, token, resultJson };
}

/** A failed task: `result: null`, `cost: 0` (api-notes §3.2, rejected tasks are not billed). */
function taskError(statusCode: number, statusMessage: string, timeMs: number, task: unknown): TaskEnvelope {
  return taskEnvelope({
    statusCode,
    statusMessage,
    timeMs,
    cost: 0,
    path: LIVE_PATH,
    data: echoData(task, "backlinks", "backlinks"),
    result: null,
  });
}

function hasToken(task: unknown): boolean {
  return (
    typeof task === "object" &&
    task !== null &&
    typeof (task as { search_after_token?: unknown }).search_after_token === "string"
  );
}
