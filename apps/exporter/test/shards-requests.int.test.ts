/**
 * A large target through the exporter: page-aligned shards walk in exactly one chain's requests,
 * the planner needs two probe rounds after page 1, and the simulator (30 concurrent, 2,000/min)
 * refuses nothing. Counts only: nothing here depends on how fast the machine is.
 */
import { join } from "node:path";
import type { RunningSimulator } from "@backlinks/simulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exportBacklinks } from "../src/index.js";
import { openDataset, readRowKeys } from "./support/dataset.js";
import { exportOptions, removeDir, startSim, tempDir } from "./support/fixtures.js";
import { truthKeys } from "./support/simulator.js";

const ROWS = 60_000;
let sim: RunningSimulator;
let root: string;
beforeAll(async () => {
  sim = await startSim({
    targets: { "big.com": ROWS },
    limits: { requestsPerMinute: 2000, maxConcurrent: 30 },
  });
  root = await tempDir("shards-requests-");
});
afterAll(async () => {
  await sim?.close();
  await removeDir(root);
});

describe("a target above the offset window, shards auto", () => {
  it("one chain's walk requests + page 1 and two probe rounds; exact rows; no refusal", async () => {
    const dir = join(root, "auto");
    const before = sim.stats();
    const summary = await exportBacklinks(
      exportOptions(
        sim,
        { kind: "disk", dir },
        {
          targets: ["big.com"],
          pageSize: 1000,
          partRows: 100_000,
          shards: "auto",
          concurrency: 8,
          rate: 2000,
        },
      ),
    );
    const after = sim.stats();
    const files = openDataset({ kind: "disk", dir });
    const { manifest, keys } = await readRowKeys(files);
    files.close();
    expect(summary.status).toBe("complete");
    const t = manifest.targets[0]!;
    const sharding = t.sharding!;
    const total = sharding.totalCount;
    const pages = Math.floor(total / 1000) + 1; // one chain: its last page is short or empty
    // below the auto threshold, 1 target and 8 chains: min(8, ⌊pages / 20⌋) shards of equal pages
    const wanted = Math.min(8, Math.floor(pages / 20));
    expect(sharding.shards).toHaveLength(Math.ceil(pages / Math.ceil(pages / wanted)));
    for (const s of sharding.shards.slice(0, -1)) expect(s.plannedCount % 1000).toBe(999);
    expect(t.pages).toBe(pages); // walk pages: exactly one chain's
    expect(sharding.probes.rounds).toBe(2);
    // page 1 + brackets of ≤ ~30,000 rows + one read per cut
    expect(sharding.probes.requests).toBeLessThanOrEqual(
      1 + Math.ceil(total / 29_998.5) + sharding.shards.length - 1,
    );
    expect(after.requests - before.requests).toBe(pages + sharding.probes.requests);
    expect(after.refusals.rateLimit - before.refusals.rateLimit).toBe(0);
    expect(after.refusals.concurrency - before.refusals.concurrency).toBe(0);
    const rows = keys.get("big.com") ?? [];
    expect(new Set(rows).size).toBe(rows.length);
    expect([...rows].sort()).toEqual([...truthKeys(sim, "big.com")].sort());
  });
});
