import { describe, expect, it } from "vitest";
import {
  type BacklinksRequest,
  type FilterExpression,
  paginateShards,
  planShards,
  type ShardPlan,
  shardRequest,
  validateRequest,
} from "../src/index.js";
import { answer, fakeClient, makeRows, type Row } from "./shards-fake-api.js";

const ROWS = makeRows(6000, 7);
const TARGET = 400;

async function walk(
  plan: ShardPlan,
  client: ReturnType<typeof fakeClient>,
  order: "key" | "arrival" = "key",
) {
  const ids: number[] = [];
  const perShard = new Map<string, number>();
  for await (const { shard, page } of paginateShards(client, plan, { chains: 4, order })) {
    for (const item of page.items) ids.push((item as unknown as Row).id);
    perShard.set(shard.id, (perShard.get(shard.id) ?? 0) + page.items.length);
  }
  return { ids, perShard };
}

/** Plans, walks every shard, and checks the union against the unsharded truth. */
async function check(request: BacklinksRequest, options: { key?: string; targetRows?: number } = {}) {
  const client = fakeClient(ROWS);
  const truth = answer(ROWS, request).map((r) => r.id);
  const plan = await planShards(client, request, {
    targetRows: TARGET,
    ...options,
    totalCount: truth.length,
  });
  const { ids, perShard } = await walk(plan, client);
  expect(new Set(ids).size).toBe(ids.length); // nothing repeated
  expect([...ids].sort((a, b) => a - b)).toEqual([...truth].sort((a, b) => a - b)); // nothing lost
  expect(plan.difference).toBe(0);
  expect(plan.shardTotal).toBe(truth.length);
  for (const shard of plan.shards) expect(perShard.get(shard.id) ?? 0).toBe(shard.count);
  return { plan, ids, truth };
}

const USER_FILTERS: Record<string, FilterExpression | undefined> = {
  none: undefined,
  and: [["rank", ">=", 20], "and", ["page_from_status_code", "=", 200]],
  or: [["rank", "<", 30], "or", ["anchor", "like", "%here%"]],
};

const MODES: Record<string, Partial<BacklinksRequest>> = {
  as_is: { mode: "as_is" },
  one_per_domain: { mode: "one_per_domain" },
  one_per_anchor: { mode: "one_per_anchor" },
  "custom_mode domain_from": { custom_mode: { field: "domain_from", value: 3 } },
  "custom_mode anchor": { custom_mode: { field: "anchor", value: 5 } },
  "custom_mode tld_from": { custom_mode: { field: "tld_from", value: 200 } },
  "custom_mode page_from_language": { custom_mode: { field: "page_from_language", value: 300 } },
  "custom_mode page_from_status_code": { custom_mode: { field: "page_from_status_code", value: 900 } },
};

describe("planShards + paginateShards: union equals the unsharded result", () => {
  for (const [modeName, mode] of Object.entries(MODES)) {
    for (const [filterName, filters] of Object.entries(USER_FILTERS)) {
      it(`${modeName}, filters ${filterName}`, async () => {
        const request: BacklinksRequest = {
          target: "example.com",
          limit: 50,
          ...mode,
          ...(filters ? { filters } : {}),
        };
        const truth = answer(ROWS, request).length;
        // Grouped results can be small: shard them finely enough that they do split.
        const { plan } = await check(request, { targetRows: Math.max(20, Math.ceil(truth / 6)) });
        expect(plan.reason).toBeNull();
        expect(plan.shards.length).toBeGreaterThan(1);
      });
    }
  }
});

describe("keys", () => {
  it("as_is defaults to first_seen ranges", async () => {
    const { plan } = await check({ target: "example.com", limit: 100 });
    expect(plan.key).toBe("first_seen");
    expect(plan.keyKind).toBe("range");
  });

  it("one_per_domain may shard by domain_from prefixes", async () => {
    const { plan } = await check(
      { target: "example.com", limit: 100, mode: "one_per_domain" },
      {
        key: "domain_from",
        targetRows: 30,
      },
    );
    expect(plan.keyKind).toBe("pattern");
    for (const s of plan.shards)
      if (s.bounds.kind === "pattern") expect(s.bounds.regex.startsWith("^")).toBe(true);
  });

  it("as_is by first_seen and by anchor (nulls become their own shard)", async () => {
    await check({ target: "example.com", limit: 100 }, { key: "first_seen" });
    const { plan } = await check({ target: "example.com", limit: 100 }, { key: "anchor" });
    expect(plan.shards.some((s) => s.bounds.kind === "null")).toBe(true);
  });

  it("falls back to a pattern key when only one condition is free", async () => {
    const seven: FilterExpression = [
      ["rank", ">=", 0],
      "and",
      ["rank", "<=", 100],
      "and",
      ["page_from_status_code", ">", 0],
      "and",
      ["domain_from_rank", ">=", 0],
      "and",
      ["url_from", "like", "https://%"],
      "and",
      ["url_to", "like", "%example.com%"],
      "and",
      ["first_seen", ">", "2000-01-01 00:00:00 +00:00"],
    ];
    const { plan } = await check({ target: "example.com", limit: 100, filters: seven });
    expect(plan.keyKind).toBe("pattern");
    for (const s of plan.shards)
      expect(s.condition === null || typeof s.condition[0] === "string").toBe(true);
  });
});

describe("ties at shard boundaries", () => {
  it("a value with more rows than the target is split again on a second key, nothing lost or repeated", async () => {
    const zeros = ROWS.filter((r) => r.domain_from_rank === 0).length;
    expect(zeros).toBeGreaterThan(TARGET); // the fixture really has a heavy tie
    const { plan } = await check({ target: "example.com", limit: 100 }, { key: "domain_from_rank" });
    const inside = plan.shards.filter(
      (s) =>
        s.bounds.kind === "nested" && s.bounds.outer.kind === "range" && s.bounds.outer.upper?.value === 0,
    );
    expect(inside.length).toBeGreaterThan(1);
    expect(inside.reduce((sum, s) => sum + s.count, 0)).toBe(zeros);
    for (const s of inside) expect(s.bounds.kind === "nested" && s.bounds.key).toBe("first_seen");
  });

  it("a heavy value stays one `key = v` shard when no second key fits", async () => {
    // one_per_domain on domain_from_rank: domain_from and tld_from would commute, but keep the
    // ordered promise of order_by domain_from_rank (no second order_by field): one shard per value.
    const request: BacklinksRequest = {
      target: "example.com",
      limit: 10,
      mode: "one_per_domain",
      order_by: ["domain_from_rank,asc"],
    };
    const truth = answer(ROWS, request);
    const zeros = truth.filter((r) => r.domain_from_rank === 0).length;
    const { plan, ids } = await check(request, { targetRows: 20 });
    expect(zeros).toBeGreaterThan(20);
    const own = plan.shards.filter(
      (s) => s.count === zeros && s.bounds.kind === "range" && s.bounds.upper?.value === 0,
    );
    expect(own).toHaveLength(1);
    expect(ids).toEqual(truth.map((r) => r.id));
  });

  it("heavy first_seen instants, tiny target: every tie stays whole", async () => {
    const { plan } = await check(
      { target: "example.com", limit: 100 },
      { key: "first_seen", targetRows: 60 },
    );
    const singles = plan.shards.filter((s) => s.condition?.[1] === "=" || s.count > 60);
    expect(singles.length).toBeGreaterThan(0);
  });
});

describe("page-aligned shards", () => {
  it("above the offset window, shards of m × limit − 1 rows walk in about as many requests as one chain", async () => {
    const request: BacklinksRequest = { target: "example.com", limit: 100, order_by: ["prev_seen,asc"] };
    const truth = answer(ROWS, request).map((r) => r.id);
    const client = fakeClient(ROWS);
    // An offset limit of 1,000 makes 6,000 rows "large": coarse pieces, then cuts at 399, 798, …
    const plan = await planShards(client, request, {
      targetRows: 400,
      maxOffset: 1000,
      totalCount: truth.length,
    });
    const aligned = plan.shards.filter((s) => s.count % 100 === 99).length;
    expect(aligned).toBeGreaterThan(plan.shards.length * 0.7);
    const before = client.stats.requests;
    const ids: number[] = [];
    for await (const { page } of paginateShards(client, plan, { chains: 4, firstPages: "fetch" })) {
      ids.push(...page.items.map((i) => (i as unknown as Row).id));
    }
    expect(ids).toEqual(truth);
    const oneChain = Math.floor(truth.length / 100) + 1;
    const walk = client.stats.requests - before;
    expect(walk).toBeLessThanOrEqual(oneChain + 1); // 16 shards, one short page in all
    expect(plan.difference).toBe(0);
  });
});

describe("order", () => {
  it("order_by leading with the key: shards in key order reproduce the unsharded order (desc)", async () => {
    const request: BacklinksRequest = {
      target: "example.com",
      limit: 100,
      order_by: ["domain_from_rank,desc", "rank,asc"],
    };
    const { plan, ids, truth } = await check(request);
    expect(plan.ordered).toBe(true);
    expect(ids).toEqual(truth);
  });

  it("order_by first_seen asc picks first_seen and keeps the order", async () => {
    const request: BacklinksRequest = { target: "example.com", limit: 100, order_by: ["first_seen,asc"] };
    const { plan, ids, truth } = await check(request);
    expect(plan.key).toBe("first_seen");
    expect(plan.ordered).toBe(true);
    expect(ids).toEqual(truth);
  });

  it("other orders are per shard only", async () => {
    const { plan } = await check(
      { target: "example.com", limit: 100, order_by: ["rank,desc"] },
      {
        key: "domain_from_rank",
      },
    );
    expect(plan.ordered).toBe(false);
  });
});

describe("plans as data", () => {
  it("every shard request passes the request validator; a plan survives a JSON round trip", async () => {
    const client = fakeClient(ROWS);
    const request: BacklinksRequest = {
      target: "example.com",
      limit: 100,
      filters: [["rank", "<", 50], "or", ["anchor", "like", "%here%"]],
    };
    const truth = answer(ROWS, request).map((r) => r.id);
    for (const key of ["first_seen", "domain_from_rank", "anchor", "domain_from"]) {
      const plan = await planShards(client, request, {
        key,
        targetRows: 200,
        totalCount: truth.length,
        firstPages: 0,
      });
      for (const shard of plan.shards) {
        const checked = validateRequest(shardRequest(plan, shard));
        expect(checked.ok ? [] : checked.issues, `${key} ${shard.id}`).toEqual([]);
      }
      const stored = JSON.parse(JSON.stringify(plan)) as ShardPlan;
      expect(stored).toEqual(plan);
      const ids: number[] = [];
      for await (const { page } of paginateShards(client, stored, { chains: 4 })) {
        ids.push(...page.items.map((i) => (i as unknown as Row).id));
      }
      expect(ids.sort((a, b) => a - b)).toEqual([...truth].sort((a, b) => a - b));
    }
  });
});

describe("refusals", () => {
  const client = fakeClient(ROWS);
  it("8 conditions already used", async () => {
    const eight = Array.from({ length: 8 }, (_, i) => ["rank", ">=", i] as FilterExpression).flatMap(
      (c, i) => (i === 0 ? [c] : ["and" as const, c]),
    );
    const plan = await planShards(client, { target: "example.com", filters: eight }, { totalCount: 6000 });
    expect(plan.shards).toHaveLength(1);
    expect(plan.shards[0]?.condition).toBeNull();
    expect(plan.reason).toMatch(/8 conditions/);
    expect(plan.probes.requests).toBe(0);
    // Without the total, one probe counts it, so the single shard's count is still right.
    const counted = await planShards(client, { target: "example.com", filters: eight });
    expect(counted.probes.requests).toBe(1);
    expect(counted.shards[0]?.count).toBe(answer(ROWS, { target: "example.com", filters: eight }).length);
    expect(counted.difference).toBe(0);
  });

  it("a key that does not commute with the grouping", async () => {
    const plan = await planShards(
      client,
      { target: "example.com", mode: "one_per_anchor" },
      {
        key: "domain_from_rank",
        totalCount: 6000,
      },
    );
    expect(plan.reason).toMatch(/does not commute with mode "one_per_anchor" \(safe keys: anchor\)/);
  });

  it("a range-only grouping key with one free condition", async () => {
    const seven = Array.from({ length: 7 }, (_, i) => ["rank", ">=", i] as FilterExpression).flatMap(
      (c, i) => (i === 0 ? [c] : ["and" as const, c]),
    );
    const plan = await planShards(
      client,
      { target: "example.com", custom_mode: { field: "page_from_status_code", value: 5 }, filters: seven },
      { totalCount: 10 },
    );
    expect(plan.reason).toMatch(/need 2 free filter conditions/);
  });

  it("too small to be worth it, and 1 shard asked for", async () => {
    // Default minimum shard: 10 pages of 1,000 rows, more than the 6,000 rows there are.
    const small = await planShards(client, { target: "example.com", limit: 1000 });
    expect(small.reason).toMatch(/within one shard/);
    expect(small.totalCount).toBe(6000);
    const one = await planShards(
      client,
      { target: "example.com", limit: 100 },
      { shards: 1, totalCount: 6000 },
    );
    expect(one.reason).toBe("1 shard requested");
  });

  it("bad options throw a coded error naming the option", async () => {
    await expect(planShards(client, { target: "example.com" }, { targetRows: 0 })).rejects.toMatchObject({
      code: "ERR_SHARD_OPTIONS",
      message: "shards.targetRows: expected an integer 1..9007199254740991, got 0",
    });
  });
});
