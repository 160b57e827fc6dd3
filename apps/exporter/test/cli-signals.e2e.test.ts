/**
 * SIGINT/SIGTERM on the built CLI: the first signal stops after the current page, exits 130 and
 * prints the exact command to resume; running that command completes the export exactly. A second
 * signal exits at once and the dataset still resumes exactly.
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
  spawnCli,
  tempDir,
  truthRows,
} from "./cli-e2e-support.js";

const TARGET = "signal.example";
const ROWS = 4000;

let simulator: RunningSimulator;
beforeAll(async () => {
  assertBuilt();
  simulator = await startSimulator({
    seed: 5,
    targets: { [TARGET]: ROWS },
    credentials: { ...SIM_CREDENTIALS },
    latency: { fixedMs: 40 },
  });
});
afterAll(async () => {
  await simulator?.close();
});

async function waitForRequests(n: number): Promise<void> {
  while (simulator.stats().requests < n) await new Promise((r) => setTimeout(r, 2));
}

/** The command after "to continue: " in the error line, without the trailing "(exit 130)". */
function printedResumeCommand(stderr: string): string {
  const line = lines(stderr).find((l) => l.includes("ERR_INTERRUPTED"));
  expect(line, stderr).toBeDefined();
  const match = /to continue: (.*) \(exit 130\)$/.exec(line!);
  expect(match, line).not.toBeNull();
  return match![1]!;
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  it(`${signal}: exit 130, the printed resume command completes the export exactly`, async () => {
    const dir = await tempDir(`signal-${signal}`);
    const args = ["--target", TARGET, "--format", "ndjson", "--page-size", "250", "--part-rows", "500"];
    const env = childEnv(apiEnv());
    const before = simulator.stats().requests;
    const run = spawnCli([...args, "--out", "./out", "--api", simulator.url, "--force"], { env, cwd: dir });
    await waitForRequests(before + 4);
    run.child.kill(signal);
    const result = await run.result;
    expect(result.code).toBe(130);
    const command = printedResumeCommand(result.stderr);
    expect(command).toContain("--resume");
    expect(command).not.toContain("--force");
    expect(command).toMatch(/^node \S*cli\.js /);
    // Run exactly what was printed (through a shell, as a user would paste it).
    const resumed = await runCli([], { env, cwd: dir, shell: `${command.replace(/^node /, '"$0" ')}` });
    expect(resumed.stderr).toBe("");
    expect(resumed.code).toBe(0);
    const rows = (await datasetRows(await diskParts(join(dir, "out")))).get(TARGET);
    expect(rows).toEqual(truthRows(simulator, { target: TARGET }));
    for (const text of [result.stdout, result.stderr, resumed.stdout]) {
      expect(text).not.toContain(SIM_CREDENTIALS.password);
    }
  });
}

it("a second SIGINT exits at once; the state still resumes exactly", async () => {
  // Slow pages: the first signal waits for the page in flight, the second must not.
  const slow = await startSimulator({
    seed: 5,
    targets: { [TARGET]: ROWS },
    credentials: { ...SIM_CREDENTIALS },
    latency: { fixedMs: 1500 },
  });
  try {
    const dir = await tempDir("signal-twice");
    const args = ["--target", TARGET, "--format", "csv", "--page-size", "1000", "--part-rows", "1000"];
    const env = childEnv(apiEnv());
    const run = spawnCli([...args, "--out", "./out", "--api", slow.url], { env, cwd: dir });
    while (slow.stats().requests < 2) await new Promise((r) => setTimeout(r, 5));
    run.child.kill("SIGINT");
    while (!run.output().stdout.includes("stopping after the current page")) {
      await new Promise((r) => setTimeout(r, 5));
    }
    run.child.kill("SIGINT");
    const result = await run.result;
    expect(result.code).toBe(130);
    expect(result.stderr).toMatch(/ERR_INTERRUPTED: second SIGINT, exiting now/);
    expect(lines(result.stderr)).toHaveLength(1);
    const resumed = await runCli([...args, "--out", "./out", "--api", slow.url, "--resume"], {
      env,
      cwd: dir,
    });
    expect(resumed.code, resumed.stderr).toBe(0);
    const rows = (await datasetRows(await diskParts(join(dir, "out")))).get(TARGET);
    expect(rows).toEqual(truthRows(slow, { target: TARGET }));
  } finally {
    await slow.close();
  }
});
