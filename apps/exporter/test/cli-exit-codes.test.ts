import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { CLI_ERROR_CODES } from "../src/cli/cli-error.js";
import { EXPORT_ERROR_CODES } from "../src/errors.js";
import { ERROR_EXIT_CODES, EXIT, EXIT_CODE_MEANINGS, exitCodeFor } from "../src/exit-codes.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const packages = join(root, "..", "..", "packages");

/** Every `"ERR_…"` string literal in a package's src/ (the codes its errors are built with). */
function codesInSources(dir: string): Set<string> {
  const codes = new Set<string>();
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith(".ts")) {
        for (const m of readFileSync(path, "utf8").matchAll(/"(ERR_[A-Z0-9_]+)"/g)) codes.add(m[1]!);
      }
    }
  };
  walk(dir);
  return codes;
}

/** Rows of the markdown tables in the README section `## <heading>`. */
function tableRows(heading: string): string[][] {
  const readme = readFileSync(join(root, "README.md"), "utf8");
  const start = readme.indexOf(`\n## ${heading}\n`);
  expect(start, `README has a "## ${heading}" section`).toBeGreaterThanOrEqual(0);
  const rest = readme.slice(start + heading.length + 5);
  const end = rest.search(/\n## /);
  const section = end === -1 ? rest : rest.slice(0, end);
  return section
    .split("\n")
    .filter((line) => line.startsWith("|") && !/^\|\s*-/.test(line))
    .map((line) =>
      line
        .slice(1, -1)
        .split("|")
        .map((cell) => cell.trim().replace(/`/g, "")),
    );
}

describe("exit-code table", () => {
  it("maps every exporter, CLI, core and formats error code", () => {
    const all = [
      ...EXPORT_ERROR_CODES,
      ...CLI_ERROR_CODES,
      ...codesInSources(join(packages, "core", "src")),
      ...codesInSources(join(packages, "formats", "src")),
      ...codesInSources(join(packages, "simulator", "src")),
    ];
    expect(all.length).toBeGreaterThan(25);
    const unmapped = all.filter((code) => ERROR_EXIT_CODES[code] === undefined);
    expect(unmapped).toEqual([]);
    const documented = new Set(Object.values(EXIT) as number[]);
    for (const exit of Object.values(ERROR_EXIT_CODES)) expect(documented.has(exit)).toBe(true);
  });

  it("README's exit-code table equals the code's", () => {
    const rows = tableRows("Exit codes").filter((r) => r.length === 2 && /^\d+$/.test(r[0]!));
    expect(rows).toEqual(EXIT_CODE_MEANINGS.map((m) => [String(m.exit), m.meaning]));
  });

  it("README's error-code table equals the code's", () => {
    const rows = tableRows("Exit codes").filter((r) => r.length === 3 && r[0]!.startsWith("ERR_"));
    const fromReadme = Object.fromEntries(rows.map((r) => [r[0], Number(r[1])]));
    expect(fromReadme).toEqual({ ...ERROR_EXIT_CODES });
  });

  it("refines API errors by the status in the cause chain", () => {
    const status = (statusCode: number) =>
      Object.assign(new Error("x"), { code: "ERR_API_STATUS", statusCode });
    expect(exitCodeFor(status(50000))).toBe(EXIT.API);
    expect(exitCodeFor(status(40210))).toBe(EXIT.ACCOUNT);
    expect(exitCodeFor(status(40501))).toBe(EXIT.USAGE);
    const wrapped = Object.assign(new Error("x", { cause: status(40100) }), { code: "ERR_API" });
    expect(exitCodeFor(wrapped)).toBe(EXIT.ACCOUNT);
    const http = Object.assign(new Error("x"), { code: "ERR_HTTP", status: 402 });
    expect(
      exitCodeFor(Object.assign(new Error("r", { cause: http }), { code: "ERR_RETRIES_EXHAUSTED" })),
    ).toBe(EXIT.ACCOUNT);
    expect(exitCodeFor(new TypeError("boom"))).toBe(EXIT.INTERNAL);
    expect(exitCodeFor(Object.assign(new Error("x"), { code: "ERR_SOMETHING_NEW" }))).toBe(EXIT.INTERNAL);
  });
});
