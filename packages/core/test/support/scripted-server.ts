/**
 * A small scripted backlinks/live server for core's tests, on 127.0.0.1 port 0 over real HTTP.
 * Core may not depend on @backlinks/simulator (the simulator depends on core), so this is the
 * minimum the client and paginator need: Basic auth, offset/token paging over deterministic rows,
 * gzip, and faults injected per request from a queue or a function. It records every request
 * (arrival time, task, headers) and the maximum number of requests in flight.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { performance } from "node:perf_hooks";
import { gzipSync } from "node:zlib";
import { pageFor } from "./paging.js";
import { makeRow } from "./rows.js";

/** What the server does instead of (or on top of) a normal answer. */
export type Fault =
  | {
      readonly kind: "http";
      readonly status: number;
      readonly body?: string;
      readonly headers?: Record<string, string>;
    }
  | {
      readonly kind: "api";
      readonly statusCode: number;
      readonly level: "request" | "task";
      readonly cost?: number;
      readonly headers?: Record<string, string>;
    }
  /** Headers and half the body, then the socket is destroyed. */
  | { readonly kind: "reset" }
  /** A complete HTTP response whose JSON body is cut in half. */
  | { readonly kind: "truncate" }
  /** A complete HTTP response whose gzip body is cut in half. */
  | { readonly kind: "truncateGzip" }
  /** Headers and half the body, then silence (the socket stays open). */
  | { readonly kind: "stall" }
  /** Never answers; the socket closes when the client aborts. */
  | { readonly kind: "hang" }
  /** Answers normally after a delay. */
  | { readonly kind: "delay"; readonly ms: number }
  /** Answers normally but hands back the token it was sent (or a fixed one on page 1). */
  | { readonly kind: "repeatToken" };

/** One recorded request. */
export interface LoggedRequest {
  readonly n: number;
  /** `performance.now()` when the request's headers arrived. */
  readonly at: number;
  readonly task: Record<string, unknown> | null;
  readonly headers: IncomingMessage["headers"];
}

/** Server options. */
export interface ScriptedServerOptions {
  readonly login?: string;
  readonly password?: string;
  /** Rows per target; unknown targets have 0 rows. */
  readonly rows?: Record<string, number>;
  /** Answer with gzip when the client accepts it. Default true. */
  readonly gzip?: boolean;
  /** Delay of every normal answer, ms. Default 0. */
  readonly latencyMs?: number;
  /** Fault for request n (1-based), consulted when the queue is empty. */
  readonly faultFor?: (n: number, task: Record<string, unknown> | null) => Fault | undefined;
}

/** A running scripted server. */
export interface ScriptedServer {
  readonly url: string;
  readonly login: string;
  readonly password: string;
  readonly log: LoggedRequest[];
  /** Requests answered with gzip. */
  readonly gzipped: () => number;
  readonly maxInFlight: () => number;
  /** TCP connections accepted so far. */
  readonly connections: () => number;
  /** Queue faults for the next requests, in order. */
  script(...faults: Fault[]): void;
  /** Rows of the whole chain for a target (what a full walk must return). */
  rows(target: string): Record<string, unknown>[];
  close(): Promise<void>;
}

/** Start the server on 127.0.0.1, port 0. */
export async function startScriptedServer(options: ScriptedServerOptions = {}): Promise<ScriptedServer> {
  const login = options.login ?? "test-login";
  const password = options.password ?? "s3cret-PASSWORD-do-not-print";
  const expectedAuth = `Basic ${Buffer.from(`${login}:${password}`).toString("base64")}`;
  const totals = options.rows ?? {};
  const queue: Fault[] = [];
  const log: LoggedRequest[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  let gzipped = 0;
  let n = 0;

  const send = (req: IncomingMessage, res: ServerResponse, status: number, json: unknown, headers = {}) => {
    let body = Buffer.from(JSON.stringify(json));
    const h: Record<string, string | number> = { "content-type": "application/json", ...headers };
    if ((options.gzip ?? true) && /\bgzip\b/.test(String(req.headers["accept-encoding"] ?? ""))) {
      body = gzipSync(body);
      h["content-encoding"] = "gzip";
      gzipped++;
    }
    h["content-length"] = body.length;
    res.writeHead(status, h);
    res.end(body);
  };

  const envelope = (statusCode: number, message: string, cost: number, tasks: unknown[] | null) => ({
    version: "0.1.test",
    status_code: statusCode,
    status_message: message,
    time: "0.0001 sec.",
    cost,
    tasks_count: tasks?.length ?? 0,
    tasks_error: tasks ? tasks.filter((t) => (t as { status_code: number }).status_code !== 20000).length : 0,
    tasks,
  });

  const taskEnvelope = (
    statusCode: number,
    message: string,
    cost: number,
    data: unknown,
    result: unknown,
  ) => ({
    id: `11281300-0000-0000-0000-${String(n).padStart(12, "0")}`,
    status_code: statusCode,
    status_message: message,
    time: "0.0001 sec.",
    cost,
    result_count: result ? 1 : 0,
    path: ["v3", "backlinks", "backlinks", "live"],
    data,
    result,
  });

  const handle = async (req: IncomingMessage, res: ServerResponse, raw: string, at: number) => {
    n++;
    let task: Record<string, unknown> | null = null;
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
      if (Array.isArray(parsed) && parsed.length === 1 && typeof parsed[0] === "object") task = parsed[0];
    } catch {
      parsed = undefined;
    }
    log.push({ n, at, task, headers: req.headers });
    if (req.headers.authorization !== expectedAuth) {
      send(req, res, 401, envelope(40100, "You are not authorized to access this resource.", 0, null));
      return;
    }
    const fault = queue.shift() ?? options.faultFor?.(n, task);
    if (fault?.kind === "delay") await new Promise((r) => setTimeout(r, fault.ms));
    if (options.latencyMs) await new Promise((r) => setTimeout(r, options.latencyMs));
    if (fault?.kind === "hang") return;
    if (fault?.kind === "http") {
      res.writeHead(fault.status, { "content-type": "text/plain", ...fault.headers });
      res.end(fault.body ?? `status ${fault.status}`);
      return;
    }
    if (fault?.kind === "api" && fault.level === "request") {
      send(
        req,
        res,
        200,
        envelope(fault.statusCode, `scripted ${fault.statusCode}`, fault.cost ?? 0, null),
        fault.headers,
      );
      return;
    }
    if (!task) {
      send(req, res, 200, envelope(40503, "POST Data Is Invalid.", 0, null));
      return;
    }
    const data = { api: "backlinks", function: "backlinks", ...task };
    if (fault?.kind === "api") {
      const t = taskEnvelope(fault.statusCode, `scripted ${fault.statusCode}`, fault.cost ?? 0, data, null);
      send(req, res, 200, envelope(20000, "Ok.", fault.cost ?? 0, [t]), fault.headers);
      return;
    }
    const p = pageFor(task, totals, fault?.kind === "repeatToken");
    if ("error" in p) {
      const t = taskEnvelope(40501, p.error, 0, data, null);
      send(req, res, 200, envelope(20000, "Ok.", 0, [t]));
      return;
    }
    const body = envelope(20000, "Ok.", p.cost, [taskEnvelope(20000, "Ok.", p.cost, data, [p.result])]);
    if (fault?.kind === "truncateGzip") {
      const gz = gzipSync(Buffer.from(JSON.stringify(body)));
      const half = gz.subarray(0, Math.floor(gz.length / 2));
      res.writeHead(200, {
        "content-type": "application/json",
        "content-encoding": "gzip",
        "content-length": half.length,
      });
      res.end(half);
      return;
    }
    if (fault?.kind === "reset" || fault?.kind === "truncate" || fault?.kind === "stall") {
      const text = Buffer.from(JSON.stringify(body));
      const half = text.subarray(0, Math.floor(text.length / 2));
      if (fault.kind === "truncate") {
        res.writeHead(200, { "content-type": "application/json", "content-length": half.length });
        res.end(half);
      } else {
        res.writeHead(200, { "content-type": "application/json", "content-length": text.length });
        res.write(half, () => {
          if (fault.kind === "reset") res.socket?.destroy();
        });
      }
      return;
    }
    send(req, res, 200, body);
  };

  const server: Server = createServer((req, res) => {
    const at = performance.now();
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    let done = false;
    const finish = () => {
      if (!done) {
        done = true;
        inFlight--;
      }
    };
    res.on("close", finish);
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      handle(req, res, Buffer.concat(chunks).toString("utf8"), at).catch((e) => {
        res.destroy(e as Error);
      });
    });
  });
  let connections = 0;
  server.on("connection", () => connections++);
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    login,
    password,
    log,
    gzipped: () => gzipped,
    maxInFlight: () => maxInFlight,
    connections: () => connections,
    script: (...faults) => queue.push(...faults),
    rows: (target) => Array.from({ length: totals[target] ?? 0 }, (_, i) => makeRow(target, i)),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}
