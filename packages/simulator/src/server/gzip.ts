import { promisify } from "node:util";
import { constants, gzip } from "node:zlib";

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
 * Gzip a body off the main thread (libuv pool), at level 1: JSON pages still shrink ~10×, and
 * level 6 costs 3× the CPU, which would make the simulator the bottleneck of a benchmark.
 */
export function gzipBody(body: Buffer): Promise<Buffer> {
  return gzipAsync(body, { level: constants.Z_BEST_SPEED });
}
