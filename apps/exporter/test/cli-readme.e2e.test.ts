/**
 * The CLI examples of apps/exporter/README.md are executed: every ```sh block preceded by
 * `<!-- test -->` runs in bash against a simulator started here (`$API`), with `backlinks-export`
 * being the built CLI. Each must exit 0 with nothing on stderr.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type RunningSimulator, startSimulator } from "@backlinks/simulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  APP_ROOT,
  apiEnv,
  assertBuilt,
  childEnv,
  runCli,
  SIM_CREDENTIALS,
  tempDir,
} from "./cli-e2e-support.js";

const readme = readFileSync(join(APP_ROOT, "README.md"), "utf8");
const blocks = [...readme.matchAll(/<!-- test -->\s*\n```sh\n([\s\S]*?)```/g)].map((m) => m[1]!.trim());

let simulator: RunningSimulator;
beforeAll(async () => {
  assertBuilt();
  simulator = await startSimulator({
    seed: 9,
    targets: { "small.example": 1800, "other.example": 1200 },
    credentials: { ...SIM_CREDENTIALS },
  });
});
afterAll(async () => {
  await simulator?.close();
});

describe("README CLI examples", () => {
  it("has examples marked for testing", () => {
    expect(blocks.length).toBeGreaterThanOrEqual(3);
  });
  for (const [i, block] of blocks.entries()) {
    it(`example ${i + 1}: ${block.split("\n")[0]!.slice(0, 70)}`, async () => {
      const dir = await tempDir(`readme-${i}`);
      // "$0" is node and "$1" the built CLI (see spawnCli).
      const script = `set -euo pipefail\ncli="$1"\nbacklinks-export() { "$0" "$cli" "$@"; }\n${block}\n`;
      const result = await runCli([], {
        env: childEnv({ ...apiEnv(), API: simulator.url }),
        cwd: dir,
        shell: script,
      });
      expect(result.stderr).toBe("");
      expect(result.code).toBe(0);
      expect(result.stdout).not.toContain(SIM_CREDENTIALS.password);
    });
  }
});
