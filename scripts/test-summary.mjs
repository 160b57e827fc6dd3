#!/usr/bin/env node
// Adds up the vitest JSON reports every package's `test` script wrote and prints one plain
// closing line, "N passed, N failed, N skipped", so CI logs end with a count of what ran.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

const dirs = ["packages/core", "packages/formats", "packages/simulator", "apps/exporter"];
let passed = 0;
let failed = 0;
let skipped = 0;
for (const dir of dirs) {
  const file = join(dir, ".turbo", "vitest-report.json");
  if (!existsSync(file)) {
    console.error(`test-summary: no report from ${dir} (did its tests run?)`);
    failed++;
    continue;
  }
  const r = JSON.parse(readFileSync(file, "utf8"));
  passed += r.numPassedTests;
  failed += r.numFailedTests;
  skipped += r.numPendingTests + (r.numTodoTests ?? 0);
}
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
