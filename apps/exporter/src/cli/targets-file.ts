/**
 * `--targets-file`: one target per line; blank lines and `#` comments ignored; a first column of a
 * CSV line is taken (so a spreadsheet export works). Duplicates are dropped, order kept.
 */
import { readFile } from "node:fs/promises";
import { CliError } from "./cli-error.js";

/** Reads the targets named in `path` (in file order, without duplicates). */
export async function readTargetsFile(path: string): Promise<string[]> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? "unreadable";
    throw new CliError(
      "ERR_TARGETS_FILE",
      `--targets-file: expected a readable file with one target per line, got ${JSON.stringify(path)} (${reason})`,
      { cause: error },
    );
  }
  const targets = parseTargetsText(text);
  if (targets.length === 0) {
    throw new CliError(
      "ERR_TARGETS_FILE",
      `--targets-file: expected at least one target (one per line), got none in ${JSON.stringify(path)}`,
    );
  }
  return targets;
}

/** Parses the text of a targets file (exported for unit tests). */
export function parseTargetsText(text: string): string[] {
  const seen = new Set<string>();
  for (const rawLine of text.replace(/^\uFEFF/, "").split(/\r?\n/)) {
    const line = rawLine.replace(/\s+#.*$/, "").trim();
    if (line === "" || line.startsWith("#")) continue;
    const first = line
      .split(",", 1)[0]!
      .trim()
      .replace(/^"(.*)"$/, "$1");
    // A header row of a spreadsheet export is not a target.
    if (first !== "" && first.toLowerCase() !== "target") seen.add(first);
  }
  return [...seen];
}

/** Merges `--target` values and file targets, first occurrence wins. */
export function mergeTargets(fromFlags: readonly string[], fromFile: readonly string[]): string[] {
  return [...new Set([...fromFlags.map((t) => t.trim()), ...fromFile])];
}
