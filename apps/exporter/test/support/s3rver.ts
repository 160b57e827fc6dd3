/**
 * A real S3-protocol server (s3rver) for tests: 127.0.0.1, port 0, a fresh directory, buckets
 * created up front. Credentials are s3rver's fixed test pair S3RVER/S3RVER, passed to the exporter
 * as `s3.credentials` (never through the environment, so tests do not leak into each other).
 */
import { mkdtemp, rm } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import S3rver from "s3rver";

/** A running s3rver. */
export interface TestS3 {
  readonly endpoint: string;
  readonly credentials: { accessKeyId: string; secretAccessKey: string };
  /** The directory s3rver stores objects in (for greps over everything written). */
  readonly directory: string;
  /** Stop the server but keep its files (a restart on the same directory sees them). */
  stop(): Promise<void>;
  /** Stop and delete the files. */
  close(): Promise<void>;
}

export const S3RVER_CREDENTIALS = Object.freeze({ accessKeyId: "S3RVER", secretAccessKey: "S3RVER" });

/** Start s3rver with the given buckets. */
export async function startS3(buckets: readonly string[], existingDirectory?: string): Promise<TestS3> {
  const directory = existingDirectory ?? (await mkdtemp(join(tmpdir(), "s3rver-")));
  const server = new S3rver({
    address: "127.0.0.1",
    port: 0,
    silent: true,
    directory,
    configureBuckets: buckets.map((name) => ({ name, configs: [] })),
  });
  const address = (await server.run()) as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    credentials: { ...S3RVER_CREDENTIALS },
    directory,
    stop: () => server.close(),
    async close() {
      await server.close().catch(() => {});
      await rm(directory, { recursive: true, force: true });
    },
  };
}
