/**
 * S3 sink (AWS S3 or any S3-compatible store). A part is streamed with lib-storage's `Upload`:
 * multipart for bodies above `partSize`, one PutObject below. Either way S3 makes the object visible
 * only when the upload completes (CompleteMultipartUpload / PutObject), so a crashed or failed part
 * never appears under its key. On failure the upload is aborted (AbortMultipartUpload); s3rver does
 * not implement that call, so an abort error is ignored — the orphaned parts stay invisible.
 */

import { PassThrough } from "node:stream";
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  type S3ClientConfig,
} from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { SinkIoError } from "../errors.js";
import type { OutputLocation } from "./location.js";
import type { PartUpload, Sink } from "./sink.js";

/** S3 client settings of ExportOptions.s3. Credentials default to the AWS SDK chain. */
export interface S3SinkOptions {
  endpoint?: string;
  region?: string;
  forcePathStyle?: boolean;
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  partSize?: number;
}

const MIB = 1024 * 1024;

/** Create a sink for `s3://bucket/prefix`. */
export function createS3Sink(
  location: Extract<OutputLocation, { kind: "s3" }>,
  options: S3SinkOptions = {},
): Sink {
  const config: S3ClientConfig = {
    region: options.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? "us-east-1",
    forcePathStyle: options.forcePathStyle ?? options.endpoint !== undefined,
    // core retries API calls; here the SDK's own retry (3 attempts) covers transient S3 errors
    maxAttempts: 3,
  };
  if (options.endpoint) config.endpoint = options.endpoint;
  if (options.credentials) config.credentials = options.credentials;
  const client = new S3Client(config);
  const partSize = Math.max(5 * MIB, options.partSize ?? 8 * MIB);
  const { bucket, prefix } = location;
  const key = (rel: string) => (prefix ? `${prefix}/${rel}` : rel);
  const fail = (op: string, rel: string, err: unknown): never => {
    throw new SinkIoError(`S3 ${op} ${location.display}${rel ? `/${rel}` : ""} failed: ${describe(err)}`, {
      cause: err,
      path: rel,
    });
  };

  return {
    location,
    async preflight() {
      try {
        await client.send(new HeadBucketCommand({ Bucket: bucket }));
      } catch (err) {
        const status = httpStatus(err);
        if (status === 404) fail("check of bucket", "", new Error(`bucket "${bucket}" does not exist`));
        fail("check of bucket", "", err);
      }
    },
    async list() {
      const out: string[] = [];
      let token: string | undefined;
      const base = prefix ? `${prefix}/` : "";
      try {
        do {
          const res = await client.send(
            new ListObjectsV2Command({ Bucket: bucket, Prefix: base, ContinuationToken: token }),
          );
          for (const o of res.Contents ?? []) if (o.Key) out.push(o.Key.slice(base.length));
          token = res.IsTruncated ? res.NextContinuationToken : undefined;
        } while (token);
      } catch (err) {
        fail("list", "", err);
      }
      return out.sort();
    },
    openPart(rel, contentType) {
      const body = new PassThrough({ highWaterMark: MIB });
      const upload = new Upload({
        client,
        params: { Bucket: bucket, Key: key(rel), Body: body, ContentType: contentType },
        partSize,
        queueSize: 2,
        leavePartsOnError: false,
      });
      const done = upload.done();
      // Observed in commit(). If the upload fails mid-stream it stops reading the body: fail the
      // body too, or the part's pipeline would wait on backpressure forever.
      done.catch((err) => {
        if (!body.destroyed)
          body.destroy(
            new SinkIoError(`S3 upload of ${location.display}/${rel} failed: ${describe(err)}`, {
              cause: err,
              path: rel,
            }),
          );
      });
      let settled = false;
      return {
        writable: body,
        async commit() {
          try {
            await done;
            settled = true;
          } catch (err) {
            fail("upload of", rel, err);
          }
        },
        async abort() {
          if (settled) return;
          body.destroy();
          await upload.abort().catch(() => {}); // s3rver: AbortMultipartUpload not implemented
          await done.catch(() => {});
        },
      } satisfies PartUpload;
    },
    async writeFile(rel, data, options) {
      try {
        await client.send(
          new PutObjectCommand({
            Bucket: bucket,
            Key: key(rel),
            Body: data,
            // explicit, so the SDK does not warn "Stream of unknown length" for the empty _SUCCESS
            ContentLength: Buffer.byteLength(data),
            ContentType: options?.contentType ?? "application/json",
          }),
        );
      } catch (err) {
        fail("write of", rel, err);
      }
    },
    async readFile(rel) {
      try {
        const res = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key(rel) }));
        return (await res.Body?.transformToString("utf8")) ?? "";
      } catch (err) {
        if (httpStatus(err) === 404 || (err as { name?: string })?.name === "NoSuchKey") return null;
        return fail("read of", rel, err);
      }
    },
    async remove(rels) {
      for (const rel of rels) {
        try {
          await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key(rel) }));
        } catch (err) {
          if (httpStatus(err) !== 404) fail("delete of", rel, err);
        }
      }
    },
    async close() {
      client.destroy();
    },
  };
}

function httpStatus(err: unknown): number | undefined {
  return (err as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
}

function describe(err: unknown): string {
  if (err instanceof Error) {
    const status = httpStatus(err);
    const code = (err as { code?: string }).code;
    return `${err.name}${status ? ` (HTTP ${status})` : code ? ` (${code})` : ""}: ${err.message}`;
  }
  return String(err);
}
