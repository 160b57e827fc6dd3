/** The completeness check of a sharded target: per shard and in total, against the unsharded total_count. */
import type { ShardPlan } from "@backlinks/core";
import { describe, expect, it } from "vitest";
import { isComplete, mismatches } from "../src/export/completeness.js";
import { manifestSharding } from "../src/shard-manifest.js";
import { type ShardChainState, syncShardTotals } from "../src/state/shards.js";
import type { ChainState } from "../src/state/state.js";

const shardChain = (shard: string, rows: number, totalCount: number): ShardChainState => ({
  target: "a.com",
  dir: "target=a.com",
  shard,
  cursor: null,
  skipRows: 0,
  parts: [
    { path: `target=a.com/part-${shard}-00000.csv`, rows, bytes: 1, sha256: "x", firstPage: 1, lastPage: 1 },
  ],
  rows,
  pages: 1,
  pagesBought: 1,
  cost: 0.01,
  totalCount,
  end: "end_of_data",
});

function target(unsharded: number, shards: [number, number][]): ChainState {
  const plan = {
    version: 1,
    key: "first_seen",
    ordered: false,
    totalCount: unsharded,
    difference: 0,
    shards: shards.map((_, i) => ({
      id: `s000${i}`,
      index: i,
      count: 0,
      condition: ["first_seen", ">=", "x"],
    })),
  } as unknown as ShardPlan;
  const chain: ChainState = {
    target: "a.com",
    dir: "target=a.com",
    cursor: null,
    skipRows: 0,
    parts: [],
    rows: 0,
    pages: 0,
    pagesBought: 0,
    cost: 0,
    totalCount: null,
    end: null,
    sharding: {
      plan,
      reason: null,
      totalCount: unsharded,
      probes: { requests: 3, cost: 0.05, rows: 3 },
      shards: shards.map(([rows, total], i) => shardChain(`s000${i}`, rows, total)),
    },
  };
  syncShardTotals(chain);
  return chain;
}

describe("sharded completeness", () => {
  it("every shard complete and the totals add up: complete", () => {
    const c = target(300, [
      [100, 100],
      [200, 200],
    ]);
    expect(c.rows).toBe(300);
    expect(c.parts.map((p) => p.path)).toEqual([
      "target=a.com/part-s0000-00000.csv",
      "target=a.com/part-s0001-00000.csv",
    ]);
    expect(c.cost).toBeCloseTo(0.07);
    expect(isComplete(c, null)).toBe(true);
    expect(mismatches([c], null)).toEqual([]);
    expect(manifestSharding(c)).toMatchObject({ sharded: true, shardTotal: 300, difference: 0 });
  });

  it("shard totals that do not add up to the unsharded total_count are a mismatch, reported", () => {
    const c = target(310, [
      [100, 100],
      [200, 200],
    ]);
    expect(isComplete(c, null)).toBe(false);
    expect(mismatches([c], null)).toEqual([{ target: "a.com", expected: 310, rows: 300 }]);
    expect(manifestSharding(c)).toMatchObject({ shardTotal: 300, difference: 10 });
  });

  it("a shard short of its own total_count fails even when the sum matches", () => {
    const c = target(300, [
      [90, 100],
      [210, 200],
    ]);
    expect(c.rows).toBe(300);
    expect(isComplete(c, null)).toBe(false);
    expect(mismatches([c], null)).toHaveLength(1);
    const m = manifestSharding(c)!;
    expect(m.shards.map((s) => s.complete)).toEqual([false, false]);
  });

  it("a target with a shard still running has not ended", () => {
    const c = target(300, [
      [100, 100],
      [50, 200],
    ]);
    c.sharding!.shards[1]!.end = null;
    syncShardTotals(c);
    expect(c.end).toBeNull();
    expect(isComplete(c, null)).toBe(false);
  });
});
