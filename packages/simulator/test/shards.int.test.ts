/**
 * The shard planner and `paginateShards` (core) against the simulator over real HTTP: for every
 * mode and every custom_mode field, with and without user filters, the union of the shard walks
 * equals the engine's ground truth of the unsharded request, row for row.
 */
import {
  type BacklinksClient,
  type BacklinksRequest,
  CUSTOM_MODE_FIELDS,
  createClient,
  type FilterExpression,
  paginateShards,
  planShards,
  type ShardPlan,
} from "@backlinks/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningSimulator, startSimulator } from "../src/index.js";

const TARGET = "shards.test";
let sim: RunningSimulator;
let client: BacklinksClient;

beforeAll(async () => {
  sim = await startSimulator({ targets: { [TARGET]: 12_000 }, limits: { requestsPerMinute: null } });
  client = createClient({ baseUrl: sim.url, ...sim.credentials, rate: 1_000_000 });
});
afterAll(async () => {
  await client?.close();
  await sim?.close();
});

/** A backlink's identity: (url_from, url_to) is unique in the simulator's datasets. */
const idOf = (item: Record<string, unknown>): string => `${item.url_from}|${item.url_to}`;

function truthIds(request: BacklinksRequest): string[] {
  const ids = [...sim.truth(request).items()].map(idOf);
  expect(new Set(ids).size).toBe(ids.length);
  return ids;
}

async function walk(plan: ShardPlan, order: "key" | "arrival") {
  const ids: string[] = [];
  const perShard = new Map<string, number>();
  for await (const { shard, page } of paginateShards(client, plan, { chains: 6, order })) {
    for (const item of page.items) ids.push(idOf(item as unknown as Record<string, unknown>));
    perShard.set(shard.id, (perShard.get(shard.id) ?? 0) + page.items.length);
  }
  return { ids, perShard };
}

/** Plan with the unsharded total_count, walk every shard, compare with the ground truth. */
async function shardAndCompare(request: BacklinksRequest, options: { key?: string; parts?: number } = {}) {
  const truth = truthIds(request);
  const first = await client.live({ ...request, limit: 1 });
  expect(first.result.total_count).toBe(truth.length);
  const targetRows = Math.max(10, Math.ceil(truth.length / (options.parts ?? 8)));
  const plan = await planShards(client, request, {
    totalCount: first.result.total_count,
    targetRows,
    ...(options.key ? { key: options.key } : {}),
  });
  const { ids, perShard } = await walk(plan, plan.ordered ? "key" : "arrival");
  expect(new Set(ids).size).toBe(ids.length); // nothing repeated
  expect([...ids].sort()).toEqual([...truth].sort()); // nothing lost
  expect(plan.difference).toBe(0);
  for (const shard of plan.shards) expect(perShard.get(shard.id) ?? 0).toBe(shard.count);
  return { plan, ids, truth, targetRows };
}

const FILTERS: Record<string, FilterExpression | undefined> = {
  "no filters": undefined,
  "and filters": [["dofollow", "=", true], "and", ["page_from_rank", ">=", 50]],
  "or filters": [["url_from_https", "=", false], "or", ["anchor", "like", "%shards%"]],
};

const GROUPINGS: Record<string, Partial<BacklinksRequest>> = {
  as_is: { mode: "as_is" },
  one_per_domain: { mode: "one_per_domain" },
  one_per_anchor: { mode: "one_per_anchor" },
  ...Object.fromEntries(
    CUSTOM_MODE_FIELDS.map((field) => [`custom_mode ${field}`, { custom_mode: { field, value: 3 } }]),
  ),
};

describe("sharded walks equal the unsharded ground truth", () => {
  for (const [grouping, part] of Object.entries(GROUPINGS)) {
    for (const [filterName, filters] of Object.entries(FILTERS)) {
      it(`${grouping}, ${filterName}`, async () => {
        const request: BacklinksRequest = {
          target: TARGET,
          limit: 100,
          ...part,
          ...(filters ? { filters } : {}),
        };
        const { plan, truth } = await shardAndCompare(request);
        if (truth.length > 200) {
          expect(plan.reason).toBeNull();
          expect(plan.shards.length).toBeGreaterThan(1);
        }
      });
    }
  }
});

describe("order_by leading with the key", () => {
  it("as_is, domain_from_rank desc: shards in key order give the unsharded order", async () => {
    const request: BacklinksRequest = {
      target: TARGET,
      limit: 100,
      order_by: ["domain_from_rank,desc", "rank,asc"],
    };
    const { plan, ids, truth } = await shardAndCompare(request);
    expect(plan.key).toBe("domain_from_rank");
    expect(plan.ordered).toBe(true);
    expect(ids).toEqual(truth);
  });

  it("as_is with filters, first_seen asc", async () => {
    const request: BacklinksRequest = {
      target: TARGET,
      limit: 100,
      order_by: ["first_seen,asc"],
      filters: ["dofollow", "=", true],
    };
    const { plan, ids, truth } = await shardAndCompare(request);
    expect(plan.key).toBe("first_seen");
    expect(ids).toEqual(truth);
  });

  it("one_per_domain, domain_from_rank asc", async () => {
    const request: BacklinksRequest = {
      target: TARGET,
      limit: 50,
      mode: "one_per_domain",
      order_by: ["domain_from_rank,asc", "last_seen,desc"],
    };
    const { plan, ids, truth } = await shardAndCompare(request);
    expect(plan.ordered).toBe(true);
    expect(ids).toEqual(truth);
  });
});

describe("ties at the boundaries", () => {
  it("a domain_from_rank value above the target is split again on first_seen; nothing lost or repeated", async () => {
    const request: BacklinksRequest = { target: TARGET, limit: 100 };
    const { plan } = await shardAndCompare(request, { key: "domain_from_rank", parts: 40 });
    const nested = plan.shards.filter((s) => s.bounds.kind === "nested");
    expect(nested.length).toBeGreaterThan(1);
    for (const s of nested) {
      expect(s.bounds.kind === "nested" && s.bounds.key).toBe("first_seen");
      const values = new Set(
        [...sim.truth({ ...request, filters: s.filters as FilterExpression }).items()].map(
          (i) => i.domain_from_rank,
        ),
      );
      expect(values.size).toBe(1); // each piece lies inside one heavy value
    }
  });

  it("ordered by domain_from_rank then first_seen: heavy values split on first_seen keep the order", async () => {
    const request: BacklinksRequest = {
      target: TARGET,
      limit: 100,
      order_by: ["domain_from_rank,desc", "first_seen,desc"],
    };
    const { plan, ids, truth } = await shardAndCompare(request, { parts: 40 });
    expect(plan.ordered).toBe(true);
    expect(plan.shards.some((s) => s.bounds.kind === "nested")).toBe(true);
    expect(ids).toEqual(truth);
  });

  it("one_per_domain ordered by domain_from_rank alone: a heavy value stays one shard", async () => {
    const request: BacklinksRequest = {
      target: TARGET,
      limit: 20,
      mode: "one_per_domain",
      order_by: ["domain_from_rank,asc"],
    };
    const { plan, ids, truth, targetRows } = await shardAndCompare(request, { parts: 60 });
    const heavy = plan.shards.filter((s) => s.count > targetRows);
    expect(heavy.length).toBeGreaterThan(0);
    for (const s of heavy) {
      const values = new Set(
        [...sim.truth({ ...request, filters: s.filters as FilterExpression }).items()].map(
          (i) => i.domain_from_rank,
        ),
      );
      expect(values.size).toBe(1);
    }
    expect(ids).toEqual(truth);
  });

  it("anchor shards: null anchors get their own `= null` shard", async () => {
    const { plan } = await shardAndCompare({ target: TARGET, limit: 100 }, { key: "anchor" });
    expect(plan.shards.filter((s) => s.bounds.kind === "null")).toHaveLength(1);
  });
});

describe("request overhead", () => {
  it("page-aligned shards walk in as many requests as one chain (offset window scaled down to 2,000)", async () => {
    const request: BacklinksRequest = { target: TARGET, limit: 100, order_by: ["first_seen,asc"] };
    const truth = truthIds(request);
    const plan = await planShards(client, request, {
      totalCount: truth.length,
      targetRows: 500,
      maxOffset: 2000,
    });
    expect(plan.shards.length).toBeGreaterThan(20);
    const before = client.stats().requests;
    const ids: string[] = [];
    for await (const { page } of paginateShards(client, plan, { chains: 8, firstPages: "fetch" })) {
      for (const item of page.items) ids.push(idOf(item as unknown as Record<string, unknown>));
    }
    const walk = client.stats().requests - before;
    expect(ids).toEqual(truth);
    const oneChain = Math.floor(truth.length / 100) + 1;
    expect(walk).toBeLessThanOrEqual(oneChain + 2);
  });
});

describe("page-aligned plan at the API's offset window", () => {
  it("120k rows, 12 chains, page 1 as the sample: shards of m × 1000 − 1 rows from two probe rounds, walked in one chain's requests", async () => {
    const big = await startSimulator({
      seed: 5,
      targets: { "big.test": 120_000 },
      limits: { requestsPerMinute: null },
    });
    const c = createClient({ baseUrl: big.url, ...big.credentials, rate: 1_000_000 });
    try {
      const request: BacklinksRequest = { target: "big.test", limit: 1000 };
      const first = await c.live(request);
      const total = first.result.total_count;
      const plan = await planShards(c, request, {
        totalCount: total,
        chains: 12,
        sample: first.result.items,
      });
      expect(plan.key).toBe("first_seen");
      // one chain's pages spread over ≤ 12 chains: ⌈pages / ⌈pages / 12⌉⌉ shards
      const pages = Math.floor(total / 1000) + 1;
      const shards = Math.ceil(pages / Math.ceil(pages / 12));
      expect(plan.shards).toHaveLength(shards);
      for (const s of plan.shards.slice(0, -1)) expect(s.count % 1000).toBe(999);
      expect(plan.shardTotal).toBe(total);
      // round 1: brackets of ≤ ~30,000 rows between sample values; round 2: one 2-row read per cut
      expect(plan.probes.rounds).toBe(2);
      expect(plan.probes.requests).toBeLessThanOrEqual(Math.ceil(total / 29_998.5) + shards - 1);
      const before = c.stats().requests;
      const ids = new Set<string>();
      let rows = 0;
      for await (const { page } of paginateShards(c, plan, { chains: 12 })) {
        for (const item of page.items) ids.add(idOf(item as unknown as Record<string, unknown>));
        rows += page.items.length;
      }
      expect(c.stats().requests - before).toBe(Math.floor(total / 1000) + 1);
      expect(rows).toBe(total);
      const truth = [...big.truth(request).items()].map(idOf);
      expect(ids.size).toBe(truth.length);
      for (const id of truth) expect(ids.has(id)).toBe(true);
    } finally {
      await c.close();
      await big.close();
    }
  });
});

describe("resume", () => {
  it("a walk broken off mid-way resumes per shard from JSON cursors with a new client, nothing lost or repeated", async () => {
    const request: BacklinksRequest = { target: TARGET, limit: 100, mode: "one_per_anchor" };
    const truth = truthIds(request);
    const plan = await planShards(client, request, {
      totalCount: truth.length,
      targetRows: Math.ceil(truth.length / 8),
    });
    expect(plan.shards.length).toBeGreaterThan(4);
    const state = { plan: JSON.stringify(plan), cursors: {} as Record<string, unknown> };
    const ids: string[] = [];
    let pages = 0;
    for await (const { shard, page } of paginateShards(client, plan, { chains: 5, order: "arrival" })) {
      for (const item of page.items) ids.push(idOf(item as unknown as Record<string, unknown>));
      state.cursors[shard.id] = page.cursor;
      if (++pages === 4) break; // the crash: pages fetched but not consumed are simply fetched again
    }
    const before = ids.length;
    expect(before).toBeGreaterThan(0);
    expect(before).toBeLessThan(truth.length / 2); // really broken off mid-way
    const saved = JSON.parse(JSON.stringify(state)) as { plan: string; cursors: Record<string, never> };
    const again = createClient({ baseUrl: sim.url, ...sim.credentials, rate: 1_000_000 });
    try {
      const stored = JSON.parse(saved.plan) as ShardPlan;
      for await (const { page } of paginateShards(again, stored, {
        cursors: saved.cursors,
        order: "arrival",
      })) {
        for (const item of page.items) ids.push(idOf(item as unknown as Record<string, unknown>));
      }
    } finally {
      await again.close();
    }
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.sort()).toEqual([...truth].sort());
  });
});

describe("refusals", () => {
  it("8 conditions, a non-commuting key, a range-only key with one free condition", async () => {
    const conds = (n: number) =>
      Array.from({ length: n }, (_, i) => ["rank", ">=", i] as FilterExpression).flatMap((c, i) =>
        i === 0 ? [c] : ["and" as const, c],
      );
    const eight = await planShards(client, { target: TARGET, filters: conds(8) });
    expect(eight.reason).toMatch(/already use all 8 conditions/);
    expect(eight.shards).toHaveLength(1);
    const anchor = await planShards(
      client,
      { target: TARGET, mode: "one_per_anchor" },
      { key: "first_seen" },
    );
    expect(anchor.reason).toMatch(/does not commute/);
    const status = await planShards(client, {
      target: TARGET,
      custom_mode: { field: "page_from_status_code", value: 2 },
      filters: conds(7),
    });
    expect(status.reason).toMatch(/need 2 free filter conditions/);
    // A refused plan still walks the whole request as one chain.
    const { ids } = await walk(eight, "key");
    expect(ids.sort()).toEqual(truthIds({ target: TARGET, filters: conds(8) }).sort());
  });
});

describe("limits", () => {
  it("30 chains at the API's default limits: the simulator refuses nothing", async () => {
    // A latency above the client's request spacing (2,000/min → one start per 30 ms) makes chains
    // overlap on the wire whatever the machine's speed, so "> 1 in flight" is not a timing accident.
    const strict = await startSimulator({ targets: { [TARGET]: 12_000 }, latency: { fixedMs: 150 } });
    const c = createClient({ baseUrl: strict.url, ...strict.credentials });
    try {
      const request: BacklinksRequest = { target: TARGET, limit: 200, mode: "as_is" };
      const plan = await planShards(c, request, { shards: 40 });
      expect(plan.shards.length).toBeGreaterThan(20);
      let rows = 0;
      for await (const { page } of paginateShards(c, plan, { chains: 30, order: "arrival" }))
        rows += page.items.length;
      expect(rows).toBe(plan.totalCount);
      const stats = strict.stats();
      expect(Object.values(stats.refusals).every((n) => n === 0)).toBe(true);
      expect(stats.byStatusCode).toEqual({ "20000": stats.requests });
      expect(stats.maxConcurrentSeen).toBeLessThanOrEqual(30);
      expect(stats.maxConcurrentSeen).toBeGreaterThan(1);
    } finally {
      await c.close();
      await strict.close();
    }
  });
});
