/**
 * Sharded exports against the simulator: for every grouping, with and without a user filter, the
 * sharded dataset holds exactly the simulator's ground truth (as a set; in order where the
 * manifest says "global"), and `shards: "off"` is the plain one-chain export.
 */
import { join } from "node:path";
import type { RunningSimulator } from "@backlinks/simulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exportBacklinks } from "../src/index.js";
import { openDataset, readRowKeys } from "./support/dataset.js";
import { exportOptions, removeDir, startSim, tempDir } from "./support/fixtures.js";
import { truthKeys } from "./support/simulator.js";

const ROWS = 30_000;
let sim: RunningSimulator;
let root: string;
beforeAll(async () => {
  sim = await startSim({ targets: { "a.com": ROWS } });
  root = await tempDir("shards-");
});
afterAll(async () => {
  await sim?.close();
  await removeDir(root);
});

const DOFOLLOW = ["dofollow", "=", true];
const CASES: { name: string; request: Record<string, unknown> }[] = [
  { name: "as_is", request: {} },
  { name: "as_is + filter", request: { filters: DOFOLLOW } },
  { name: "one_per_domain", request: { mode: "one_per_domain" } },
  { name: "one_per_domain + filter", request: { mode: "one_per_domain", filters: DOFOLLOW } },
  { name: "one_per_anchor", request: { mode: "one_per_anchor" } },
  { name: "one_per_anchor + filter", request: { mode: "one_per_anchor", filters: DOFOLLOW } },
  { name: "custom_mode", request: { custom_mode: { field: "domain_from", value: 3 } } },
  {
    name: "custom_mode + filter",
    request: { custom_mode: { field: "domain_from", value: 3 }, filters: DOFOLLOW },
  },
];

let n = 0;
async function run(request: Record<string, unknown>, patch: Record<string, unknown> = {}) {
  const dir = join(root, `run-${n++}`);
  const summary = await exportBacklinks(
    exportOptions(sim, { kind: "disk", dir }, { request, shards: 6, partRows: 2000, ...patch }),
  );
  const files = openDataset({ kind: "disk", dir });
  try {
    const { manifest, keys } = await readRowKeys(files);
    return { summary, manifest, keys: keys.get("a.com") ?? [], files: await files.list() };
  } finally {
    files.close();
  }
}

describe("sharded export equals the ground truth", () => {
  it.each(CASES)("$name", async ({ request }) => {
    const { summary, manifest, keys, files } = await run(request);
    const truth = truthKeys(sim, "a.com", request);
    expect(summary.status).toBe("complete");
    const t = manifest.targets[0]!;
    const sharding = t.sharding!;
    expect(sharding.sharded).toBe(true);
    expect(sharding.shards.length).toBeGreaterThan(1);
    expect(sharding.difference).toBe(0);
    expect(sharding.totalCount).toBe(truth.length);
    expect(sharding.shards.reduce((a, s) => a + s.rows, 0)).toBe(truth.length);
    for (const s of sharding.shards) {
      expect(s.complete).toBe(true);
      expect(s.condition).not.toBeNull();
      for (const p of s.parts) expect(p).toMatch(new RegExp(`^target=a\\.com/part-${s.id}-\\d{5}\\.ndjson$`));
    }
    expect(new Set(keys).size).toBe(keys.length); // no duplicates
    expect([...keys].sort()).toEqual([...truth].sort());
    if (sharding.order === "global") expect(keys).toEqual(truth);
    expect(files).toContain("_SUCCESS");
  });

  it("order_by leading with the shard key: the output is the unsharded order", async () => {
    const request = { order_by: ["first_seen,desc"] };
    const { manifest, keys } = await run(request, { shardKey: "first_seen" });
    const sharding = manifest.targets[0]!.sharding!;
    expect(sharding.key).toBe("first_seen");
    expect(sharding.order).toBe("global");
    expect(keys).toEqual(truthKeys(sim, "a.com", request));
  });

  it("order_by on another field: order per shard, same set", async () => {
    const request = { order_by: ["domain_from_rank,desc"] };
    const { manifest, keys } = await run(request, { shardKey: "first_seen" });
    const sharding = manifest.targets[0]!.sharding!;
    expect(sharding.order).toBe("per_shard");
    expect([...keys].sort()).toEqual(truthKeys(sim, "a.com", request).sort());
  });

  it('shards "off" is the one-chain export', async () => {
    const off = await run({}, { shards: "off" });
    expect(off.manifest.targets[0]!.sharding).toMatchObject({ sharded: false, reason: 'shards "off"' });
    expect(off.keys).toEqual(truthKeys(sim, "a.com"));
    expect(off.files.filter((f) => f.startsWith("target="))).toEqual(
      off.manifest.targets[0]!.parts.map((p) => p.path),
    );
    expect(off.manifest.targets[0]!.parts[0]!.path).toBe("target=a.com/part-00000.ndjson");
  });

  it("a key with heavy ties (domain_from_rank: every backlink of a domain shares it) loses and repeats nothing", async () => {
    const request = { filters: DOFOLLOW };
    const { manifest, keys } = await run(request, { shardKey: "domain_from_rank", shards: 12 });
    const sharding = manifest.targets[0]!.sharding!;
    expect(sharding).toMatchObject({ sharded: true, key: "domain_from_rank", difference: 0 });
    expect(new Set(keys).size).toBe(keys.length);
    expect([...keys].sort()).toEqual(truthKeys(sim, "a.com", request).sort());
  });

  it("a refused plan (a key that does not commute with the mode) falls back to one chain and says why", async () => {
    const request = { mode: "one_per_domain" };
    const { summary, manifest, keys } = await run(request, { shardKey: "first_seen" });
    expect(summary.status).toBe("complete");
    const sharding = manifest.targets[0]!.sharding!;
    expect(sharding.sharded).toBe(false);
    expect(sharding.reason).toMatch(/first_seen/);
    expect(manifest.targets[0]!.parts[0]!.path).toBe("target=a.com/part-00000.ndjson");
    expect(keys).toEqual(truthKeys(sim, "a.com", request));
  });

  it("maxRows: one chain (the cap is defined in one chain's walk order)", async () => {
    const { manifest, keys } = await run({}, { maxRows: 1234 });
    expect(manifest.targets[0]!.sharding).toMatchObject({
      sharded: false,
      reason: expect.stringMatching(/maxRows/),
    });
    expect(keys).toEqual(truthKeys(sim, "a.com", {}, 1234));
  });

  it('shards "auto" below the threshold with every chain busy falls back to one chain and says why', async () => {
    const logs: string[] = [];
    const dir = join(root, `run-${n++}`);
    // one target, one chain allowed: sharding could not add a chain
    await exportBacklinks(exportOptions(sim, { kind: "disk", dir }, { shards: "auto", concurrency: 1 }), {
      onLog: (e) => logs.push(e.event),
    });
    const files = openDataset({ kind: "disk", dir });
    const { manifest, keys } = await readRowKeys(files);
    files.close();
    expect(logs).toContain("shard_fallback");
    expect(manifest.targets[0]!.sharding?.reason).toMatch(
      /at most 200000 rows and 1 targets keep 1 of 1 chains/,
    );
    expect(keys.get("a.com")).toEqual(truthKeys(sim, "a.com"));
  });

  it('shards "auto" below the threshold with idle chains: the target gets ⌈chains / targets⌉ shards of ≥ 20 pages', async () => {
    const dir = join(root, `run-${n++}`);
    const summary = await exportBacklinks(exportOptions(sim, { kind: "disk", dir }, { shards: "auto" }));
    const files = openDataset({ kind: "disk", dir });
    const { manifest, keys } = await readRowKeys(files);
    files.close();
    const sharding = manifest.targets[0]!.sharding!;
    expect(sharding.sharded).toBe(true);
    // 30,000 rows at 500 per page = 61 pages: min(8 chains, ⌊61 / 20⌋) = 3 shards
    expect(sharding.shards).toHaveLength(3);
    expect(summary.status).toBe("complete");
    expect([...(keys.get("a.com") ?? [])].sort()).toEqual([...truthKeys(sim, "a.com")].sort());
  });
});
