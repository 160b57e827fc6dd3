import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from "node:http";
import type { ServerContext } from "./context.js";
import { handleAvailableFilters, handleUserData } from "./free.js";
import { acceptsGzip } from "./gzip.js";
import { handleLive } from "./live.js";
import { type ReplyMeta, replyRequestError } from "./respond.js";

type Handler = (
  ctx: ServerContext,
  req: IncomingMessage,
  res: ServerResponse,
  meta: ReplyMeta,
) => Promise<void>;

interface Endpoint {
  readonly method: "GET" | "POST";
  readonly handler: Handler;
}

/** The served endpoints: path → method and handler. */
const ROUTES: ReadonlyMap<string, Endpoint> = new Map<string, Endpoint>([
  ["/v3/backlinks/backlinks/live", { method: "POST", handler: handleLive }],
  [
    "/v3/backlinks/available_filters",
    { method: "GET", handler: (ctx, _req, res, meta) => handleAvailableFilters(ctx, res, meta) },
  ],
  [
    "/v3/appendix/user_data",
    { method: "GET", handler: (ctx, _req, res, meta) => handleUserData(ctx, res, meta) },
  ],
]);

/**
 * Route one request: unknown path → HTTP 404/40400 and wrong method → HTTP 405/40402 (both before
 * auth, like a path router in front of the API); then Basic auth (401/40100), the concurrency gate
 * (40209), the per-minute window (40202), then the endpoint.
 */
export async function route(ctx: ServerContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  ctx.stats.requests++;
  const startedAt = performance.now();
  const url = req.url ?? "/";
  const q = url.indexOf("?");
  const path = q < 0 ? url : url.slice(0, q);
  const meta: { startedAt: number; gzip: boolean; headers: OutgoingHttpHeaders } = {
    startedAt,
    gzip: acceptsGzip(req.headers["accept-encoding"]),
    headers: {},
  };
  const endpoint = ROUTES.get(path.length > 1 && path.endsWith("/") ? path.slice(0, -1) : path);
  if (endpoint === undefined) {
    req.resume();
    return replyRequestError(ctx, res, 404, 40400, meta);
  }
  if (req.method !== endpoint.method) {
    req.resume();
    // [INF] the API documents no answer for a wrong method; 405 + Allow is what HTTP prescribes.
    return replyRequestError(ctx, res, 405, 40402, meta, {
      statusMessage: `Invalid Path. ${path} accepts ${endpoint.method} only.`,
      headers: { allow: endpoint.method },
    });
  }
  if (!ctx.checkAuth(req.headers.authorization)) {
    req.resume();
    return replyRequestError(ctx, res, 401, 40100, meta, {
      headers: { "www-authenticate": 'Basic realm="DataForSEO API simulator"' },
    });
  }

  const admitted = ctx.gate.enter();
  res.once("close", () => ctx.gate.leave());
  const limiter = ctx.limiter;
  if (!admitted) {
    req.resume();
    ctx.stats.refusal("concurrency");
    return replyRequestError(ctx, res, 200, 40209, meta);
  }
  if (limiter !== null) {
    const accepted = limiter.tryAcquire();
    meta.headers["x-ratelimit-limit"] = limiter.limit;
    meta.headers["x-ratelimit-remaining"] = accepted ? limiter.remaining() : 0;
    if (!accepted) {
      req.resume();
      ctx.stats.refusal("rateLimit");
      return replyRequestError(ctx, res, 200, 40202, meta);
    }
  }
  return endpoint.handler(ctx, req, res, meta);
}
