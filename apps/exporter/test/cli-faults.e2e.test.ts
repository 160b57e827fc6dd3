/**
 * Faults, end to end: the simulator injects HTTP 500s, 40202 rate-limit answers, connection
 * resets mid-body, truncated JSON and slow bodies; the built CLI's export still completes and its
 * rows equal the simulator's truth exactly.
 */
import { join } from "node:path";
import { type RunningSimulator, startSimulator } from "@backlinks/simulator";
import { afterAll, beforeAll, expect, it } from "vitest";
import {
  apiEnv,
  assertBuilt,
  childEnv,
  datasetRows,
  diskParts,
  lines,
  runCli,
  SIM_CREDENTIALS,
  tempDir,
  truthRows,
} from "./cli-e2e-support.js";

const TARGETS = { "faulty-a.example": 3000, "faulty-b.example": 2500 };

let simulator: RunningSimulator;
beforeAll(async () => {
  assertBuilt();
  simulator = await startSimulator({
    seed: 21,
    targets: TARGETS,
    credentials: { ...SIM_CREDENTIALS },
    faults: {
      seed: 99,
      http500: 0.08,
      resetMidBody: 0.08,
      truncatedJson: 0.08,
      slowBody: 0.05,
      slowBodyMs: 300,
      // Deterministic: the 2nd and 5th requests are refused with 40202 whatever the probabilities say.
      schedule: { 2: "rateLimit40202", 5: "rateLimit40202" },
    },
  });
});
afterAll(async () => {
  await simulator?.close();
});

it("completes exactly despite 500s, 40202, resets, truncated bodies and slow pages", async () => {
  const dir = await tempDir("faults");
  const result = await runCli(
    [
      ...Object.keys(TARGETS).flatMap((t) => ["--target", t]),
      "--format",
      "parquet",
      "--page-size",
      "250",
      "--part-rows",
      "1000",
      "--out",
      join(dir, "out"),
      "--api",
      simulator.url,
      // The real API asks for ~60 s after a 40202; the simulator does not need it.
      "--rate-limit-wait",
      "200",
      "--max-attempts",
      "10",
      "--log-format",
      "json",
    ],
    { env: childEnv(apiEnv()) },
  );
  expect(result.stderr).toBe("");
  expect(result.code).toBe(0);
  const stats = simulator.stats();
  const injected = Object.values(stats.faults).reduce((a, b) => a + b, 0);
  expect(stats.faults.rateLimit40202).toBeGreaterThanOrEqual(2);
  expect(injected).toBeGreaterThanOrEqual(6);
  const summary = JSON.parse(lines(result.stdout).at(-1)!);
  expect(summary).toMatchObject({ type: "summary", status: "complete" });
  expect(summary.retries).toBeGreaterThanOrEqual(injected - (stats.faults.slowBody ?? 0));
  const rows = await datasetRows(await diskParts(join(dir, "out")));
  for (const target of Object.keys(TARGETS)) {
    expect(rows.get(target)).toEqual(truthRows(simulator, { target }));
  }
  expect(result.stdout).not.toContain(SIM_CREDENTIALS.password);
});
