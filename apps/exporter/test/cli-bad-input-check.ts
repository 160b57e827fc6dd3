/**
 * The check every bad-input case passes (see cli-bad-input*.e2e.test.ts): exactly one stderr line
 * with its stable code, the documented exit code, no final-named file or object, no secret in any
 * output or file.
 */
import { join } from "node:path";
import type { RunningSimulator } from "@backlinks/simulator";
import { expect } from "vitest";
import { exitCodeFor } from "../src/exit-codes.js";
import {
  allFileTexts,
  apiEnv,
  childEnv,
  isFinalName,
  lines,
  listFiles,
  runCli,
  S3_ENV,
  SIM_CREDENTIALS,
  s3Client,
  s3Keys,
  tempDir,
} from "./cli-e2e-support.js";

export const TARGET = "bad.example";
export const BUCKET = "e2e-bad-input";
export const ARGV_SECRET = "argv-Secret-9f8e7d";
export const WRONG_PASSWORD = "wrong-Password-42";

/** One bad-input case. */
export interface Case {
  readonly name: string;
  /** Flags after the common ones (`--out <dir>/out --api <simulator>` are added unless `raw`). */
  readonly args: (ctx: { dir: string; out: string }) => string[];
  readonly code: string;
  readonly exit: number;
  readonly server?: () => RunningSimulator;
  readonly env?: Record<string, string>;
  readonly setup?: (ctx: { dir: string; out: string }) => Promise<void>;
  /** Runs the CLI through bash with this prelude (e.g. a file-size limit). */
  readonly shell?: string;
  readonly s3Prefix?: string;
  readonly message?: RegExp;
}

export const t = ["--target", TARGET];
export const page = ["--page-size", "500", "--part-rows", "1000"];

/** Runs one case against `server` (and checks `s3Endpoint`'s bucket when the case uses S3). */
export async function checkBadInput(c: Case, server: RunningSimulator, s3Endpoint?: string) {
  const dir = await tempDir("bad");
  const out = join(dir, "out");
  await c.setup?.({ dir, out });
  const before = await listFiles(dir);
  const args = c.args({ dir, out });
  const full = [...(args.includes("--out") ? [] : ["--out", out]), "--api", server.url, ...args];
  const env = childEnv({ ...(c.env ?? apiEnv()), ...S3_ENV });
  const result = await runCli(
    c.shell === undefined ? full : full,
    c.shell === undefined ? { env } : { env, shell: c.shell },
  );
  const errLines = lines(result.stderr);
  expect(errLines, result.stderr).toHaveLength(1);
  const line = errLines[0]!;
  expect(line).toMatch(new RegExp(`^backlinks-export: ${c.code}[A-Z_]*: .* \\(exit ${c.exit}\\)$`));
  if (c.message) expect(line).toMatch(c.message);
  expect(result.code).toBe(c.exit);
  // The documented table gives the same exit code for the printed code.
  const printed = /^backlinks-export: (ERR_[A-Z_]+):/.exec(line)![1]!;
  expect(exitCodeFor(Object.assign(new Error(""), { code: printed }))).toBe(c.exit);
  // No final-named file or object appeared.
  const created = (await listFiles(dir)).filter((f) => !before.includes(f));
  expect(created.filter(isFinalName), `${created.join(", ")}\n${result.stdout}`).toEqual([]);
  if (c.s3Prefix !== undefined) {
    const client = s3Client(s3Endpoint!);
    expect((await s3Keys(client, BUCKET, c.s3Prefix)).filter(isFinalName)).toEqual([]);
    client.destroy();
  }
  // No secret in any output or file.
  for (const secret of [SIM_CREDENTIALS.password, ARGV_SECRET, WRONG_PASSWORD]) {
    expect(result.stdout).not.toContain(secret);
    expect(result.stderr).not.toContain(secret);
    for (const { path, text } of await allFileTexts(dir)) expect(text.includes(secret), path).toBe(false);
  }
}
