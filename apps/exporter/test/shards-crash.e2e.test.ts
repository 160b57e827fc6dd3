/**
 * Crash drills with shards: the built CLI exporting one target as 3 shard chains is killed with
 * SIGKILL at a seeded point (after the simulator has sold N requests, probes included), then
 * `--resume` finishes. The parts hold exactly the uninterrupted sharded run's rows, in the same
 * order, none twice, and equal the simulator's truth as a set; a crash re-buys at most the planning
 * probes (when the plan was not yet saved) plus one uncommitted part per shard chain.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { type RunningSimulator, startSimulator } from "@backlinks/simulator";
import { beforeAll, describe, expect, it } from "vitest";
import {
  apiEnv,
  assertBuilt,
  childEnv,
  decodePart,
  listFiles,
  rowKey,
  runCli,
  SIM_CREDENTIALS,
  spawnCli,
  tempDir,
  truthRows,
} from "./cli-e2e-support.js";

const TARGET = "shard-crash.example";
const ROWS = 6000;
const PAGE = 500;
const PART_ROWS = 1000;
const PAGES_PER_PART = PART_ROWS / PAGE;
const SHARDS = 3;
const DRILLS = 4;
const SHARD_PART = /^target=[^/]+\/part-s\d{4}-\d{5}\.(ndjson|parquet)$/;

function drillSimulator(): Promise<RunningSimulator> {
  return startSimulator({
    seed: 12,
    targets: { [TARGET]: ROWS },
    credentials: { ...SIM_CREDENTIALS },
    latency: { fixedMs: 15 },
  });
}

function argsFor(out: string, api: string, format: string): string[] {
  return [
    ...["--target", TARGET, "--format", format, "--page-size", String(PAGE)],
    ...["--part-rows", String(PART_ROWS), "--shards", String(SHARDS), "--out", out, "--api", api, "--quiet"],
  ];
}

/** Every row of the dataset's shard parts, in part-name order (shard, then part). */
async function shardRows(out: string): Promise<string[]> {
  const names = (await listFiles(out)).filter((f) => SHARD_PART.test(f)).sort();
  const rows: string[] = [];
  for (const name of names) {
    const bytes = await readFile(join(out, name));
    for (const row of await decodePart({ target: TARGET, part: 0, name, bytes })) rows.push(rowKey(row));
  }
  return rows;
}

beforeAll(() => {
  assertBuilt();
});

for (const format of ["ndjson", "parquet"] as const) {
  describe(`${format}, ${SHARDS} shards`, () => {
    let baseline: { requests: number; probes: number; rows: string[] };
    beforeAll(async () => {
      const simulator = await drillSimulator();
      try {
        const out = join(await tempDir(`shard-crash-baseline-${format}`), "out");
        const result = await runCli(argsFor(out, simulator.url, format), { env: childEnv(apiEnv()) });
        expect(result.code, result.stderr).toBe(0);
        const manifest = JSON.parse(await readFile(join(out, "_manifest.json"), "utf8"));
        const sharding = manifest.targets[0].sharding;
        expect(sharding.sharded).toBe(true);
        expect(sharding.shards).toHaveLength(SHARDS);
        const rows = await shardRows(out);
        expect([...rows].sort()).toEqual(truthRows(simulator, { target: TARGET }).sort());
        baseline = { requests: simulator.stats().requests, probes: sharding.probes.requests, rows };
      } finally {
        await simulator.close();
      }
    });

    describe.concurrent("drills", () => {
      for (let drill = 0; drill < DRILLS; drill++) {
        it(`drill ${drill + 1}: SIGKILL at a seeded point, then --resume gives exactly the uninterrupted rows`, async () => {
          // seeded, spread over the whole run: planning, the first parts, the middle, the end
          const killAt = 1 + Math.floor(((drill + 0.5) / DRILLS) * (baseline.requests - 1));
          const simulator = await drillSimulator();
          try {
            const out = join(await tempDir(`shard-crash-${format}`), "out");
            const args = argsFor(out, simulator.url, format);
            const env = childEnv(apiEnv());
            const first = spawnCli(args, { env });
            let exited = false;
            void first.result.then(() => {
              exited = true;
            });
            while (!exited && simulator.stats().requests < killAt) await new Promise((r) => setTimeout(r, 2));
            const crashes = exited ? 0 : 1;
            // the first half of the drills kill long before the end: they must really crash it
            if (drill < DRILLS / 2) expect(crashes).toBe(1);
            if (!exited) first.child.kill("SIGKILL");
            await first.result;

            let resumed = await runCli([...args, "--resume"], { env });
            if (resumed.code === 2 && resumed.stderr.includes("ERR_NOTHING_TO_RESUME")) {
              resumed = await runCli([...args, "--force"], { env }); // killed before any state existed
            }
            expect(resumed.stderr).toBe("");
            expect(resumed.code).toBe(0);

            const rows = await shardRows(out);
            expect(rows).toEqual(baseline.rows);
            expect(new Set(rows).size).toBe(ROWS);
            const bought = simulator.stats().requests;
            expect(bought).toBeGreaterThanOrEqual(baseline.requests);
            expect(bought).toBeLessThanOrEqual(
              baseline.requests + crashes * (baseline.probes + SHARDS * PAGES_PER_PART),
            );
          } finally {
            await simulator.close();
          }
        });
      }
    });
  });
}
