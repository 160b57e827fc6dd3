/**
 * What an export talks to, built from the resolved options: its sink (disk, or S3 with the AWS SDK
 * loaded on demand) and its one core client (rate, concurrency, retries logged as warnings).
 */
import { type BacklinksClient, createClient } from "@backlinks/core";
import { InvalidOptionsError } from "../errors.js";
import type { ResolvedOptions } from "../options.js";
import { createDiskSink } from "../sinks/disk.js";
import type { Sink } from "../sinks/sink.js";
import type { LogEvent } from "./types.js";

/** The sink for `opts.location`. The AWS SDK (~11 MB resident) is loaded only for an S3 output. */
export async function createSink(opts: ResolvedOptions): Promise<Sink> {
  if (opts.location.kind === "disk") return createDiskSink(opts.location);
  const { createS3Sink } = await import("../sinks/s3.js");
  return createS3Sink(opts.location, opts.s3);
}

/** The export's one client; a client option core refuses is reported as `api.<field>`. */
export function makeClient(opts: ResolvedOptions, log: (e: LogEvent) => void): BacklinksClient {
  try {
    return createClient({
      baseUrl: opts.api.baseUrl,
      login: opts.api.login,
      password: opts.api.password,
      rate: opts.rate,
      concurrency: opts.concurrency,
      // gzip costs both ends CPU and saves nothing on loopback (the embedded simulator, tests)
      gzip: !isLoopback(opts.api.baseUrl),
      ...(opts.retry ? { retry: opts.retry } : {}),
      onRetry: (info) =>
        log({
          level: "warn",
          event: "retry",
          message: `attempt ${info.attempt} failed (${info.code}${info.status ? ` ${info.status}` : ""}); retrying in ${info.delayMs} ms`,
          data: { attempt: info.attempt, code: info.code, status: info.status, delayMs: info.delayMs },
        }),
    });
  } catch (err) {
    const field = (err as { field?: unknown })?.field;
    throw new InvalidOptionsError(
      [{ field: typeof field === "string" ? `api.${field}` : "api", message: (err as Error).message }],
      { cause: err },
    );
  }
}

function isLoopback(baseUrl: string): boolean {
  try {
    const host = new URL(baseUrl).hostname;
    return host === "localhost" || host === "[::1]" || host.startsWith("127.");
  } catch {
    return false; // "live" / "sandbox"
  }
}
