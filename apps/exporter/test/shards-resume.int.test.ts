/**
 * Crash drills with shards: an abort mid-export, then resume (the saved plan is reused, every shard
 * continues from its own cursor), and a state file rolled back to an earlier save (parts written
 * after it are dropped and written again): the dataset ends with exactly the ground truth's rows,
 * no duplicates.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { RunningSimulator } from "@backlinks/simulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ExportOptions, type ExportSummary, exportBacklinks, type LogEvent } from "../src/index.js";
import { openDataset, readRowKeys } from "./support/dataset.js";
import { exportOptions, removeDir, startSim, tempDir } from "./support/fixtures.js";
import { truthKeys } from "./support/simulator.js";

let sim: RunningSimulator;
let root: string;
beforeAll(async () => {
  sim = await startSim({ targets: { "a.com": 30_000, "b.org": 4_000 } });
  root = await tempDir("shards-resume-");
});
afterAll(async () => {
  await sim?.close();
  await removeDir(root);
});

/** Run, aborting after `abortAfterPages` pages; `onLog` sees every event. */
async function runAborting(
  options: ExportOptions,
  abortAfterPages: number,
  onLog: (e: LogEvent) => void = () => {},
): Promise<ExportSummary> {
  const controller = new AbortController();
  let pages = 0;
  return exportBacklinks(options, {
    signal: controller.signal,
    onLog,
    onProgress: () => {
      if (++pages === abortAfterPages) controller.abort();
    },
  });
}

async function expectExact(dir: string, request: Record<string, unknown>, ordered: boolean) {
  const files = openDataset({ kind: "disk", dir });
  try {
    const { manifest, keys } = await readRowKeys(files);
    expect(manifest.status).toBe("complete");
    for (const t of ["a.com", "b.org"]) {
      const got = keys.get(t)!;
      const truth = truthKeys(sim, t, request);
      expect(new Set(got).size).toBe(got.length);
      if (ordered) expect(got).toEqual(truth);
      else expect([...got].sort()).toEqual([...truth].sort());
    }
    return manifest;
  } finally {
    files.close();
  }
}

describe("abort and resume with shards", () => {
  it.each([
    { abortAt: 3, request: { order_by: ["first_seen,asc"] }, ordered: true },
    { abortAt: 25, request: {}, ordered: false },
    {
      abortAt: 8,
      request: { custom_mode: { field: "domain_from", value: 50 }, filters: ["dofollow", "=", true] },
      ordered: false,
    },
  ])("abort after $abortAt pages, resume until done: exact rows", async ({ abortAt, request, ordered }) => {
    const dir = join(root, `abort-${abortAt}`);
    const options = exportOptions(
      sim,
      { kind: "disk", dir },
      { targets: ["a.com", "b.org"], request: request as ExportOptions["request"], shards: 5 },
    );
    let s = await runAborting(options, abortAt);
    expect(s.status).toBe("interrupted");
    const saved = JSON.parse(readFileSync(join(dir, "_state.json"), "utf8"));
    const plan = saved.chains.find((c: { target: string }) => c.target === "a.com").sharding.plan;
    expect(plan.shards.length).toBeGreaterThan(1);
    let resumes = 0;
    const events: string[] = [];
    while (s.status !== "complete") {
      expect(++resumes).toBeLessThan(40);
      s = await runAborting({ ...options, resume: true }, 20, (e) => events.push(e.event));
    }
    expect(events).not.toContain("shard_plan"); // the saved plan is reused, never re-planned
    const after = JSON.parse(readFileSync(join(dir, "_state.json"), "utf8"));
    expect(after.chains.find((c: { target: string }) => c.target === "a.com").sharding.plan).toEqual(plan);
    const manifest = await expectExact(dir, request, ordered);
    expect(manifest.runs).toBe(resumes + 1);
  });

  it("a state rolled back to an earlier save: later shard parts are dropped and written again", async () => {
    const dir = join(root, "rollback");
    const options = exportOptions(sim, { kind: "disk", dir }, { shards: 6, partRows: 1000 });
    let snapshot: string | undefined;
    let commits = 0;
    const s = await runAborting(options, 45, (e) => {
      if (e.event === "part_committed" && ++commits === 8) {
        snapshot = readFileSync(join(dir, "_state.json"), "utf8");
      }
    });
    expect(s.status).toBe("interrupted");
    expect(snapshot).toBeDefined();
    writeFileSync(join(dir, "_state.json"), snapshot!, { mode: 0o600 });
    const done = await exportBacklinks({ ...options, resume: true });
    expect(done.status).toBe("complete");
    const files = openDataset({ kind: "disk", dir });
    try {
      const { keys } = await readRowKeys(files);
      const got = keys.get("a.com")!;
      expect(new Set(got).size).toBe(got.length);
      expect([...got].sort()).toEqual(truthKeys(sim, "a.com").sort());
    } finally {
      files.close();
    }
  });
});
