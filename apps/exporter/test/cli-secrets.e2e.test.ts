/**
 * Secrets never leak: the password (and login) of the API, given through the environment or a
 * credentials file, must not appear in any stdout/stderr line (pretty or JSON, progress, logs,
 * errors, summaries), nor in any manifest, state or data file on disk or in S3 — after a complete
 * run, an interrupted run, a budget stop, and a failed one.
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { type RunningSimulator, startSimulator } from "@backlinks/simulator";
import { afterAll, beforeAll, expect, it } from "vitest";
import {
  allFileTexts,
  apiEnv,
  assertBuilt,
  type CliResult,
  childEnv,
  runCli,
  S3_ENV,
  SIM_CREDENTIALS,
  spawnCli,
  tempDir,
} from "./cli-e2e-support.js";
import { startS3, type TestS3 } from "./support/s3rver.js";

const TARGET = "secret.example";
const BUCKET = "e2e-secrets";
const SECRETS = [SIM_CREDENTIALS.password, SIM_CREDENTIALS.login];

let simulator: RunningSimulator;
let s3: TestS3;
beforeAll(async () => {
  assertBuilt();
  simulator = await startSimulator({
    seed: 4,
    targets: { [TARGET]: 2500 },
    credentials: { ...SIM_CREDENTIALS },
    latency: { fixedMs: 20 },
    faults: { seed: 2, http500: 0.1 },
  });
  s3 = await startS3([BUCKET]);
});
afterAll(async () => {
  await simulator?.close();
  await s3?.close();
});

it("no output, log, manifest, state or data file contains the password or login", async () => {
  const dir = await tempDir("secrets");
  const credentialsFile = join(dir, "creds.json");
  await writeFile(credentialsFile, JSON.stringify(SIM_CREDENTIALS), { mode: 0o600 });
  const common = [
    "--target",
    TARGET,
    "--page-size",
    "500",
    "--part-rows",
    "1000",
    "--api",
    simulator.url,
    "--max-attempts",
    "10",
  ];
  const env = childEnv({ ...apiEnv(), ...S3_ENV });
  const s3Flags = ["--s3-endpoint", s3.endpoint, "--s3-path-style"];
  const runs: CliResult[] = [];

  // Complete runs: pretty and JSON logs, disk and S3, env and file credentials.
  runs.push(await runCli([...common, "--out", join(dir, "a"), "--format", "csv"], { env }));
  runs.push(
    await runCli(
      [
        ...common,
        "--out",
        join(dir, "b"),
        "--format",
        "ndjson",
        "--log-format",
        "json",
        "--progress-interval",
        "50",
      ],
      { env },
    ),
  );
  runs.push(
    await runCli(
      [
        ...common,
        "--out",
        `s3://${BUCKET}/c`,
        "--format",
        "parquet",
        ...s3Flags,
        "--credentials-file",
        credentialsFile,
      ],
      {
        env: childEnv(S3_ENV),
      },
    ),
  );
  // A budget stop (state saved mid-dataset) and its resume.
  runs.push(
    await runCli([...common, "--out", join(dir, "d"), "--format", "csv", "--max-cost", "0.06"], { env }),
  );
  runs.push(
    await runCli([...common, "--out", join(dir, "d"), "--format", "csv", "--max-cost", "5", "--resume"], {
      env,
    }),
  );
  // An interrupted run.
  const before = simulator.stats().requests;
  const interrupted = spawnCli(
    [...common, "--out", join(dir, "e"), "--format", "ndjson", "--log-format", "json"],
    { env },
  );
  while (simulator.stats().requests < before + 2) await new Promise((r) => setTimeout(r, 2));
  interrupted.child.kill("SIGINT");
  runs.push(await interrupted.result);
  // A failure: wrong password (its value must not be echoed either).
  runs.push(
    await runCli([...common, "--out", join(dir, "f")], {
      env: childEnv({ ...apiEnv({ login: SIM_CREDENTIALS.login, password: "Wrong-pass-31337" }) }),
    }),
  );

  expect(runs.map((r) => r.code)).toEqual([0, 0, 0, 6, 0, 130, 4]);
  for (const run of runs) {
    for (const secret of [...SECRETS, "Wrong-pass-31337", "S3RVER"]) {
      expect(run.stdout.includes(secret), `stdout contains a secret: ${run.stdout.slice(0, 200)}`).toBe(
        false,
      );
      expect(run.stderr.includes(secret), `stderr contains a secret: ${run.stderr}`).toBe(false);
    }
  }
  // Every file written: data, _manifest.json, _state.json, temp files; and every object s3rver stored.
  const files = [...(await allFileTexts(dir)), ...(await allFileTexts(s3.directory))].filter(
    (f) => !f.path.endsWith("creds.json"),
  );
  expect(files.some((f) => f.path.endsWith("_state.json"))).toBe(true);
  expect(files.some((f) => f.path.endsWith("_manifest.json"))).toBe(true);
  for (const { path, text } of files) {
    for (const secret of SECRETS) expect(text.includes(secret), `${path} contains a secret`).toBe(false);
  }
});
