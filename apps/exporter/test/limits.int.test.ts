import { join } from "node:path";
import type { RunningSimulator } from "@backlinks/simulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ExportError, exportBacklinks } from "../src/index.js";
import { openDataset, readRowKeys } from "./support/dataset.js";
import {
  exportOptions,
  filesContaining,
  removeDir,
  SECRET_PASSWORD,
  startSim,
  tempDir,
} from "./support/fixtures.js";
import { truthKeys } from "./support/simulator.js";

const TARGETS = { "a.com": 3000, "b.org": 700 };
const PAGE = 250;
const pagesOf = (n: number, limit = PAGE) => Math.floor(n / limit) + 1;
/** Fast retries: the tests must not wait core's 60 s after a 40202. */
const RETRY = { baseDelayMs: 5, maxDelayMs: 50, rateLimitDelayMs: 20, maxAttempts: 10 };

let sim: RunningSimulator;
let root: string;
const extraSims: RunningSimulator[] = [];
beforeAll(async () => {
  sim = await startSim({ targets: TARGETS });
  root = await tempDir();
});
afterAll(async () => {
  await sim?.close();
  for (const s of extraSims) await s.close();
  if (root) expect(await filesContaining(root, SECRET_PASSWORD)).toEqual([]);
  await removeDir(root);
});

async function keysOf(dir: string) {
  const files = openDataset({ kind: "disk", dir });
  try {
    return await readRowKeys(files);
  } finally {
    files.close();
  }
}
const listOf = (dir: string) => openDataset({ kind: "disk", dir }).list();

describe("maxCost", () => {
  it("stops before the page that would pass it, leaves a marked resumable dataset, then completes", async () => {
    const dir = join(root, "budget");
    const options = exportOptions(
      sim,
      { kind: "disk", dir },
      { targets: Object.keys(TARGETS), pageSize: PAGE, partRows: 500, maxCost: 0.2 },
    );
    const before = { requests: sim.stats().requests, cost: sim.stats().cost };
    let caught: ExportError & { summary?: { status: string; cost: number } };
    try {
      await exportBacklinks(options);
      throw new Error("expected ERR_BUDGET_EXCEEDED");
    } catch (err) {
      caught = err as typeof caught;
    }
    expect(caught.code).toBe("ERR_BUDGET_EXCEEDED");
    const spent = sim.stats().cost - before.cost;
    expect(spent).toBeLessThanOrEqual(0.2);
    expect(spent).toBeGreaterThan(0.2 - 2 * 0.0275); // it used the budget, not stopped at once
    expect(caught.summary?.status).toBe("partial");
    expect(caught.summary?.cost).toBeCloseTo(spent, 9);
    const { manifest } = await keysOf(dir);
    expect(manifest.status).toBe("partial");
    expect(manifest.stopReason).toBe("budget");
    expect(await listOf(dir)).not.toContain("_SUCCESS");
    // the same budget again stops at once (it counts the dataset's spend, all runs)
    await expect(exportBacklinks({ ...options, resume: true })).rejects.toMatchObject({
      code: "ERR_BUDGET_EXCEEDED",
    });
    const s = await exportBacklinks({ ...options, maxCost: 5, resume: true });
    expect(s.status).toBe("complete");
    const { keys } = await keysOf(dir);
    for (const t of Object.keys(TARGETS)) expect(keys.get(t)).toEqual(truthKeys(sim, t));
    // the budget stop committed its parts: no page was bought twice
    const all = Object.values(TARGETS).reduce((a, n) => a + pagesOf(n), 0);
    expect(sim.stats().requests - before.requests).toBe(all);
    expect(s.cost).toBeCloseTo(sim.stats().cost - before.cost, 9);
  });

  it("a budget below one page buys nothing and leaves the output empty", async () => {
    const dir = join(root, "tiny-budget");
    const before = sim.stats().requests;
    await expect(
      exportBacklinks(exportOptions(sim, { kind: "disk", dir }, { maxCost: 0.001 })),
    ).rejects.toMatchObject({ code: "ERR_BUDGET_EXCEEDED" });
    expect(sim.stats().requests).toBe(before);
    expect(await listOf(dir)).toEqual([]);
  });
});

describe("maxRows", () => {
  it.each([
    [1234, 500],
    [10, 500],
  ])(
    "caps rows exactly at %i per target (pageSize %i), trimming the last page",
    async (maxRows, pageSize) => {
      const dir = join(root, `max-rows-${maxRows}`);
      const before = sim.stats().requests;
      const s = await exportBacklinks(
        exportOptions(
          sim,
          { kind: "disk", dir },
          { targets: Object.keys(TARGETS), pageSize, maxRows, format: "parquet" },
        ),
      );
      expect(s.status).toBe("complete");
      const { keys, manifest } = await keysOf(dir);
      for (const [t, n] of Object.entries(TARGETS)) {
        expect(keys.get(t)).toEqual(truthKeys(sim, t, {}, maxRows));
        expect(manifest.targets.find((m) => m.target === t)!.expectedRows).toBe(Math.min(n, maxRows));
      }
      // pages bought: never more than the cap needs (limit = min(pageSize, maxRows))
      const limit = Math.min(pageSize, maxRows);
      const need = Object.values(TARGETS).reduce(
        (a, n) => a + (n >= maxRows ? Math.ceil(maxRows / limit) : pagesOf(n, limit)),
        0,
      );
      expect(sim.stats().requests - before).toBe(need);
    },
  );
});

describe("account limits", () => {
  it("40203 daily cost limit stops cleanly, says when it resets, and resumes after", async () => {
    const limited = await startSim({ targets: TARGETS, limits: { dailyCostLimit: 0.15 } });
    extraSims.push(limited);
    const dir = join(root, "daily");
    const options = exportOptions(
      limited,
      { kind: "disk", dir },
      { targets: ["a.com"], pageSize: PAGE, partRows: 500, retry: RETRY },
    );
    let caught: ExportError & { summary?: { targets: { pages: number; rows: number }[] } };
    try {
      await exportBacklinks(options);
      throw new Error("expected ERR_DAILY_COST_LIMIT");
    } catch (err) {
      caught = err as typeof caught;
    }
    expect(caught.code).toBe("ERR_DAILY_COST_LIMIT");
    expect(caught.message).toMatch(/resets at 00:00 UTC/);
    expect(caught.message).not.toContain(SECRET_PASSWORD);
    const committedPages = caught.summary!.targets[0]!.pages;
    expect(committedPages).toBeGreaterThan(0);
    expect((await keysOf(dir)).manifest.status).toBe("partial");
    // "the next day": a fresh account on the same data
    const fresh = await startSim({ targets: TARGETS });
    extraSims.push(fresh);
    const s = await exportBacklinks({
      ...options,
      api: { ...options.api, baseUrl: fresh.url },
      resume: true,
    });
    expect(s.status).toBe("complete");
    expect((await keysOf(dir)).keys.get("a.com")).toEqual(truthKeys(sim, "a.com"));
    expect(fresh.stats().requests).toBe(pagesOf(3000) - committedPages);
  });

  it("an exhausted balance (40210 / HTTP 402) stops with ERR_INSUFFICIENT_FUNDS", async () => {
    const poor = await startSim({ targets: TARGETS, limits: { balance: 0.1 } });
    extraSims.push(poor);
    const dir = join(root, "funds");
    await expect(
      exportBacklinks(
        exportOptions(poor, { kind: "disk", dir }, { targets: ["a.com"], pageSize: PAGE, retry: RETRY }),
      ),
    ).rejects.toMatchObject({ code: "ERR_INSUFFICIENT_FUNDS" });
    expect((await keysOf(dir)).manifest.status).toBe("partial");
  });

  it("wrong credentials: ERR_API_AUTH, no secret in the message, output left empty", async () => {
    const dir = join(root, "auth");
    let caught: Error | undefined;
    try {
      await exportBacklinks(
        exportOptions(
          sim,
          { kind: "disk", dir },
          {
            api: { baseUrl: sim.url, login: "exporter-test", password: `${SECRET_PASSWORD}-wrong` },
            retry: RETRY,
          },
        ),
      );
    } catch (err) {
      caught = err as Error;
    }
    expect(caught).toMatchObject({ code: "ERR_API_AUTH" });
    expect(`${caught?.message} ${String(caught)}`).not.toContain(SECRET_PASSWORD);
    expect(await listOf(dir)).toEqual([]);
  });
});

describe("faults", () => {
  it("500s, 40202, resets, truncated bodies, slow pages, refused tokens: the export completes and is exact", async () => {
    const faulty = await startSim({
      targets: TARGETS,
      faults: {
        seed: 11,
        http500: 0.06,
        http502: 0.03,
        status50000: 0.03,
        rateLimit40202: 0.06,
        resetMidBody: 0.05,
        truncatedJson: 0.05,
        slowBody: 0.05,
        slowBodyMs: 150,
        expiredToken: 0.04,
      },
    });
    extraSims.push(faulty);
    const dir = join(root, "faults");
    const s = await exportBacklinks(
      exportOptions(
        faulty,
        { kind: "disk", dir },
        { targets: Object.keys(TARGETS), pageSize: 100, partRows: 500, retry: RETRY },
      ),
    );
    expect(s.status).toBe("complete");
    expect(s.retries).toBeGreaterThan(0);
    const injected = Object.values(faulty.stats().faults).reduce((a, n) => a + n, 0);
    expect(injected).toBeGreaterThan(5);
    expect(faulty.stats().faults.expiredToken ?? 0).toBeGreaterThan(0);
    const { keys } = await keysOf(dir);
    for (const t of Object.keys(TARGETS)) expect(keys.get(t)).toEqual(truthKeys(sim, t));
  });
});
