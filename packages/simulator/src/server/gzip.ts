import { promisify } from "node:util";
import { constants, createGzip, type Gzip, gzip } from "node:zlib";

const gzipAsync = promisify(gzip);

/**
 * Whether the client accepts gzip (`Accept-Encoding: gzip, deflate` …), honouring `q=0`.
 * The API gzips when asked (api-notes §1.1, S-V3).
 */
export function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false;
  for (const part of header.split(",")) {
    const [coding, ...params] = part.trim().toLowerCase().split(";");
    if (coding !== "gzip" && coding !== "*") continue;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
    return q === undefined || Number(q.slice(2)) > 0;
  }
  return false;
}

/**
 * Level 1: JSON pages still shrink ~6×, and the default level 6 costs 3× the CPU, which would make
 * the simulator the bottleneck of a benchmark. Compression runs on the libuv pool either way.
 */
const GZIP_OPTIONS = Object.freeze({ level: constants.Z_BEST_SPEED, chunkSize: 64 * 1024 });

/** Gzip a whole body (when the exact compressed bytes are needed, e.g. to cut them in half). */
export function gzipBody(body: Buffer): Promise<Buffer> {
  return gzipAsync(body, GZIP_OPTIONS);
}

/** A gzip stream for piping a body to the socket while it is being compressed. */
export function gzipStream(): Gzip {
  return createGzip(GZIP_OPTIONS);
}
