import { describe, expect, it } from "vitest";
import { computeEstimate, shardEstimate } from "../src/dry-run.js";

const BASE = { pageSize: 1000, maxRows: undefined, rate: 2000, concurrency: 30 };
const PROBE = { probed: true, probeCost: 0.02003, latencySeconds: 0.8, scale: 1 };

describe("dry-run estimate of sharded exports", () => {
  it("1M rows, shards auto: 30 shards, walk requests of one chain plus the planner's probes, time of one shard", () => {
    const e = computeEstimate(
      { ...BASE, shards: "auto", targets: 1 },
      [{ target: "a.com", totalCount: 1_000_000 }],
      PROBE,
    );
    const t = e.targets[0]!;
    expect(t.shards).toBe(30);
    // page 1 + 34 bracket counts of ~30,000 rows + 29 cut reads
    expect(t.shardProbes).toBe(64);
    expect(e.shardProbes).toBe(64);
    expect(e.requests).toBe(1000 + 64);
    // longest chain: page 1, two planning round trips, then 34 pages of the largest shard
    expect(e.time?.longestChainSeconds).toBeCloseTo((1 + 2 + 34) * 0.8, 6);
    // the account's 2,000 requests/min bind
    expect(e.time?.estimateSeconds).toBeCloseTo((1064 / 2000) * 60, 6);
    // probes: page 1 is a full page, the others ~2 rows
    expect(e.cost).toBeCloseTo(1064 * 0.02 + (1_000_000 + 1000 + 2 * 63) * 0.00003, 6);
  });

  it("shards off, maxRows or a small run with every chain busy: one chain per target", () => {
    const off = computeEstimate(
      { ...BASE, shards: "off", targets: 1 },
      [{ target: "a.com", totalCount: 1_000_000 }],
      PROBE,
    );
    expect(off.targets[0]!.shards).toBe(1);
    expect(off.requests).toBe(1000);
    expect(off.time?.estimateSeconds).toBeCloseTo(800, 6);
    expect(shardEstimate(1_000_000, { ...BASE, maxRows: 500_000, shards: "auto" })).toEqual({
      shards: 1,
      probes: 0,
    });
    expect(shardEstimate(50_000, { ...BASE, shards: "auto", targets: 30 })).toEqual({ shards: 1, probes: 0 });
    // left out (a caller without a setting): one chain
    expect(shardEstimate(1_000_000, BASE)).toEqual({ shards: 1, probes: 0 });
  });

  it("20 targets × 50k, shards auto: 2 shards each (10 chains would sit idle), time of 40 chains on 30 lanes", () => {
    const targets = Array.from({ length: 20 }, (_, i) => ({ target: `s${i}.example`, totalCount: 50_000 }));
    const e = computeEstimate({ ...BASE, shards: "auto", targets: 20 }, targets, PROBE);
    for (const t of e.targets) expect(t.shards).toBe(2);
    // page 1 + 2 brackets + 1 cut read per target
    expect(e.shardProbes).toBe(20 * 4);
    expect(e.requests).toBe(20 * 50 + 80);
    expect(e.time?.parallelSeconds).toBeCloseTo((1080 * 0.8) / 30, 6);
  });

  it("shards N asks for N page-aligned shards", () => {
    expect(shardEstimate(1_000_000, { ...BASE, shards: 8 })).toEqual({ shards: 8, probes: 1 + 34 + 7 });
    expect(shardEstimate(3_000, { ...BASE, shards: 8 })).toEqual({ shards: 4, probes: 1 + 1 + 3 });
  });
});
