/** A raw HTTP client for tests: exact status, headers and bytes, gzip decoded by hand. */
import { request } from "node:http";
import { gunzipSync } from "node:zlib";

export interface CallOptions {
  method?: string;
  body?: string | Buffer;
  auth?: { login: string; password: string } | null;
  gzip?: boolean;
  headers?: Record<string, string>;
}

export interface CallResult {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** Body as received on the wire. */
  raw: Buffer;
  /** Body after gzip decoding. */
  text: string;
  json(): unknown;
}

/** One request on a fresh connection (no agent), resolving with the whole response. */
export function call(baseUrl: string, path: string, options: CallOptions = {}): Promise<CallResult> {
  const url = new URL(path, baseUrl);
  const headers: Record<string, string> = { ...options.headers };
  if (options.auth) {
    headers.authorization = `Basic ${Buffer.from(`${options.auth.login}:${options.auth.password}`).toString("base64")}`;
  }
  if (options.gzip) headers["accept-encoding"] = "gzip";
  if (options.body !== undefined) headers["content-type"] = "application/json";
  return new Promise((resolve, reject) => {
    const req = request(url, { method: options.method ?? "POST", headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("error", reject);
      res.on("aborted", () => reject(new Error("response aborted")));
      res.on("end", () => {
        if (!res.complete) {
          reject(new Error("response incomplete"));
          return;
        }
        const raw = Buffer.concat(chunks);
        const text = (res.headers["content-encoding"] === "gzip" ? gunzipSync(raw) : raw).toString("utf8");
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          raw,
          text,
          json: () => JSON.parse(text),
        });
      });
    });
    req.on("error", reject);
    req.end(options.body);
  });
}

/** POST one or more tasks to the live endpoint. */
export function live(
  baseUrl: string,
  auth: { login: string; password: string },
  tasks: unknown,
  options: Omit<CallOptions, "auth" | "body"> = {},
): Promise<CallResult> {
  return call(baseUrl, "/v3/backlinks/backlinks/live", { ...options, auth, body: JSON.stringify(tasks) });
}
