/**
 * Failures at run time, end to end: wrong credentials, no funds, daily cost limit, unwritable
 * output, existing output, resume mismatches, missing bucket, bad S3 endpoint, disk full. Each gets
 * exactly one stderr line with its stable code and the documented exit code, and leaves no
 * final-named file or object.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { type RunningSimulator, startSimulator } from "@backlinks/simulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BUCKET, type Case, checkBadInput, page, TARGET, t, WRONG_PASSWORD } from "./cli-bad-input-check.js";
import { apiEnv, assertBuilt, childEnv, runCli, SIM_CREDENTIALS } from "./cli-e2e-support.js";
import { startS3, type TestS3 } from "./support/s3rver.js";

let sim: RunningSimulator;
let broke: RunningSimulator;
let poor: RunningSimulator;
let capped: RunningSimulator;
let s3: TestS3;

beforeAll(async () => {
  assertBuilt();
  const base = { seed: 3, targets: { [TARGET]: 2000 }, credentials: { ...SIM_CREDENTIALS } };
  [sim, broke, poor, capped] = await Promise.all([
    startSimulator(base),
    startSimulator({ ...base, limits: { balance: 0 } }),
    startSimulator({ ...base, limits: { balance: 0.021 } }),
    startSimulator({ ...base, limits: { dailyCostLimit: 0 } }),
  ]);
  s3 = await startS3([BUCKET]);
});
afterAll(async () => {
  await Promise.all([sim, broke, poor, capped].map((s) => s?.close()));
  await s3?.close();
});

const runtime: Case[] = [
  {
    name: "wrong credentials",
    server: () => sim,
    args: () => [...t],
    env: apiEnv({ login: SIM_CREDENTIALS.login, password: WRONG_PASSWORD }),
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

describe.concurrent("runtime failures: one coded line, the documented exit code", () => {
  for (const c of runtime) it(c.name, () => checkBadInput(c, c.server!(), s3.endpoint));
});
