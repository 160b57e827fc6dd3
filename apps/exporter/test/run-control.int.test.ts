import { join } from "node:path";
import type { RunningSimulator } from "@backlinks/simulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exportBacklinks, type IncompleteExportError } from "../src/index.js";
import { openDataset, readRowKeys } from "./support/dataset.js";
import {
  exportOptions,
  filesContaining,
  removeDir,
  SECRET_PASSWORD,
  startSim,
  tempDir,
} from "./support/fixtures.js";
import { startCountProxy } from "./support/proxy.js";
import { startS3 } from "./support/s3rver.js";
import { truthKeys } from "./support/simulator.js";

const TARGETS = { "a.com": 1500, "b.org": 800, "c.net": 1200, "d.io": 300, "e.dev": 650, "f.app": 999 };
let sim: RunningSimulator;
let root: string;
beforeAll(async () => {
  sim = await startSim({ targets: TARGETS, latency: { fixedMs: 30 } });
  root = await tempDir();
});
afterAll(async () => {
  await sim?.close();
  if (root) expect(await filesContaining(root, SECRET_PASSWORD)).toEqual([]);
  await removeDir(root);
});

const list = (dir: string) => openDataset({ kind: "disk", dir }).list();

describe("many targets", () => {
  it("run concurrently under one client: never more requests in flight than concurrency", async () => {
    const dir = join(root, "many");
    const s = await exportBacklinks(
      exportOptions(
        sim,
        { kind: "disk", dir },
        { targets: Object.keys(TARGETS), pageSize: 100, concurrency: 3 },
      ),
    );
    expect(s.status).toBe("complete");
    expect(sim.stats().maxConcurrentSeen).toBeLessThanOrEqual(3);
    expect(sim.stats().maxConcurrentSeen).toBeGreaterThan(1);
    const files = openDataset({ kind: "disk", dir });
    const { keys, manifest } = await readRowKeys(files);
    files.close();
    for (const t of Object.keys(TARGETS)) expect(keys.get(t)).toEqual(truthKeys(sim, t));
    expect(manifest.totals.rows).toBe(Object.values(TARGETS).reduce((a, b) => a + b, 0));
    expect(s.targets.map((t) => t.target)).toEqual(Object.keys(TARGETS));
  });

  it("an already-aborted signal buys nothing and resolves interrupted", async () => {
    const dir = join(root, "pre-aborted");
    const before = sim.stats().requests;
    const s = await exportBacklinks(exportOptions(sim, { kind: "disk", dir }), {
      signal: AbortSignal.abort(),
    });
    expect(s.status).toBe("interrupted");
    expect(sim.stats().requests).toBe(before);
    const s2 = await exportBacklinks({ ...exportOptions(sim, { kind: "disk", dir }), resume: true });
    expect(s2.status).toBe("complete");
  });
});

describe("completeness", () => {
  it("rows ≠ total_count of the last page → ERR_INCOMPLETE with both numbers; allowPartial accepts it", async () => {
    const proxy = await startCountProxy(sim.url, 7);
    try {
      const dir = join(root, "drift");
      const options = { ...exportOptions(sim, { kind: "disk", dir }, { targets: ["d.io"] }) };
      options.api = { ...options.api, baseUrl: proxy.url };
      let caught: IncompleteExportError | undefined;
      try {
        await exportBacklinks(options);
      } catch (err) {
        caught = err as IncompleteExportError;
      }
      expect(caught?.code).toBe("ERR_INCOMPLETE");
      expect(caught?.mismatches).toEqual([{ target: "d.io", expected: 307, rows: 300 }]);
      expect(caught?.message).toMatch(/300 rows written, total_count 307/);
      expect(caught?.summary.status).toBe("partial");
      expect(await list(dir)).not.toContain("_SUCCESS");
      const dir2 = join(root, "drift-ok");
      const s = await exportBacklinks({ ...options, out: dir2, allowPartial: true });
      expect(s.status).toBe("partial");
      expect(s.targets[0]).toMatchObject({ rows: 300, totalCount: 307, complete: false });
      expect(await list(dir2)).toContain("_SUCCESS");
    } finally {
      await proxy.close();
    }
  });
});

describe("sink failure", () => {
  it("S3 going away mid-export → ERR_SINK_IO; committed parts stay valid and the export resumes", async () => {
    const s3 = await startS3(["fail"]);
    let restarted: Awaited<ReturnType<typeof startS3>> | undefined;
    try {
      const options = exportOptions(
        sim,
        { kind: "s3", s3, bucket: "fail", prefix: "ds" },
        { targets: ["a.com"], pageSize: 100, partRows: 300, format: "parquet" },
      );
      let commits = 0;
      let stopped: Promise<void> | undefined;
      await expect(
        exportBacklinks(options, {
          onLog: (e) => {
            if (e.event === "part_committed" && ++commits === 2) stopped = s3.stop();
          },
        }),
      ).rejects.toMatchObject({ code: "ERR_SINK_IO", name: "SinkIoError" });
      await stopped;
      // the store comes back (same files, new port): resume finishes the dataset exactly
      restarted = await startS3([], s3.directory);
      const again = { ...options, s3: { ...options.s3, endpoint: restarted.endpoint }, resume: true };
      const s = await exportBacklinks(again);
      expect(s.status).toBe("complete");
      const files = openDataset({
        kind: "s3",
        endpoint: restarted.endpoint,
        bucket: "fail",
        prefix: "ds",
        credentials: restarted.credentials,
      });
      const { keys } = await readRowKeys(files);
      files.close();
      expect(keys.get("a.com")).toEqual(truthKeys(sim, "a.com"));
      expect(await filesContaining(s3.directory, SECRET_PASSWORD)).toEqual([]);
    } finally {
      await restarted?.close();
      await s3.close();
    }
  });
});
