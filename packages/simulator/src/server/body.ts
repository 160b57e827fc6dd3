import type { IncomingMessage } from "node:http";
import { promisify } from "node:util";
import { gunzip } from "node:zlib";

const gunzipAsync = promisify(gunzip);

/** Largest request body read: a task is a few hundred bytes; 1 MiB leaves room for long filters. */
export const MAX_BODY_BYTES = 1024 * 1024;

/** The request body as text, or why it could not be read (both become 40503). */
export type BodyResult = { ok: true; text: string } | { ok: false; reason: "tooLarge" | "badEncoding" };

/** Read the whole request body (tasks are small), gunzipping it when the client sent it gzipped. */
export async function readBody(req: IncomingMessage): Promise<BodyResult> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) {
      req.resume();
      return { ok: false, reason: "tooLarge" };
    }
    chunks.push(chunk as Buffer);
  }
  let bytes = Buffer.concat(chunks, size);
  if ((req.headers["content-encoding"] ?? "").toLowerCase() === "gzip") {
    try {
      bytes = await gunzipAsync(bytes);
    } catch {
      return { ok: false, reason: "badEncoding" };
    }
  }
  return { ok: true, text: bytes.toString("utf8") };
}

/** Parsed POST data: the task array, or the request-level code it earns. */
export type ParsedTasks = { ok: true; tasks: unknown[] } | { ok: false; statusCode: 40502 | 40503 };

/**
 * Body rules (api-notes §7.2): empty body or `[]` → 40502; not JSON or not an array → 40503.
 * [INF] a bare object (not wrapped in an array) is invalid: the body is documented as an array.
 */
export function parseTasks(text: string): ParsedTasks {
  if (text.trim() === "") return { ok: false, statusCode: 40502 };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { ok: false, statusCode: 40503 };
  }
  if (!Array.isArray(parsed)) return { ok: false, statusCode: 40503 };
  if (parsed.length === 0) return { ok: false, statusCode: 40502 };
  return { ok: true, tasks: parsed };
}
