/**
 * Shards and money: shard page 1s the planner bought are written by their chains (never bought
 * twice), and the planner's probes count against maxCost like pages do.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { RunningSimulator } from "@backlinks/simulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exportBacklinks } from "../src/index.js";
import { openDataset, readRowKeys } from "./support/dataset.js";
import { exportOptions, removeDir, startSim, tempDir } from "./support/fixtures.js";
import { truthKeys } from "./support/simulator.js";

let sim: RunningSimulator;
let root: string;
beforeAll(async () => {
  // 12,000 rows at 500 per page: below the API's offset window, so the planner counts its final
  // pieces by fetching their real page 1 (kept for the chains)
  sim = await startSim({ targets: { "a.com": 12_000, "b.org": 30_000 } });
  root = await tempDir("shards-budget-");
});
afterAll(async () => {
  await sim?.close();
  await removeDir(root);
});

let n = 0;
async function readBack(dir: string) {
  const files = openDataset({ kind: "disk", dir });
  try {
    return await readRowKeys(files);
  } finally {
    files.close();
  }
}

describe("shard page 1s bought while planning", () => {
  it("are written by their shard's chain, not bought again", async () => {
    const dir = join(root, `run-${n++}`);
    const before = sim.stats().requests;
    const summary = await exportBacklinks(exportOptions(sim, { kind: "disk", dir }, { shards: 6 }));
    const server = sim.stats().requests - before;
    const { manifest, keys } = await readBack(dir);
    const sharding = manifest.targets[0]!.sharding!;
    expect(summary.status).toBe("complete");
    expect(sharding.probes.pagesReused).toBeGreaterThan(0);
    // every request the server saw is a probe or a page some shard chain wrote: none twice
    const walked = manifest.targets[0]!.pages;
    expect(server).toBe(sharding.probes.requests + walked);
    expect(summary.requests).toBe(server);
    // the summary names the probes apart (they are also in its requests and cost)
    expect(summary.targets[0]!.probes).toEqual({
      requests: sharding.probes.requests,
      cost: sharding.probes.cost,
    });
    const rows = keys.get("a.com") ?? [];
    expect(new Set(rows).size).toBe(rows.length);
    expect([...rows].sort()).toEqual([...truthKeys(sim, "a.com")].sort());
  });
});

describe("probes under maxCost", () => {
  it("a budget that covers page 1 but not the planner stops before the first probe", async () => {
    const dir = join(root, `run-${n++}`);
    const before = sim.stats().cost;
    // page 1 costs 0.02 + 500 × 0.00003 = 0.035; a probe is estimated at that until one is seen
    const err = await exportBacklinks(
      exportOptions(sim, { kind: "disk", dir }, { targets: ["b.org"], shards: 6, maxCost: 0.05 }),
    ).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "ERR_BUDGET_EXCEEDED" });
    expect(sim.stats().cost - before).toBeLessThanOrEqual(0.05);
  });

  it.each([0.1, 0.3, 0.6])(
    "maxCost %f: spend (probes included) never passes it; resume finishes exact",
    async (maxCost) => {
      const dir = join(root, `run-${n++}`);
      const options = exportOptions(sim, { kind: "disk", dir }, { targets: ["b.org"], shards: 6, maxCost });
      const before = sim.stats().cost;
      const err = await exportBacklinks(options).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: "ERR_BUDGET_EXCEEDED" });
      expect(sim.stats().cost - before).toBeLessThanOrEqual(maxCost + 1e-9);
      // a run stopped before its first commit leaves nothing to resume (the output is as it was)
      const resume = existsSync(join(dir, "_state.json"));
      const datasetFrom = resume ? before : sim.stats().cost;
      const done = await exportBacklinks({ ...options, maxCost: 100, resume });
      expect(done.status).toBe("complete");
      const { manifest, keys } = await readBack(dir);
      const rows = keys.get("b.org") ?? [];
      expect(new Set(rows).size).toBe(rows.length);
      expect([...rows].sort()).toEqual([...truthKeys(sim, "b.org")].sort());
      // the manifest's cost is the whole dataset's (all its runs): probes included
      expect(manifest.totals.cost).toBeCloseTo(sim.stats().cost - datasetFrom, 6);
    },
  );
});
