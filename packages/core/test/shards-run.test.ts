import { describe, expect, it } from "vitest";
import {
  type BacklinksRequest,
  type Cursor,
  checkShardCompleteness,
  heldFirstPages,
  paginateShards,
  planShards,
  type ShardPlan,
  shardRequest,
} from "../src/index.js";
import { answer, fakeClient, makeRows, type Row } from "./shards-fake-api.js";

const ROWS = makeRows(3000, 11);
const REQUEST: BacklinksRequest = { target: "example.com", limit: 50, order_by: ["domain_from_rank,asc"] };

async function plan(client: ReturnType<typeof fakeClient>): Promise<ShardPlan> {
  return planShards(client, REQUEST, { targetRows: 250, totalCount: answer(ROWS, REQUEST).length });
}

const idOf = (item: unknown): number => (item as Row).id;

describe("paginateShards", () => {
  it("arrival order: every row once, at most `chains` requests in flight", async () => {
    const client = fakeClient(ROWS);
    const p = await plan(client);
    expect(p.shards.length).toBeGreaterThan(4);
    client.stats.maxInFlight = 0;
    const ids: number[] = [];
    const seenShards: string[] = [];
    for await (const { shard, page } of paginateShards(client, p, {
      chains: 3,
      order: "arrival",
      prefetch: 0,
    })) {
      ids.push(...page.items.map(idOf));
      if (seenShards.at(-1) !== shard.id) seenShards.push(shard.id);
    }
    expect(client.stats.maxInFlight).toBeLessThanOrEqual(3);
    expect(client.stats.maxInFlight).toBeGreaterThan(1);
    expect(ids.sort((a, b) => a - b)).toEqual(
      answer(ROWS, REQUEST)
        .map((r) => r.id)
        .sort((a, b) => a - b),
    );
  });

  it("key order: shards come whole and in plan order, equal to the unsharded order", async () => {
    const client = fakeClient(ROWS);
    const p = await plan(client);
    expect(p.ordered).toBe(true);
    const order: number[] = [];
    const ids: number[] = [];
    for await (const { shard, page } of paginateShards(client, p, { chains: 4, bufferPages: 1 })) {
      if (order.at(-1) !== shard.index) order.push(shard.index);
      ids.push(...page.items.map(idOf));
    }
    expect(order).toEqual(p.shards.map((s) => s.index));
    expect(ids).toEqual(answer(ROWS, REQUEST).map((r) => r.id));
  });

  it("resumes per shard from the cursors of consumed pages", async () => {
    const client = fakeClient(ROWS);
    const p = await plan(client);
    const cursors: Record<string, Cursor> = {};
    const first: number[] = [];
    let pages = 0;
    for await (const { shard, page } of paginateShards(client, p, { chains: 5, order: "arrival" })) {
      first.push(...page.items.map(idOf));
      cursors[shard.id] = page.cursor;
      if (++pages === 17) break; // a crash: buffered, unconsumed pages are simply fetched again
    }
    const saved = JSON.parse(JSON.stringify(cursors)) as Record<string, Cursor>;
    const rest: number[] = [];
    for await (const { page } of paginateShards(client, p, { chains: 5, cursors: saved, order: "arrival" })) {
      rest.push(...page.items.map(idOf));
    }
    const all = [...first, ...rest];
    expect(new Set(all).size).toBe(all.length);
    expect(all.sort((a, b) => a - b)).toEqual(
      answer(ROWS, REQUEST)
        .map((r) => r.id)
        .sort((a, b) => a - b),
    );
  });

  it("refuses a cursor saved for another shard's request before fetching anything", async () => {
    const client = fakeClient(ROWS);
    const p = await plan(client);
    const [a, b] = p.shards;
    let cursor: Cursor | undefined;
    for await (const { page } of paginateShards(client, { ...p, shards: [a!] })) {
      cursor = page.cursor;
      break;
    }
    const before = client.stats.requests;
    expect(() => paginateShards(client, p, { cursors: { [b!.id]: cursor! } })).toThrow(
      expect.objectContaining({ code: "ERR_CURSOR_MISMATCH" }),
    );
    expect(client.stats.requests).toBe(before);
  });

  it("fails with the first chain's error and stops the others", async () => {
    const inner = fakeClient(ROWS);
    const p = await plan(inner);
    const bad = p.shards[2]!;
    const boom = Object.assign(new Error("shard exploded"), { code: "ERR_TEST" });
    const client = {
      live: async (task: BacklinksRequest) => {
        if (
          JSON.stringify(task.filters) === JSON.stringify(shardRequest(p, bad).filters) &&
          task.search_after_token
        ) {
          throw boom;
        }
        return inner.live(task);
      },
    };
    const seen: string[] = [];
    await expect(
      (async () => {
        for await (const { shard } of paginateShards(client, p, { chains: 3, order: "arrival" }))
          seen.push(shard.id);
      })(),
    ).rejects.toBe(boom);
    const after = inner.stats.requests;
    await new Promise((r) => setTimeout(r, 20));
    expect(inner.stats.requests).toBe(after); // nothing keeps fetching after the failure
  });

  it("an aborted signal ends the walk with ERR_ABORTED", async () => {
    const client = fakeClient(ROWS);
    const p = await plan(client);
    const controller = new AbortController();
    await expect(
      (async () => {
        for await (const _ of paginateShards(client, p, { signal: controller.signal, order: "arrival" })) {
          controller.abort();
        }
      })(),
    ).rejects.toMatchObject({ code: "ERR_ABORTED" });
  });

  it("reuses the planner's first pages: one request less per kept page, same rows", async () => {
    const truth = answer(ROWS, REQUEST).map((r) => r.id);
    const run = async (firstPages: number) => {
      const client = fakeClient(ROWS);
      const p = await planShards(client, REQUEST, { targetRows: 250, totalCount: truth.length, firstPages });
      const ids: number[] = [];
      const pageNumbers = new Map<string, number[]>();
      for await (const { shard, page } of paginateShards(client, p, { chains: 4 })) {
        ids.push(...page.items.map(idOf));
        pageNumbers.set(shard.id, [...(pageNumbers.get(shard.id) ?? []), page.pageNumber]);
      }
      expect(ids).toEqual(truth);
      for (const [id, numbers] of pageNumbers) {
        expect(numbers, id).toEqual(numbers.map((_, i) => i + 1)); // page 1, 2, … per shard
      }
      return { plan: p, requests: client.stats.requests, shards: p.shards.length };
    };
    const capped = await run(3);
    expect(capped.plan.probes.pagesKept).toBeLessThanOrEqual(3); // the budget holds under parallel probes
    const kept = await run(1000);
    const none = await run(0);
    expect(none.plan.probes.pagesKept).toBe(0);
    expect(kept.plan.probes.pagesKept).toBeGreaterThan(kept.shards / 2);
    const walkRequests = (r: typeof kept) => r.requests - r.plan.probes.requests;
    expect(walkRequests(kept)).toBe(walkRequests(none) - kept.plan.probes.pagesKept);
    expect(heldFirstPages(kept.plan)).toBe(0); // handed out once, then freed
  });

  it("a resumed shard (it has a cursor) never yields the held page again", async () => {
    const client = fakeClient(ROWS);
    const p = await planShards(client, REQUEST, {
      targetRows: 250,
      totalCount: answer(ROWS, REQUEST).length,
    });
    expect(heldFirstPages(p)).toBeGreaterThan(0);
    const cursors: Record<string, Cursor> = {};
    const ids: number[] = [];
    for await (const { shard, page } of paginateShards(client, p, { chains: 2, order: "arrival" })) {
      ids.push(...page.items.map(idOf));
      cursors[shard.id] = page.cursor;
      if (ids.length >= 400) break;
    }
    for await (const { page } of paginateShards(client, p, { cursors, order: "arrival" }))
      ids.push(...page.items.map(idOf));
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(answer(ROWS, REQUEST).length);
  });

  it("completeness per shard and in total", async () => {
    const client = fakeClient(ROWS);
    const p = await plan(client);
    const rows: Record<string, number> = {};
    const live: Record<string, number> = {};
    for await (const { shard, page } of paginateShards(client, p, { order: "arrival" })) {
      rows[shard.id] = (rows[shard.id] ?? 0) + page.items.length;
      if (page.pageNumber === 1) live[shard.id] = page.totalCount;
    }
    const ok = checkShardCompleteness(p, rows, live);
    expect(ok).toMatchObject({ complete: true, difference: 0, planDifference: 0, rows: p.totalCount });
    const short = checkShardCompleteness(p, { ...rows, [p.shards[1]!.id]: rows[p.shards[1]!.id]! - 3 });
    expect(short.complete).toBe(false);
    expect(short.difference).toBe(3);
    expect(short.shards.filter((s) => s.difference !== 0)).toEqual([
      { id: p.shards[1]!.id, expected: p.shards[1]!.count, rows: p.shards[1]!.count - 3, difference: 3 },
    ]);
  });

  it("checks its options", async () => {
    const client = fakeClient(ROWS);
    const p = await plan(client);
    expect(() => paginateShards(client, p, { chains: 0 })).toThrow(
      "shards.chains: expected an integer 1..1000, got 0",
    );
  });
});
