/**
 * Crash drills: the built CLI is killed with SIGKILL at a seeded random point (after the
 * simulator has sold N pages), then `--resume` finishes the export. The final rows equal an
 * uninterrupted run (the simulator's truth), nothing is duplicated, and the simulator's request
 * count shows at most one part's pages bought again per crash. 5 drills per format, disk and S3.
 */
import { join } from "node:path";
import { type RunningSimulator, startSimulator } from "@backlinks/simulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  apiEnv,
  assertBuilt,
  childEnv,
  datasetRows,
  diskParts,
  runCli,
  S3_ENV,
  SIM_CREDENTIALS,
  s3Client,
  s3Parts,
  spawnCli,
  tempDir,
  truthRows,
} from "./cli-e2e-support.js";
import { startS3, type TestS3 } from "./support/s3rver.js";

const TARGET = "crash.example";
const ROWS = 3000;
const PAGE = 500;
const PART_ROWS = 1000;
const PAGES_PER_PART = PART_ROWS / PAGE;
const BUCKET = "e2e-crash";
const DRILLS_PER_CELL = 5;

/** mulberry32: a tiny seeded PRNG, so every drill's kill point is reproducible. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function argsFor(out: string, api: string, format: string): string[] {
  return [
    "--target",
    TARGET,
    "--format",
    format,
    "--page-size",
    String(PAGE),
    "--part-rows",
    String(PART_ROWS),
    "--out",
    out,
    "--api",
    api,
    "--quiet",
  ];
}

let s3: TestS3;
beforeAll(async () => {
  assertBuilt();
  s3 = await startS3([BUCKET]);
});
afterAll(async () => {
  await s3?.close();
});

/** Waits until the simulator has answered `n` requests (or the child exits first). */
async function killAfterRequests(
  simulator: RunningSimulator,
  n: number,
  child: import("node:child_process").ChildProcess,
  done: Promise<unknown>,
): Promise<boolean> {
  let exited = false;
  void done.then(() => {
    exited = true;
  });
  while (!exited && simulator.stats().requests < n) await new Promise((r) => setTimeout(r, 2));
  if (exited) return false;
  child.kill("SIGKILL");
  await done;
  return true;
}

/** A simulator of the drill dataset; a little latency per page so kills land mid-export. */
function drillSimulator(): Promise<RunningSimulator> {
  return startSimulator({
    seed: 11,
    targets: { [TARGET]: ROWS },
    credentials: { ...SIM_CREDENTIALS },
    latency: { fixedMs: 15 },
  });
}

for (const format of ["csv", "ndjson", "parquet"] as const) {
  describe(`${format}`, () => {
    // The uninterrupted run every drill is compared with: its rows and the requests it buys.
    let baseline: { requests: number; rows: string[] | undefined };
    beforeAll(async () => {
      const simulator = await drillSimulator();
      try {
        const dir = await tempDir(`crash-baseline-${format}`);
        const result = await runCli(argsFor(join(dir, "out"), simulator.url, format), {
          env: childEnv(apiEnv()),
        });
        expect(result.code, result.stderr).toBe(0);
        baseline = {
          requests: simulator.stats().requests,
          rows: (await datasetRows(await diskParts(join(dir, "out")))).get(TARGET),
        };
        expect(baseline.rows).toEqual(truthRows(simulator, { target: TARGET }));
      } finally {
        await simulator.close();
      }
    });

    for (const sink of ["disk", "s3"] as const) {
      // Drills are independent (own simulator, own output), so they run side by side.
      describe.concurrent(`on ${sink}`, () => {
        for (let drill = 0; drill < DRILLS_PER_CELL; drill++) {
          it(`drill ${drill + 1}: SIGKILL at a seeded point, then --resume gives exactly the uninterrupted rows`, async () => {
            const random = prng(1000 * drill + format.length * 31 + (sink === "s3" ? 7 : 0));
            const killAt = 1 + Math.floor(random() * (baseline.requests - 1));
            const simulator = await drillSimulator();
            try {
              const dir = await tempDir(`crash-${format}-${sink}`);
              const prefix = `${format}/drill-${drill}`;
              const out = sink === "disk" ? join(dir, "out") : `s3://${BUCKET}/${prefix}`;
              const args = [
                ...argsFor(out, simulator.url, format),
                ...(sink === "s3" ? ["--s3-endpoint", s3.endpoint, "--s3-path-style"] : []),
              ];
              const env = childEnv({ ...apiEnv(), ...(sink === "s3" ? S3_ENV : {}) });
              const first = spawnCli(args, { env });
              const killed = await killAfterRequests(simulator, killAt, first.child, first.result);
              const crashes = killed ? 1 : 0;
              let resumed = await runCli([...args, "--resume"], { env });
              if (resumed.code === 2 && resumed.stderr.includes("ERR_NOTHING_TO_RESUME")) {
                // Killed before the first part was committed: there is no state yet; the CLI says so
                // (exit 2) and advises --force, which starts over past the leftover temp file.
                resumed = await runCli([...args, "--force"], { env });
              }
              expect(resumed.stderr).toBe("");
              expect(resumed.code).toBe(0);

              const client = s3Client(s3.endpoint);
              const parts =
                sink === "disk"
                  ? await diskParts(join(dir, "out"))
                  : await s3Parts(client, BUCKET, `${prefix}/`);
              client.destroy();
              const rows = (await datasetRows(parts)).get(TARGET);
              expect(rows).toEqual(baseline.rows);
              expect(new Set(rows).size).toBe(ROWS);
              const bought = simulator.stats().requests;
              expect(bought).toBeLessThanOrEqual(baseline.requests + crashes * PAGES_PER_PART);
              expect(bought).toBeGreaterThanOrEqual(baseline.requests);
            } finally {
              await simulator.close();
            }
          });
        }
      });
    }
  });
}
