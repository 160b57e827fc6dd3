import { writeFileSync } from "node:fs";
import { readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { RunningSimulator } from "@backlinks/simulator";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ExportOptions, type ExportSummary, exportBacklinks } from "../src/index.js";
import { parseLocation } from "../src/sinks/location.js";
import { createS3Sink } from "../src/sinks/s3.js";
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

const TARGETS = { "a.com": 3000, "b.org": 1730 };
const PAGE = 250;
const PART = 1000; // 4 pages per part
/** Pages of an uninterrupted walk: full pages, then the short (or empty) last one. */
const pagesOf = (n: number, limit = PAGE) => Math.floor(n / limit) + 1;
const ALL_PAGES = Object.values(TARGETS).reduce((a, n) => a + pagesOf(n), 0);

let sim: RunningSimulator;
let s3: TestS3;
let root: string;
beforeAll(async () => {
  sim = await startSim({ targets: TARGETS });
  s3 = await startS3(["resume"]);
  root = await tempDir();
});
afterAll(async () => {
  await sim?.close();
  if (root) expect(await filesContaining(root, SECRET_PASSWORD)).toEqual([]);
  if (s3) expect(await filesContaining(s3.directory, SECRET_PASSWORD)).toEqual([]);
  await s3?.close();
  await removeDir(root);
});

type Out = { kind: "disk"; dir: string } | { kind: "s3"; s3: TestS3; bucket: string; prefix: string };
const outFor = (kind: "disk" | "s3", name: string): Out =>
  kind === "disk" ? { kind, dir: join(root, name) } : { kind, s3, bucket: "resume", prefix: name };
const diskOut = (name: string) => ({ kind: "disk" as const, dir: join(root, name) });

/** Run with an abort after `abortAfterPages` pages (all targets together). */
async function runAborting(options: ExportOptions, abortAfterPages: number): Promise<ExportSummary> {
  const controller = new AbortController();
  let pages = 0;
  return exportBacklinks(options, {
    signal: controller.signal,
    onProgress: () => {
      if (++pages === abortAfterPages) controller.abort();
    },
  });
}

async function expectExact(out: Out, targets: readonly string[]): Promise<void> {
  const files = openDataset(datasetRef(out));
  try {
    const { manifest, keys } = await readRowKeys(files);
    expect(manifest.status).toBe("complete");
    for (const t of targets) {
      const got = keys.get(t)!;
      expect(new Set(got).size).toBe(got.length); // no duplicates
      expect(got).toEqual(truthKeys(sim, t));
    }
    expect(await files.list()).toContain("_SUCCESS");
  } finally {
    files.close();
  }
}

describe.each(["disk", "s3"] as const)("resume on %s", (kind) => {
  // abort points drawn at random (seeded, so a failure reproduces)
  const drills = fc.sample(
    fc.array(fc.integer({ min: 1, max: ALL_PAGES - 1 }), { minLength: 1, maxLength: 3 }),
    {
      seed: kind === "disk" ? 42 : 43,
      numRuns: 3,
    },
  );

  it.each(drills.map((d, i) => [i, d] as const))(
    "drill %i: aborts after pages %j, resumes to exactly the truth, nothing bought twice",
    async (i, points) => {
      const before = sim.stats().requests;
      const out = outFor(kind, `abort-${i}`);
      const options = exportOptions(sim, out, {
        targets: Object.keys(TARGETS),
        pageSize: PAGE,
        partRows: PART,
        format: i % 2 ? "parquet" : "ndjson",
      });
      let first = true;
      for (const at of points) {
        const s = await runAborting({ ...options, resume: !first }, at);
        first = false;
        if (s.status === "complete") break;
        expect(s.status).toBe("interrupted");
        const files = openDataset(datasetRef(out));
        const listed = await files.list();
        files.close();
        expect(listed).not.toContain("_SUCCESS");
      }
      const final = await exportBacklinks({ ...options, resume: !first });
      expect(final.status).toBe("complete");
      await expectExact(out, Object.keys(TARGETS));
      // an abort commits the part in progress: no page is bought twice
      expect(sim.stats().requests - before).toBe(ALL_PAGES);
    },
  );

  it("after a crash between a part's commit and the state save, re-buys only that part's pages", async () => {
    const out = outFor(kind, "crash");
    const options = exportOptions(sim, out, {
      targets: ["a.com"],
      pageSize: PAGE,
      partRows: PART,
      format: "csv",
    });
    const before = sim.stats().requests;
    const readState = async () => {
      const files = openDataset(datasetRef(out));
      const b = await files.read("_state.json");
      files.close();
      return b!.toString("utf8");
    };
    const abortAtFirstCommit = (resume: boolean) => {
      const controller = new AbortController();
      return exportBacklinks(
        { ...options, resume },
        {
          signal: controller.signal,
          onLog: (e) => {
            if (e.event === "part_committed") controller.abort();
          },
        },
      );
    };
    // run 1 commits part 0; its saved state is what a crash right after part 1's commit would leave
    expect((await abortAtFirstCommit(false)).status).toBe("interrupted");
    const snapshot = await readState();
    const s = await abortAtFirstCommit(true);
    expect(s.status).toBe("interrupted");
    expect(s.targets[0]!.parts).toBe(2);
    // roll the state back: part-00001 exists but is not recorded, and a temp file is left over
    if (out.kind === "disk") {
      writeFileSync(join(out.dir, "_state.json"), snapshot, { mode: 0o600 });
      await writeFile(join(out.dir, "target=a.com", ".part-00002.csv.abcdef123456.tmp"), "half a part");
    } else {
      const sink = createS3Sink(parseLocation(`s3://${out.bucket}/${out.prefix}`) as never, {
        endpoint: out.s3.endpoint,
        forcePathStyle: true,
        credentials: out.s3.credentials,
      });
      await sink.writeFile("_state.json", snapshot);
      await sink.close();
    }
    const bought = sim.stats().requests - before;
    expect(bought).toBe(2 * (PART / PAGE));
    const final = await exportBacklinks({ ...options, resume: true });
    expect(final.status).toBe("complete");
    await expectExact(out, ["a.com"]);
    const rebought = sim.stats().requests - before - pagesOf(TARGETS["a.com"]);
    expect(rebought).toBe(PART / PAGE); // exactly the uncommitted part's pages
    if (out.kind === "disk") {
      const left = await readdir(join(out.dir, "target=a.com"));
      expect(left.filter((f) => f.endsWith(".tmp"))).toEqual([]);
    }
  });
});

describe("resume rules", () => {
  it("a changed request refuses to resume before paying anything", async () => {
    const out = outFor("disk", "changed");
    const options = exportOptions(sim, out, { targets: ["a.com"], pageSize: PAGE, partRows: PART });
    expect((await runAborting(options, 3)).status).toBe("interrupted");
    const before = sim.stats().requests;
    for (const patch of [
      { request: { mode: "one_per_domain" as const } },
      { partRows: 2000 },
      { format: "csv" as const },
      { targets: ["a.com", "b.org"] },
    ]) {
      await expect(exportBacklinks({ ...options, ...patch, resume: true })).rejects.toMatchObject({
        code: "ERR_RESUME_MISMATCH",
        name: "ResumeMismatchError",
      });
    }
    expect(sim.stats().requests).toBe(before);
    // a higher budget or another concurrency is not a change of the dataset
    const s = await exportBacklinks({ ...options, maxCost: 100, concurrency: 2, resume: true });
    expect(s.status).toBe("complete");
    await expectExact(out, ["a.com"]);
  });

  it("nothing to resume, and resuming a complete dataset buys nothing", async () => {
    const out = outFor("disk", "nothing");
    const options = exportOptions(sim, out, { targets: ["b.org"] });
    await expect(exportBacklinks({ ...options, resume: true })).rejects.toMatchObject({
      code: "ERR_NOTHING_TO_RESUME",
    });
    await exportBacklinks(options);
    const before = sim.stats().requests;
    const again = await exportBacklinks({ ...options, resume: true });
    expect(again.status).toBe("complete");
    expect(sim.stats().requests).toBe(before);
    await expectExact(out, ["b.org"]);
  });

  it("existing output: refused before any request; force replaces only our files", async () => {
    const out = diskOut("exists");
    const options = exportOptions(sim, out, { targets: ["b.org"], format: "parquet" });
    await exportBacklinks(options);
    await writeFile(join(out.dir, "README.txt"), "not ours");
    const before = sim.stats().requests;
    await expect(exportBacklinks(options)).rejects.toMatchObject({ code: "ERR_OUTPUT_EXISTS" });
    expect(sim.stats().requests).toBe(before);
    const s = await exportBacklinks({ ...options, format: "ndjson", force: true });
    expect(s.status).toBe("complete");
    const left = await openDataset(datasetRef(out)).list();
    expect(left).toContain("README.txt");
    expect(left.filter((f) => f.endsWith(".parquet"))).toEqual([]);
    await expectExact(out, ["b.org"]);
  });

  it("partRows < pageSize splits pages at row boundaries and resumes inside a split page", async () => {
    const out = outFor("disk", "split");
    const options = exportOptions(sim, out, {
      targets: ["b.org"],
      pageSize: 300,
      partRows: 120,
      format: "ndjson",
    });
    const before = sim.stats().requests;
    let s = await runAborting(options, 2);
    const abortedRuns = sim.stats().requests - before;
    expect(abortedRuns).toBe(2);
    expect(s.status).toBe("interrupted");
    s = await runAborting({ ...options, resume: true }, 3);
    s = await exportBacklinks({ ...options, resume: true });
    expect(s.status).toBe("complete");
    // each of the 2 resumes re-buys at most the one page split across the committed boundary
    expect(sim.stats().requests - before).toBeLessThanOrEqual(pagesOf(TARGETS["b.org"], 300) + 2);
    await expectExact(out, ["b.org"]);
    const files = openDataset(datasetRef(out));
    const { manifest } = await readRowKeys(files);
    files.close();
    // an abort commits the part in progress, so interrupted runs leave some shorter parts
    const sizes = manifest.targets[0]!.parts.map((p) => p.rows);
    expect(sizes.every((n) => n <= 120)).toBe(true);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(TARGETS["b.org"]);
    // uninterrupted: every part but the last holds exactly partRows rows
    const whole = diskOut("split-whole");
    await exportBacklinks({ ...options, out: whole.dir });
    const w = openDataset(datasetRef(whole));
    const wm = (await readRowKeys(w)).manifest;
    w.close();
    const ws = wm.targets[0]!.parts.map((p) => p.rows);
    expect(ws.slice(0, -1).every((n) => n === 120)).toBe(true);
    expect(ws.at(-1)).toBe(TARGETS["b.org"] % 120 || 120);
  });
});
