#!/usr/bin/env node
// Runs every workspace package's `bench` script in turn (sequentially, so figures do not
// compete for the machine's two cores) and prints their output as it comes.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

const dirs = ["packages/core", "packages/formats", "packages/simulator", "apps/exporter"];
let failed = 0;
for (const dir of dirs) {
  const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  if (!pkg.scripts?.bench || !existsSync(join(dir, "bench"))) {
    console.log(`\n== ${pkg.name}: no bench yet`);
    continue;
  }
  console.log(`\n== ${pkg.name}: ${pkg.scripts.bench}`);
  const r = spawnSync("npm", ["run", "-s", "bench"], { cwd: dir, stdio: "inherit" });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
