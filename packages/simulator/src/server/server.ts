import { setMaxListeners } from "node:events";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { SimulatorError } from "../errors.js";
import type { ResolvedOptions } from "../options.js";
import type { SimulatorStats } from "../stats.js";
import { createContext, type ServerContext } from "./context.js";
import type { SimulatorEngine } from "./engine-port.js";
import { envelopeOutgoing, recordEnvelope, requestLevelEnvelope } from "./respond.js";
import { route } from "./routes.js";
import { send } from "./send.js";

/** A listening HTTP server over an engine. */
export interface SimulatorServer {
  /** `http://host:port`, with the real port when 0 was asked. */
  readonly url: string;
  stats(): SimulatorStats;
  /** Stop listening, cut keep-alive and in-flight connections, cancel pending delays. */
  close(): Promise<void>;
}

/** How long an idle keep-alive connection stays open: longer than any client pause in a walk. */
const KEEP_ALIVE_MS = 30_000;

/** Listen on `options.host`/`options.port` and serve the API over `engine`. */
export async function listen(options: ResolvedOptions, engine: SimulatorEngine): Promise<SimulatorServer> {
  const closing = new AbortController();
  // Every delayed response listens on this one signal; their number is bounded by the concurrency gate.
  setMaxListeners(0, closing.signal);
  const ctx = createContext(options, engine, closing.signal);
  const server = createServer({ keepAliveTimeout: KEEP_ALIVE_MS }, (req, res) => {
    route(ctx, req, res).catch((error: unknown) => onHandlerError(ctx, req, res, error));
  });
  await new Promise<void>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) =>
      reject(
        new SimulatorError(
          "ERR_SIM_LISTEN",
          `cannot listen on ${options.host}:${options.port}: ${error.code ?? error.message}`,
          {
            cause: error,
          },
        ),
      );
    server.once("error", onError);
    server.listen(options.port, options.host, () => {
      server.off("error", onError);
      resolve();
    });
  });
  const url = urlOf(server);
  let closed: Promise<void> | undefined;
  return {
    url,
    stats: () => ctx.stats.snapshot(ctx.gate.maxSeen),
    close() {
      closed ??= new Promise<void>((resolve, reject) => {
        closing.abort();
        ctx.prefetch.close();
        ctx.pages.clear();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
      return closed;
    },
  };
}

function urlOf(server: Server): string {
  const address = server.address() as AddressInfo;
  const host =
    address.address === "0.0.0.0" || address.address === "::"
      ? "127.0.0.1"
      : address.family === "IPv6"
        ? `[${address.address}]`
        : address.address;
  return `http://${host}:${address.port}`;
}

/**
 * A handler failed: after `close()` just drop the socket; otherwise answer the API's own 500
 * (50000) if nothing was written yet, else cut the connection (the client sees a reset).
 */
function onHandlerError(ctx: ServerContext, req: IncomingMessage, res: ServerResponse, error: unknown): void {
  // Closing, or the client went away (aborted upload, reset): nobody to answer, nothing to report.
  if (ctx.signal.aborted || res.headersSent || res.destroyed || req.destroyed) {
    res.destroy();
    return;
  }
  process.emitWarning(`backlinks-simulator: request failed: ${(error as Error)?.message ?? String(error)}`);
  const meta = { startedAt: performance.now(), gzip: false, headers: {} };
  const envelope = requestLevelEnvelope(ctx, 50000, meta);
  recordEnvelope(ctx.stats, 500, envelope);
  send(res, envelopeOutgoing(500, envelope, meta)).catch(() => res.destroy());
}
