import type { ServerResponse } from "node:http";
import { FILTER_FIELDS } from "@backlinks/core";
import type { ServerContext } from "./context.js";
import { echoData, responseEnvelope, taskEnvelope } from "./envelope.js";
import { envelopeOutgoing, messageOf, type ReplyMeta, recordEnvelope } from "./respond.js";
import { send } from "./send.js";

/**
 * `GET /v3/backlinks/available_filters` (free): `result[0].backlinks` maps each filterable field
 * of this endpoint to its type, from core's catalogue, so client and simulator agree by construction.
 * [INF] the real response also lists the sibling endpoints; only `backlinks` is served.
 */
export async function handleAvailableFilters(
  ctx: ServerContext,
  res: ServerResponse,
  meta: ReplyMeta,
): Promise<void> {
  await replyFree(
    ctx,
    res,
    meta,
    ["v3", "backlinks", "available_filters"],
    "backlinks",
    "available_filters",
    {
      backlinks: FILTER_FIELDS,
    },
  );
}

/**
 * `GET /v3/appendix/user_data` (free): what clients call to check credentials. [INF] a reduced
 * shape of the real answer: login, timezone, the per-minute and simultaneous limits and their
 * use, balance and the daily cost limit. The password never appears.
 */
export async function handleUserData(
  ctx: ServerContext,
  res: ServerResponse,
  meta: ReplyMeta,
): Promise<void> {
  const { limits, credentials } = ctx.options;
  await replyFree(ctx, res, meta, ["v3", "appendix", "user_data"], "appendix", "user_data", {
    login: credentials.login,
    timezone: "UTC",
    rates: {
      limits: { minute: { total: limits.requestsPerMinute }, simultaneous: { total: limits.maxConcurrent } },
      statistics: {
        minute: { total: ctx.limiter?.used() ?? null },
        simultaneous: { total: ctx.gate.inFlight },
      },
    },
    money: {
      balance: ctx.account.balance,
      limits: { day: { total: limits.dailyCostLimit } },
      statistics: { day: { total: ctx.account.spentToday } },
    },
  });
}

async function replyFree(
  ctx: ServerContext,
  res: ServerResponse,
  meta: ReplyMeta,
  path: readonly string[],
  api: string,
  fn: string,
  result: Record<string, unknown>,
): Promise<void> {
  const task = taskEnvelope({
    statusCode: 20000,
    statusMessage: messageOf(20000),
    timeMs: performance.now() - meta.startedAt,
    cost: 0,
    path,
    data: echoData(undefined, api, fn),
    result: [result],
  });
  const envelope = responseEnvelope({
    version: ctx.version,
    statusCode: 20000,
    statusMessage: messageOf(20000),
    timeMs: performance.now() - meta.startedAt,
    tasks: [task],
  });
  recordEnvelope(ctx.stats, 200, envelope);
  await send(res, envelopeOutgoing(200, envelope, meta));
}
