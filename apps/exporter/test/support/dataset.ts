/**
 * Read-back of an exported dataset for tests: the manifest, then every part of every target in
 * manifest order, parsed with an independent reader (JSON.parse, csv-parse, hyparquet), its
 * bytes checked against the manifest's size and sha256.
 */

import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { GetObjectCommand, ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import { parse } from "csv-parse/sync";
import { parquetReadObjects } from "hyparquet";
import type { Manifest } from "../../src/manifest.js";

/** Where a dataset is: a directory, or an S3 bucket/prefix on a test s3rver. */
export type DatasetRef =
  | { kind: "disk"; dir: string }
  | {
      kind: "s3";
      endpoint: string;
      bucket: string;
      prefix: string;
      credentials: { accessKeyId: string; secretAccessKey: string };
    };

/** Reads files of a dataset. */
export interface DatasetFiles {
  read(rel: string): Promise<Buffer | null>;
  list(): Promise<string[]>;
  close(): void;
}

/** Open a dataset for reading. */
export function openDataset(ref: DatasetRef): DatasetFiles {
  if (ref.kind === "disk") {
    return {
      read: (rel) => readFile(join(ref.dir, rel)).catch(() => null),
      async list() {
        const out: string[] = [];
        const walk = async (d: string, p: string) => {
          for (const e of await readdir(d, { withFileTypes: true }).catch(() => [])) {
            const rel = p ? `${p}/${e.name}` : e.name;
            if (e.isDirectory()) await walk(join(d, e.name), rel);
            else out.push(rel);
          }
        };
        await walk(ref.dir, "");
        return out.sort();
      },
      close() {},
    };
  }
  const client = new S3Client({
    endpoint: ref.endpoint,
    region: "us-east-1",
    forcePathStyle: true,
    credentials: ref.credentials,
  });
  const key = (rel: string) => (ref.prefix ? `${ref.prefix}/${rel}` : rel);
  return {
    async read(rel) {
      try {
        const res = await client.send(new GetObjectCommand({ Bucket: ref.bucket, Key: key(rel) }));
        return Buffer.from(await res.Body!.transformToByteArray());
      } catch {
        return null;
      }
    },
    async list() {
      const res = await client.send(
        new ListObjectsV2Command({ Bucket: ref.bucket, Prefix: ref.prefix ? `${ref.prefix}/` : "" }),
      );
      const base = ref.prefix ? ref.prefix.length + 1 : 0;
      return (res.Contents ?? []).map((o) => o.Key!.slice(base)).sort();
    },
    close: () => client.destroy(),
  };
}

/** The manifest, or null. */
export async function readManifest(files: DatasetFiles): Promise<Manifest | null> {
  const b = await files.read("_manifest.json");
  return b ? (JSON.parse(b.toString("utf8")) as Manifest) : null;
}

/** Parse one part file into row objects. */
export async function parsePart(path: string, bytes: Buffer): Promise<Record<string, unknown>[]> {
  const raw = path.endsWith(".gz") ? gunzipSync(bytes) : bytes;
  if (path.includes(".ndjson")) {
    return raw
      .toString("utf8")
      .split("\n")
      .filter((l) => l !== "")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  }
  if (path.includes(".csv")) {
    return parse(raw, { columns: true, bom: true }) as Record<string, unknown>[];
  }
  const ab = raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength) as ArrayBuffer;
  return (await parquetReadObjects({ file: ab })) as Record<string, unknown>[];
}

/**
 * A format-independent key of a row: url_from, url_to and rank as text (CSV has text only,
 * Parquet has bigint/number; all print the same).
 */
export function rowKey(row: Record<string, unknown>): string {
  const s = (v: unknown) => (v === null || v === undefined ? "" : String(v));
  return `${s(row.url_from)}\t${s(row.url_to)}\t${s(row.rank)}`;
}

/**
 * Every row key per target, in part order; checks each part's bytes/sha256/rows against the manifest.
 */
export async function readRowKeys(
  files: DatasetFiles,
): Promise<{ manifest: Manifest; keys: Map<string, string[]> }> {
  const manifest = await readManifest(files);
  if (!manifest) throw new Error("no _manifest.json");
  const keys = new Map<string, string[]>();
  for (const t of manifest.targets) {
    const list: string[] = [];
    for (const p of t.parts) {
      const bytes = await files.read(p.path);
      if (!bytes) throw new Error(`missing part ${p.path}`);
      if (bytes.length !== p.bytes)
        throw new Error(`${p.path}: ${bytes.length} bytes, manifest says ${p.bytes}`);
      const sha = createHash("sha256").update(bytes).digest("hex");
      if (sha !== p.sha256) throw new Error(`${p.path}: sha256 differs from the manifest`);
      const rows = await parsePart(p.path, bytes);
      if (rows.length !== p.rows) throw new Error(`${p.path}: ${rows.length} rows, manifest says ${p.rows}`);
      for (const r of rows) list.push(rowKey(r));
    }
    keys.set(t.target, list);
  }
  return { manifest, keys };
}
