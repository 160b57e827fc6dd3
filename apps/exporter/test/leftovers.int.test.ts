import { mkdir, readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { RunningSimulator } from "@backlinks/simulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exportBacklinks } from "../src/index.js";
import { openDataset, readRowKeys } from "./support/dataset.js";
import { exportOptions, removeDir, startSim, tempDir } from "./support/fixtures.js";
import { truthKeys } from "./support/simulator.js";

// A run killed (SIGKILL) before its first part was committed leaves only a temp file and no
// state. The next run — plain or --resume — must neither refuse the output nor need --force.
const TARGETS = { "a.com": 1200 };
const PAGE = 250;

let sim: RunningSimulator;
let root: string;
beforeAll(async () => {
  sim = await startSim({ targets: TARGETS });
  root = await tempDir();
});
afterAll(async () => {
  await sim?.close();
  await removeDir(root);
});

async function crashedBeforeFirstCommit(name: string): Promise<string> {
  const dir = join(root, name);
  await mkdir(join(dir, "target=a.com"), { recursive: true });
  await writeFile(join(dir, "target=a.com", ".part-00000.ndjson.k3x9q.tmp"), '{"half":');
  return dir;
}

async function expectExact(dir: string) {
  const files = openDataset({ kind: "disk", dir });
  try {
    const { keys } = await readRowKeys(files);
    expect(keys.get("a.com")).toEqual(truthKeys(sim, "a.com"));
  } finally {
    files.close();
  }
  const names = await readdir(join(dir, "target=a.com"));
  expect(names.filter((n) => n.endsWith(".tmp"))).toEqual([]);
}

describe("leftovers of a run that committed nothing", () => {
  for (const resume of [false, true]) {
    it(`are removed and the export runs from the first page (resume: ${resume})`, async () => {
      const dir = await crashedBeforeFirstCommit(`leftover-${resume}`);
      const logs: string[] = [];
      const summary = await exportBacklinks(
        exportOptions(
          sim,
          { kind: "disk", dir },
          { targets: ["a.com"], pageSize: PAGE, resume, format: "ndjson" },
        ),
        { onLog: (e) => logs.push(e.event) },
      );
      expect(summary.status).toBe("complete");
      expect(summary.rows).toBe(TARGETS["a.com"]);
      expect(logs).toContain("leftovers_removed");
      await expectExact(dir);
    });
  }

  it("does not treat a foreign file as a leftover", async () => {
    const dir = await crashedBeforeFirstCommit("foreign");
    await writeFile(join(dir, "notes.txt"), "mine");
    await expect(
      exportBacklinks(exportOptions(sim, { kind: "disk", dir }, { targets: ["a.com"], pageSize: PAGE })),
    ).rejects.toMatchObject({ code: "ERR_OUTPUT_EXISTS" });
  });
});
