/**
 * Shared helpers of the end-to-end tests: run the BUILT CLI (dist/cli.js) as a child process, read
 * a dataset back from disk or S3 in any format, and compare it row for row with the simulator's
 * ground truth. Nothing here mocks the exporter: the child talks HTTP to a real simulator and S3
 * protocol to a real s3rver.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import { GetObjectCommand, ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import { parse as parseCsv } from "csv-parse/sync";
import { parquetReadObjects } from "hyparquet";
import { afterAll } from "vitest";

export const APP_ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
export const CLI_PATH = join(APP_ROOT, "dist", "cli.js");

/** Fails with the command to run when the CLI is not built (turbo's test task builds it first). */
export function assertBuilt(): void {
  if (!existsSync(CLI_PATH)) {
    throw new Error(
      `${CLI_PATH} is missing: run "npx turbo run build --filter=@backlinks/exporter..." first`,
    );
  }
}

/** Credentials of the test simulator; every output is grepped for the password. */
export const SIM_CREDENTIALS = Object.freeze({
  login: "e2e-user@example.test",
  password: "e2e-Pa55word-7c1f9a",
});

/** Environment of a child: nothing inherited but PATH, plus what the test passes. */
export function childEnv(extra: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    HOME: tmpdir(),
    // No EC2 metadata lookups for S3 region/credentials: they would wait for a timeout.
    AWS_EC2_METADATA_DISABLED: "true",
    ...extra,
  };
}

/** The simulator's credentials as the CLI reads them. */
export function apiEnv(credentials: { login: string; password: string } = SIM_CREDENTIALS) {
  return { DATAFORSEO_LOGIN: credentials.login, DATAFORSEO_PASSWORD: credentials.password };
}

/** s3rver's fixed credentials through the AWS SDK's default chain. */
export const S3_ENV = Object.freeze({
  AWS_ACCESS_KEY_ID: "S3RVER",
  AWS_SECRET_ACCESS_KEY: "S3RVER",
  AWS_REGION: "us-east-1",
});

/** The outcome of one CLI run. */
export interface CliResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Spawns the built CLI; the promise settles when it exits. */
export function spawnCli(
  args: readonly string[],
  options: { env?: Record<string, string>; cwd?: string; shell?: string } = {},
): { child: ChildProcess; result: Promise<CliResult>; output: () => { stdout: string; stderr: string } } {
  const env = options.env ?? childEnv();
  const child =
    options.shell === undefined
      ? spawn(process.execPath, [CLI_PATH, ...args], { env, cwd: options.cwd ?? APP_ROOT, stdio: "pipe" })
      : // In the script, "$0" is node and "$@" is the CLI path and its arguments.
        spawn("bash", ["-c", options.shell, process.execPath, CLI_PATH, ...args], {
          env,
          cwd: options.cwd ?? APP_ROOT,
          stdio: "pipe",
        });
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    stdout += chunk.toString("utf8");
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString("utf8");
  });
  const result = new Promise<CliResult>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, result, output: () => ({ stdout, stderr }) };
}

/** Runs the built CLI to completion. */
export function runCli(
  args: readonly string[],
  options: { env?: Record<string, string>; cwd?: string; shell?: string } = {},
): Promise<CliResult> {
  return spawnCli(args, options).result;
}

const tempDirs: string[] = [];
// Registered on the importing test file's root suite: its temporary directories go when it ends.
afterAll(async () => {
  await Promise.all(tempDirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A fresh temporary directory, removed after the test file. */
export async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `cli-e2e-${prefix}-`));
  tempDirs.push(dir);
  return dir;
}

/** Every file under `dir` (relative paths, sorted). */
export async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string, prefix: string) => {
    let entries: import("node:fs").Dirent[];
    try {
      entries = await readdir(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const rel = prefix === "" ? e.name : `${prefix}/${e.name}`;
      if (e.isDirectory()) await walk(join(d, e.name), rel);
      else out.push(rel);
    }
  };
  await walk(dir, "");
  return out.sort();
}

/** A dataset's part files: target partition, part number and bytes. */
export interface PartFile {
  readonly target: string;
  readonly part: number;
  readonly name: string;
  readonly bytes: Buffer;
}

const PART = /^(?:.*\/)?target=([^/]+)\/part-(\d+)\.(csv|csv\.gz|ndjson|ndjson\.gz|parquet)$/;

/** True for a final-named part, `_manifest.json` or `_SUCCESS` key/path. */
export function isFinalName(path: string): boolean {
  return PART.test(path) || /(^|\/)_SUCCESS$/.test(path) || /(^|\/)_manifest\.json$/.test(path);
}

/** Reads the part files of a dataset directory. */
export async function diskParts(dir: string): Promise<PartFile[]> {
  const parts: PartFile[] = [];
  for (const rel of await listFiles(dir)) {
    const m = PART.exec(rel);
    if (m)
      parts.push({
        target: decodeURIComponent(m[1]!),
        part: Number(m[2]),
        name: rel,
        bytes: await readFile(join(dir, rel)),
      });
  }
  return parts;
}

/** An S3 client for s3rver. */
export function s3Client(endpoint: string): S3Client {
  return new S3Client({
    endpoint,
    region: "us-east-1",
    forcePathStyle: true,
    credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" },
  });
}

/** Every key under `prefix` in `bucket`. */
export async function s3Keys(client: S3Client, bucket: string, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
    );
    for (const o of page.Contents ?? []) if (o.Key) keys.push(o.Key);
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return keys.sort();
}

/** Reads one object. */
export async function s3Object(client: S3Client, bucket: string, key: string): Promise<Buffer> {
  const res = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return Buffer.from(await res.Body!.transformToByteArray());
}

/** Reads the part files of a dataset under an S3 prefix. */
export async function s3Parts(client: S3Client, bucket: string, prefix: string): Promise<PartFile[]> {
  const parts: PartFile[] = [];
  for (const key of await s3Keys(client, bucket, prefix)) {
    const m = PART.exec(key);
    if (m)
      parts.push({
        target: decodeURIComponent(m[1]!),
        part: Number(m[2]),
        name: key,
        bytes: await s3Object(client, bucket, key),
      });
  }
  return parts;
}

/** Decodes one part file into row objects, in file order. */
export async function decodePart(part: PartFile): Promise<Record<string, unknown>[]> {
  const raw = part.name.endsWith(".gz") ? gunzipSync(part.bytes) : part.bytes;
  if (/\.csv(\.gz)?$/.test(part.name)) {
    return parseCsv(raw.toString("utf8").replace(/^\uFEFF/, ""), { columns: true }) as Record<
      string,
      unknown
    >[];
  }
  if (/\.ndjson(\.gz)?$/.test(part.name)) {
    return raw
      .toString("utf8")
      .split("\n")
      .filter((line) => line !== "")
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  }
  const file = raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength) as ArrayBuffer;
  return (await parquetReadObjects({ file })) as Record<string, unknown>[];
}

/** Columns compared row for row; every format keeps them (as text in CSV). */
export const KEY_COLUMNS = ["url_from", "url_to", "anchor", "domain_from_rank", "dofollow"] as const;

/** One row as a comparable line (null, empty and absent are the same in CSV). */
export function rowKey(row: Record<string, unknown>): string {
  return KEY_COLUMNS.map((c) => {
    const v = row[c];
    return v === null || v === undefined ? "" : String(v);
  }).join("\t");
}

/** Rows per target, parts in order. */
export async function datasetRows(parts: readonly PartFile[]): Promise<Map<string, string[]>> {
  const byTarget = new Map<string, string[]>();
  const sorted = [...parts].sort((a, b) => a.target.localeCompare(b.target) || a.part - b.part);
  for (const part of sorted) {
    const rows = byTarget.get(part.target) ?? [];
    for (const row of await decodePart(part)) rows.push(rowKey(row));
    byTarget.set(part.target, rows);
  }
  return byTarget;
}

/** The simulator's truth for one target as comparable lines. */
export function truthRows(
  simulator: { truth(request: unknown): { totalCount: number; items(): Iterable<Record<string, unknown>> } },
  request: Record<string, unknown>,
): string[] {
  const rows: string[] = [];
  for (const item of simulator.truth(request).items()) rows.push(rowKey(item));
  return rows;
}

/** Every regular file's text under `dir` (for secret greps). */
export async function allFileTexts(dir: string): Promise<{ path: string; text: string }[]> {
  const out: { path: string; text: string }[] = [];
  for (const rel of await listFiles(dir)) {
    const path = join(dir, rel);
    if ((await stat(path)).isFile()) out.push({ path, text: (await readFile(path)).toString("latin1") });
  }
  return out;
}

/** The non-empty lines of a text. */
export function lines(text: string): string[] {
  return text.split("\n").filter((l) => l.trim() !== "");
}
