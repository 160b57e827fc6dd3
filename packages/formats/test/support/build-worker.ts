import { execFileSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

// vitest globalSetup. The stage, run from src/ in tests, starts the BUILT worker
// (dist/parquet-worker.js; a worker thread cannot load TypeScript on Node 20). turbo builds before
// it tests; this makes a plain `npx vitest run` after an edit test the current sources too, by
// rebuilding when any source file is newer than the built worker.
const root = fileURLToPath(new URL("../..", import.meta.url));

function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

export default function setup(): void {
  let built = 0;
  try {
    built = statSync(join(root, "dist", "parquet-worker.js")).mtimeMs;
  } catch {
    // not built yet
  }
  if (built >= newest(join(root, "src"))) return;
  execFileSync("npx", ["tsup"], { cwd: root, stdio: "inherit" });
}
