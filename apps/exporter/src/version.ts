/** The tool's name and version, read once from this package's package.json (src/ and dist/ alike). */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

function findVersion(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as {
        name?: string;
        version?: string;
      };
      if (pkg.name === "@backlinks/exporter" && pkg.version) return pkg.version;
    } catch {
      // not here: go up
    }
    dir = dirname(dir);
  }
  return "0.0.0";
}

/** Name and version written into manifests and state files. */
export const TOOL = Object.freeze({ name: "backlinks-export", version: findVersion() });
