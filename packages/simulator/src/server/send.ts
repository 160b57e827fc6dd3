import type { OutgoingHttpHeaders, ServerResponse } from "node:http";
import { pipeline } from "node:stream/promises";
import { gzipBody, gzipStream } from "./gzip.js";

/** A response ready to go: status, extra headers and the body (text, or UTF-8 chunks in order). */
export interface Outgoing {
  readonly status: number;
  readonly body: string | readonly Buffer[];
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
  const plain = typeof out.body === "string" ? Buffer.from(out.body, "utf8") : Buffer.concat(out.body);
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

/** The body as text (for faults that cut it by characters). */
export function bodyText(out: Outgoing): string {
  return typeof out.body === "string" ? out.body : Buffer.concat(out.body).toString("utf8");
}

/** Write a prepared response in one go (one write of the whole page). */
export function writePrepared(res: ServerResponse, prepared: PreparedResponse): void {
  if (res.destroyed) return;
  res.writeHead(prepared.status, prepared.headers);
  res.end(prepared.bytes);
}

/**
 * Send a response. Plain: written with a `Content-Length` — text encoded once, chunks (a page
 * spliced into its envelope) written as they are in one corked burst, never joined. Gzipped:
 * streamed through the compressor to the socket (chunked), so the first compressed bytes leave
 * while the rest is still being compressed and no compressed copy of the page is held.
 */
export async function send(res: ServerResponse, out: Outgoing): Promise<void> {
  const chunks = typeof out.body === "string" ? [Buffer.from(out.body, "utf8")] : out.body;
  if (res.destroyed) return;
  if (!out.gzip) {
    let length = 0;
    for (const chunk of chunks) length += chunk.length;
    res.writeHead(out.status, {
      ...out.headers,
      "content-type": out.contentType,
      "content-length": length,
      vary: "Accept-Encoding",
    });
    res.cork();
    for (const chunk of chunks) res.write(chunk);
    res.end();
    return;
  }
  res.writeHead(out.status, {
    ...out.headers,
    "content-type": out.contentType,
    "content-encoding": "gzip",
    vary: "Accept-Encoding",
  });
  const gz = gzipStream();
  const done = pipeline(gz, res);
  for (const chunk of chunks) gz.write(chunk);
  gz.end();
  try {
    await done;
  } catch {
    // The client went away mid-body; the socket is gone, nothing more to do.
  }
}
