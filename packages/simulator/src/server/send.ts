import type { OutgoingHttpHeaders, ServerResponse } from "node:http";
import { pipeline } from "node:stream/promises";
import { gzipBody, gzipStream } from "./gzip.js";

/** A response ready to go: status, extra headers and the body text. */
export interface Outgoing {
  readonly status: number;
  readonly body: string;
  readonly contentType: string;
  /** Extra headers (`X-RateLimit-*`, `Allow` …). */
  readonly headers?: OutgoingHttpHeaders;
  /** Compress with gzip (the client asked for it). */
  readonly gzip: boolean;
}

/** A response with its final bytes and headers, before anything is written. */
export interface PreparedResponse {
  readonly status: number;
  readonly headers: OutgoingHttpHeaders;
  readonly bytes: Buffer;
}

export const JSON_CONTENT_TYPE = "application/json; charset=utf-8";

/**
 * Encode (and gzip when asked) the body once; the length is then known, so the response has a
 * `Content-Length` and keep-alive clients need no chunked framing.
 */
export async function prepare(out: Outgoing): Promise<PreparedResponse> {
  const plain = Buffer.from(out.body, "utf8");
  const bytes = out.gzip ? await gzipBody(plain) : plain;
  const headers: OutgoingHttpHeaders = {
    ...out.headers,
    "content-type": out.contentType,
    "content-length": bytes.length,
    vary: "Accept-Encoding",
  };
  if (out.gzip) headers["content-encoding"] = "gzip";
  return { status: out.status, headers, bytes };
}

/** Write a prepared response in one go (one write of the whole page). */
export function writePrepared(res: ServerResponse, prepared: PreparedResponse): void {
  if (res.destroyed) return;
  res.writeHead(prepared.status, prepared.headers);
  res.end(prepared.bytes);
}

/**
 * Send a response. Plain: encoded once and written in one go with a `Content-Length`. Gzipped:
 * streamed through the compressor to the socket (chunked), so the first compressed bytes leave
 * while the rest is still being compressed and no compressed copy of the page is held.
 */
export async function send(res: ServerResponse, out: Outgoing): Promise<void> {
  if (!out.gzip) {
    writePrepared(res, await prepare(out));
    return;
  }
  if (res.destroyed) return;
  res.writeHead(out.status, {
    ...out.headers,
    "content-type": out.contentType,
    "content-encoding": "gzip",
    vary: "Accept-Encoding",
  });
  const gz = gzipStream();
  const done = pipeline(gz, res);
  gz.end(Buffer.from(out.body, "utf8"));
  try {
    await done;
  } catch {
    // The client went away mid-body; the socket is gone, nothing more to do.
  }
}
