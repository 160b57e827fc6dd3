import { randomBytes } from "node:crypto";
import type { OutgoingHttpHeaders, ServerResponse } from "node:http";
import type { StatsRecorder } from "../stats.js";
import type { ServerContext } from "./context.js";
import { type ResponseEnvelope, responseEnvelope, STATUS_MESSAGES } from "./envelope.js";
import { JSON_CONTENT_TYPE, type Outgoing, send } from "./send.js";

/** Per-request facts every reply needs. */
export interface ReplyMeta {
  /** `performance.now()` when the request arrived (for `time`). */
  readonly startedAt: number;
  readonly gzip: boolean;
  /** Extra headers, e.g. `X-RateLimit-*`. */
  readonly headers: OutgoingHttpHeaders;
}

/** Count an envelope's codes: request-level ones other than 20000, and each task's. */
export function recordEnvelope(stats: StatsRecorder, httpStatus: number, envelope: ResponseEnvelope): void {
  stats.httpStatus(httpStatus);
  if (envelope.status_code !== 20000) stats.statusCode(envelope.status_code);
  if (envelope.tasks) for (const task of envelope.tasks) stats.statusCode(task.status_code);
}

/**
 * Stands in `tasks[0].result[0]` when that result is already JSON text (a prefetched page): the
 * envelope is serialised around it and the text spliced in, so a page is never serialised twice.
 * Random per process, so no posted task (echoed in `data`) can contain it.
 */
export const RESULT_SLOT = `\u0000result-slot:${randomBytes(8).toString("hex")}`;
const RESULT_SLOT_JSON = JSON.stringify(RESULT_SLOT);

/** The envelope as JSON text, with `resultJson` in place of {@link RESULT_SLOT} when given. */
export function serializeEnvelope(envelope: ResponseEnvelope, resultJson?: string): string {
  const json = JSON.stringify(envelope);
  if (resultJson === undefined) return json;
  const at = json.indexOf(RESULT_SLOT_JSON);
  return json.slice(0, at) + resultJson + json.slice(at + RESULT_SLOT_JSON.length);
}

/**
 * The envelope as UTF-8 chunks around `result` (JSON bytes) in place of {@link RESULT_SLOT}: the
 * page's megabyte is written to the socket as it is, never copied into a string.
 */
export function envelopeChunks(envelope: ResponseEnvelope, result: Buffer): readonly Buffer[] {
  const json = JSON.stringify(envelope);
  const at = json.indexOf(RESULT_SLOT_JSON);
  return [
    Buffer.from(json.slice(0, at), "utf8"),
    result,
    Buffer.from(json.slice(at + RESULT_SLOT_JSON.length), "utf8"),
  ];
}

/** The envelope as an outgoing JSON response; `result` (JSON bytes) stands in RESULT_SLOT when given. */
export function envelopeOutgoing(
  httpStatus: number,
  envelope: ResponseEnvelope,
  meta: ReplyMeta,
  extraHeaders?: OutgoingHttpHeaders,
  result?: Buffer,
): Outgoing {
  return {
    status: httpStatus,
    body: result === undefined ? JSON.stringify(envelope) : envelopeChunks(envelope, result),
    contentType: JSON_CONTENT_TYPE,
    headers: extraHeaders ? { ...meta.headers, ...extraHeaders } : meta.headers,
    gzip: meta.gzip,
  };
}

/** A request-level envelope with `tasks: null` (401, 40202, 40503 …). */
export function requestLevelEnvelope(
  ctx: ServerContext,
  statusCode: number,
  meta: ReplyMeta,
  statusMessage?: string,
): ResponseEnvelope {
  return responseEnvelope({
    version: ctx.version,
    statusCode,
    statusMessage: statusMessage ?? messageOf(statusCode),
    timeMs: performance.now() - meta.startedAt,
    tasks: null,
  });
}

/** Send a request-level error and count it. */
export async function replyRequestError(
  ctx: ServerContext,
  res: ServerResponse,
  httpStatus: number,
  statusCode: number,
  meta: ReplyMeta,
  extra?: { statusMessage?: string; headers?: OutgoingHttpHeaders },
): Promise<void> {
  const envelope = requestLevelEnvelope(ctx, statusCode, meta, extra?.statusMessage);
  recordEnvelope(ctx.stats, httpStatus, envelope);
  await send(res, envelopeOutgoing(httpStatus, envelope, meta, extra?.headers));
}

/** The documented message of a status code the simulator sends. */
export function messageOf(statusCode: number): string {
  return (STATUS_MESSAGES as Record<number, string>)[statusCode] ?? "Internal Error.";
}
