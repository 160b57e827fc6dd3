import { copyFile, mkdir, stat } from "node:fs/promises";
import { join } from "node:path";
import type { RunningSimulator } from "@backlinks/simulator";
import { DuckDBInstance } from "@duckdb/node-api";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { planParts } from "../src/export/parts.js";
import {
  type ExportFormat,
  exportBacklinks,
  type LogEvent,
  type ProgressEvent,
  partitionDir,
} from "../src/index.js";
import { openDataset, readRowKeys } from "./support/dataset.js";
import {
  datasetRef,
  exportOptions,
  filesContaining,
  removeDir,
  SECRET_PASSWORD,
  startSim,
  tempDir,
} from "./support/fixtures.js";
import { startS3, type TestS3 } from "./support/s3rver.js";
import { truthKeys } from "./support/simulator.js";

const TARGETS = { "a.com": 2300, "b.org": 1000, "blog.c.net": 640 };
let sim: RunningSimulator;
let s3: TestS3;
let root: string;
beforeAll(async () => {
  sim = await startSim({ targets: TARGETS });
  s3 = await startS3(["exports"]);
  root = await tempDir();
});
afterAll(async () => {
  await sim?.close();
  // the password must be in no file written: parts, manifest, state (disk and S3 objects)
  if (root) expect(await filesContaining(root, SECRET_PASSWORD)).toEqual([]);
  if (s3) expect(await filesContaining(s3.directory, SECRET_PASSWORD)).toEqual([]);
  await s3?.close();
  await removeDir(root);
});

const formats: ExportFormat[] = ["csv", "ndjson", "parquet"];
const cases = formats.flatMap((format) =>
  (["disk", "s3"] as const).flatMap((sink) => [1, 3].map((n) => ({ format, sink, n }))),
);

describe.each(cases)("$format to $sink, $n target(s)", ({ format, sink, n }) => {
  it("writes exactly the simulator's rows, a complete manifest and _SUCCESS", async () => {
    const name = `${format}-${sink}-${n}`;
    const out =
      sink === "disk"
        ? ({ kind: "disk", dir: join(root, name) } as const)
        : ({ kind: "s3", s3, bucket: "exports", prefix: `runs/${name}` } as const);
    const targets = Object.keys(TARGETS).slice(0, n);
    const progress: ProgressEvent[] = [];
    const logs: LogEvent[] = [];
    const summary = await exportBacklinks(
      exportOptions(sim, out, { targets, format, ...(format === "csv" ? { compression: "gzip" } : {}) }),
      { onProgress: (e) => progress.push(e), onLog: (e) => logs.push(e) },
    );
    expect(summary.status).toBe("complete");
    const files = openDataset(datasetRef(out));
    try {
      const { manifest, keys } = await readRowKeys(files);
      for (const t of targets) expect(keys.get(t)).toEqual(truthKeys(sim, t));
      expect(manifest.status).toBe("complete");
      expect(manifest.tool.name).toBe("backlinks-export");
      expect(manifest.totals.rows).toBe(targets.reduce((a, t) => a + TARGETS[t as keyof typeof TARGETS], 0));
      for (const t of manifest.targets) {
        expect(t.rows).toBe(t.totalCount);
        expect(t.complete).toBe(true);
        expect(t.parts.every((p) => p.rows <= 1000 && /^[0-9a-f]{64}$/.test(p.sha256))).toBe(true);
        expect(t.cost).toBeGreaterThan(0);
      }
      expect(manifest.totals.cost).toBeCloseTo(summary.cost, 9);
      const listed = await files.list();
      expect(listed).toContain("_SUCCESS");
      expect(listed).toContain("_state.json");
      expect(listed.filter((f) => f.endsWith(".tmp"))).toEqual([]);
      expect(listed.every((f) => f.startsWith("_") || /^target=[^/]+\/part-\d{5}\./.test(f))).toBe(true);
    } finally {
      files.close();
    }
    // one progress event per page per target, rows never going back
    for (const t of targets) {
      const mine = progress.filter((e) => e.target === t);
      expect(mine.length).toBe(summary.targets.find((s) => s.target === t)!.pages);
      expect(mine.map((e) => e.rows)).toEqual([...mine.map((e) => e.rows)].sort((a, b) => a - b));
      expect(mine.at(-1)!.rows).toBe(mine.at(-1)!.totalCount);
    }
    expect(logs.filter((l) => l.event === "part_committed").length).toBe(
      summary.targets.reduce((a, t) => a + t.parts, 0),
    );
    expect(JSON.stringify({ summary, progress, logs })).not.toContain(SECRET_PASSWORD);
  });
});

describe("parts (property)", () => {
  it("for random pageSize/partRows/maxRows the parts are exactly what planParts predicts", async () => {
    const samples = fc.sample(
      fc.record({
        pageSize: fc.integer({ min: 60, max: 700 }),
        partRows: fc.integer({ min: 25, max: 1600 }),
        maxRows: fc.option(fc.integer({ min: 1, max: 2500 }), { nil: undefined }),
      }),
      { seed: 2026, numRuns: 6 },
    );
    for (const [i, { pageSize, partRows, maxRows }] of samples.entries()) {
      const dir = join(root, `prop-${i}`);
      await exportBacklinks(
        exportOptions(sim, { kind: "disk", dir }, { targets: ["a.com"], pageSize, partRows, maxRows }),
      );
      const files = openDataset({ kind: "disk", dir });
      const { keys, manifest } = await readRowKeys(files);
      files.close();
      const total = Math.min(TARGETS["a.com"], maxRows ?? Number.POSITIVE_INFINITY);
      expect(keys.get("a.com")).toEqual(truthKeys(sim, "a.com", {}, total));
      const limit = Math.min(pageSize, maxRows ?? pageSize);
      const lengths: number[] = [];
      for (let left = total; left > 0; left -= limit) lengths.push(Math.min(limit, left));
      const planned = new Map<number, number>();
      for (const sl of planParts(lengths, partRows, limit))
        planned.set(sl.part, (planned.get(sl.part) ?? 0) + sl.to - sl.from);
      expect(manifest.targets[0]!.parts.map((p) => p.rows)).toEqual([...planned.values()]);
    }
  });
});

describe("layout", () => {
  it("DuckDB reads the Parquet dataset as one table with a target column", async () => {
    const dir = join(root, "duck");
    await exportBacklinks(
      exportOptions(sim, { kind: "disk", dir }, { targets: Object.keys(TARGETS), format: "parquet" }),
    );
    const db = await DuckDBInstance.create(":memory:");
    const conn = await db.connect();
    try {
      const reader = await conn.runAndReadAll(
        `SELECT target, count(*)::INTEGER AS n FROM read_parquet('${dir}/**/*.parquet', hive_partitioning=true) GROUP BY target ORDER BY target`,
      );
      expect(reader.getRowObjectsJS()).toEqual(
        Object.entries(TARGETS)
          .map(([target, n]) => ({ target, n }))
          .sort((a, b) => (a.target < b.target ? -1 : 1)),
      );
    } finally {
      conn.closeSync();
      db.closeSync();
    }
  });

  it("DuckDB decodes an escaped partition value back to the target", async () => {
    // the simulator serves domains only; a page URL target's partition is built the same way
    const target = "https://a.com/x?y=1&z=%20";
    const src = join(root, "duck");
    const dir = join(root, "escaped", partitionDir(target));
    await mkdir(dir, { recursive: true });
    await copyFile(join(src, "target=b.org", "part-00000.parquet"), join(dir, "part-00000.parquet"));
    const db = await DuckDBInstance.create(":memory:");
    const conn = await db.connect();
    try {
      const reader = await conn.runAndReadAll(
        `SELECT DISTINCT target FROM read_parquet('${join(root, "escaped")}/**/*.parquet', hive_partitioning=true)`,
      );
      expect(reader.getRowObjectsJS()).toEqual([{ target }]);
    } finally {
      conn.closeSync();
      db.closeSync();
    }
  });

  it("state file has mode 0600 and no secret", async () => {
    const dir = join(root, "mode");
    await exportBacklinks(exportOptions(sim, { kind: "disk", dir }));
    expect((await stat(join(dir, "_state.json"))).mode & 0o777).toBe(0o600);
  });
});
