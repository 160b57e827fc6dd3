/**
 * Bad input, end to end: each case runs the built CLI and must print exactly one stderr line with
 * its stable code, exit with the documented exit code, leave no final-named file or object, and
 * never print a secret. Validation cases must not pay for a single request.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { type RunningSimulator, startSimulator } from "@backlinks/simulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exitCodeFor } from "../src/exit-codes.js";
import {
  allFileTexts,
  apiEnv,
  assertBuilt,
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
import { startS3, type TestS3 } from "./support/s3rver.js";

const TARGET = "bad.example";
const BUCKET = "e2e-bad-input";
const ARGV_SECRET = "argv-Secret-9f8e7d";

let strict: RunningSimulator; // validation cases: must see no request at all
let sim: RunningSimulator;
let broke: RunningSimulator;
let poor: RunningSimulator;
let capped: RunningSimulator;
let s3: TestS3;

beforeAll(async () => {
  assertBuilt();
  const base = { seed: 3, targets: { [TARGET]: 2000 }, credentials: { ...SIM_CREDENTIALS } };
  [strict, sim, broke, poor, capped] = await Promise.all([
    startSimulator(base),
    startSimulator(base),
    startSimulator({ ...base, limits: { balance: 0 } }),
    startSimulator({ ...base, limits: { balance: 0.021 } }),
    startSimulator({ ...base, limits: { dailyCostLimit: 0 } }),
  ]);
  s3 = await startS3([BUCKET]);
});
afterAll(async () => {
  await Promise.all([strict, sim, broke, poor, capped].map((s) => s?.close()));
  await s3?.close();
});

interface Case {
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

const t = ["--target", TARGET];
const page = ["--page-size", "500", "--part-rows", "1000"];

const validation: Case[] = [
  {
    name: "filter syntax",
    args: () => [...t, "--filter", "dofollow ="],
    code: "ERR_FILTER_SYNTAX",
    exit: 2,
    message: /--filter/,
  },
  {
    name: "unknown filter field",
    args: () => [...t, "--filter", "no_such_field = 1"],
    code: "ERR_",
    exit: 2,
    message: /no_such_field/,
  },
  {
    name: "operator not allowed for the type",
    args: () => [...t, "--filter", "dofollow > 3"],
    code: "ERR_",
    exit: 2,
    message: /dofollow/,
  },
  {
    name: "filters JSON",
    args: () => [...t, "--filters-json", "{oops"],
    code: "ERR_INVALID_OPTION",
    exit: 2,
    message: /--filters-json/,
  },
  {
    name: "mode",
    args: () => [...t, "--mode", "everything"],
    code: "ERR_INVALID_OPTION",
    exit: 2,
    message: /--mode: expected one of as_is, one_per_domain, one_per_anchor, got "everything"/,
  },
  {
    name: "custom mode field",
    args: () => [...t, "--custom-mode", "url_to:5"],
    code: "ERR_INVALID_OPTION",
    exit: 2,
    message: /--custom-mode/,
  },
  {
    name: "page size 0",
    args: () => [...t, "--page-size", "0"],
    code: "ERR_INVALID_OPTION",
    exit: 2,
    message: /--page-size/,
  },
  {
    name: "page size 1001",
    args: () => [...t, "--page-size", "1001"],
    code: "ERR_INVALID_OPTION",
    exit: 2,
    message: /--page-size/,
  },
  {
    name: "negative max cost",
    args: () => [...t, "--max-cost", "-1"],
    code: "ERR_INVALID_OPTION",
    exit: 2,
    message: /--max-cost/,
  },
  {
    name: "max rows not a number",
    args: () => [...t, "--max-rows", "lots"],
    code: "ERR_INVALID_OPTION",
    exit: 2,
    message: /--max-rows/,
  },
  {
    name: "concurrency over 30",
    args: () => [...t, "--concurrency", "100"],
    code: "ERR_INVALID_OPTION",
    exit: 2,
    message: /--concurrency/,
  },
  {
    name: "target with a scheme only",
    args: () => ["--target", "http://"],
    code: "ERR_INVALID_REQUEST",
    exit: 2,
    message: /--target/,
  },
  {
    name: "target with spaces",
    args: () => ["--target", "not a domain"],
    code: "ERR_INVALID_REQUEST",
    exit: 2,
    message: /--target/,
  },
  {
    name: "no target",
    args: () => ["--format", "csv"],
    code: "ERR_INVALID_OPTION",
    exit: 2,
    message: /--target/,
  },
  {
    name: "order by an unknown field",
    args: () => [...t, "--order-by", "no_such,asc"],
    code: "ERR_INVALID_REQUEST",
    exit: 2,
    message: /--order-by/,
  },
  {
    name: "four order-by rules",
    args: () => [
      ...t,
      ...["rank", "first_seen", "last_seen", "anchor"].flatMap((f) => ["--order-by", `${f},asc`]),
    ],
    code: "ERR_INVALID_REQUEST",
    exit: 2,
    message: /--order-by/,
  },
  {
    name: "unknown flag",
    args: () => [...t, "--frobnicate"],
    code: "ERR_USAGE",
    exit: 2,
    message: /--frobnicate/,
  },
  {
    name: "password on argv",
    args: () => [...t, "--password", ARGV_SECRET],
    code: "ERR_SECRET_ON_ARGV",
    exit: 2,
    message: /DATAFORSEO_PASSWORD/,
  },
  {
    name: "missing credentials",
    args: () => [...t],
    env: {},
    code: "ERR_CREDENTIALS_MISSING",
    exit: 2,
    message: /DATAFORSEO_LOGIN/,
  },
  {
    name: "missing credentials file",
    args: ({ dir }) => [...t, "--credentials-file", join(dir, "nope.json")],
    env: {},
    code: "ERR_CREDENTIALS_FILE",
    exit: 2,
  },
  {
    name: "missing targets file",
    args: ({ dir }) => ["--targets-file", join(dir, "nope.txt")],
    code: "ERR_TARGETS_FILE",
    exit: 2,
  },
  {
    name: "gzip-only format with zstd",
    args: () => [...t, "--format", "ndjson", "--compression", "zstd"],
    code: "ERR_INVALID_OPTION",
    exit: 2,
    message: /--compression/,
  },
  {
    name: "S3 flag for a directory",
    args: () => [...t, "--s3-path-style"],
    code: "ERR_INVALID_OPTION",
    exit: 2,
    message: /--s3-path-style/,
  },
  {
    name: "resume and force together",
    args: () => [...t, "--resume", "--force"],
    code: "ERR_INVALID_OPTION",
    exit: 2,
  },
];

const runtime: Case[] = [
  {
    name: "wrong credentials",
    server: () => sim,
    args: () => [...t],
    env: apiEnv({ login: SIM_CREDENTIALS.login, password: "wrong-Password-42" }),
    code: "ERR_API_AUTH",
    exit: 4,
  },
  {
    name: "no funds (HTTP 402)",
    server: () => broke,
    args: () => [...t, ...page],
    code: "ERR_INSUFFICIENT_FUNDS",
    exit: 4,
    message: /resume/,
  },
  {
    name: "balance too low for a task (40210)",
    server: () => poor,
    args: () => [...t, ...page],
    code: "ERR_INSUFFICIENT_FUNDS",
    exit: 4,
  },
  {
    name: "daily cost limit (40203)",
    server: () => capped,
    args: () => [...t, ...page],
    code: "ERR_DAILY_COST_LIMIT",
    exit: 4,
    message: /resets at 00:00 UTC/,
  },
  {
    name: "unwritable directory (a path under a regular file)",
    server: () => sim,
    setup: ({ dir }) => writeFile(join(dir, "file"), "x"),
    args: ({ dir }) => [...t, "--out", join(dir, "file", "out")],
    code: "ERR_SINK_IO",
    exit: 5,
  },
  {
    name: "existing output without --force",
    server: () => sim,
    setup: async ({ out }) => {
      await mkdir(out, { recursive: true });
      await writeFile(join(out, "notes.txt"), "someone's file");
    },
    args: () => [...t],
    code: "ERR_OUTPUT_EXISTS",
    exit: 5,
  },
  {
    name: "resume without a dataset",
    server: () => sim,
    args: () => [...t, "--resume"],
    code: "ERR_NOTHING_TO_RESUME",
    exit: 2,
  },
  {
    name: "changed request on resume",
    server: () => sim,
    setup: async ({ out }) => {
      const first = await runCli(
        [...t, ...page, "--format", "csv", "--out", out, "--api", sim.url, "--quiet"],
        {
          env: childEnv(apiEnv()),
        },
      );
      expect(first.code, first.stderr).toBe(0);
    },
    args: () => [...t, ...page, "--format", "csv", "--mode", "one_per_domain", "--resume"],
    code: "ERR_RESUME_MISMATCH",
    exit: 2,
  },
  {
    name: "missing bucket",
    server: () => sim,
    args: () => [...t, "--out", "s3://no-such-bucket/x"],
    s3Prefix: "x",
    code: "ERR_SINK_IO",
    exit: 5,
  },
  {
    name: "bad S3 endpoint (nothing listening)",
    server: () => sim,
    args: () => [
      ...t,
      "--out",
      `s3://${BUCKET}/bad-endpoint`,
      "--s3-endpoint",
      "http://127.0.0.1:9",
      "--s3-path-style",
    ],
    s3Prefix: "bad-endpoint",
    code: "ERR_SINK_IO",
    exit: 5,
  },
  {
    // Disk full, emulated honestly: the kernel refuses writes past a file-size limit (RLIMIT_FSIZE,
    // `ulimit -f 64` = 64 KiB) with EFBIG once a part file outgrows it; SIGXFSZ is ignored so the
    // write fails instead of killing the process. No tmpfs can be mounted here.
    name: "disk full (file-size limit)",
    server: () => sim,
    shell: `trap '' XFSZ; ulimit -f 64; exec "$0" "$@"`,
    args: () => [...t, ...page, "--format", "ndjson"],
    code: "ERR_SINK_IO",
    exit: 5,
    message: /EFBIG|too large/i,
  },
];

async function check(c: Case, server: RunningSimulator) {
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
  expect(created.filter(isFinalName)).toEqual([]);
  if (c.s3Prefix !== undefined) {
    const client = s3Client(s3.endpoint);
    expect((await s3Keys(client, BUCKET, c.s3Prefix)).filter(isFinalName)).toEqual([]);
    client.destroy();
  }
  // No secret in any output or file.
  for (const secret of [SIM_CREDENTIALS.password, ARGV_SECRET, "wrong-Password-42"]) {
    expect(result.stdout).not.toContain(secret);
    expect(result.stderr).not.toContain(secret);
    for (const { path, text } of await allFileTexts(dir)) expect(text.includes(secret), path).toBe(false);
  }
}

describe.concurrent("validation: one coded line, exit 2, nothing paid", () => {
  for (const c of validation) it(c.name, () => check(c, strict));
});

describe("validation paid nothing", () => {
  it("the simulator behind every validation case saw no request", () => {
    expect(strict.stats().requests).toBe(0);
  });
});

describe.concurrent("runtime failures: one coded line, the documented exit code", () => {
  for (const c of runtime) it(c.name, () => check(c, c.server!()));
});

it(`has at least 25 cases (${validation.length + runtime.length})`, () => {
  expect(validation.length + runtime.length).toBeGreaterThanOrEqual(25);
});
