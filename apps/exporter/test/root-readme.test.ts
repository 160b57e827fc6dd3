import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const readme = readFileSync(`${root}README.md`, "utf8");
const ciRun = readFileSync(`${root}.ci/run`, "utf8");
const rootPkg = JSON.parse(readFileSync(`${root}package.json`, "utf8")) as {
  packageManager: string;
  scripts: Record<string, string>;
};

/** The fenced `sh` blocks of the root README, in order. */
function shellBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => (m[1] ?? "").trim());
}

describe("root README's two commands", () => {
  const [mainJob, testSuite] = shellBlocks(readme);

  it("are exactly two single lines", () => {
    expect(shellBlocks(readme)).toHaveLength(2);
    expect(mainJob?.split("\n")).toHaveLength(1);
    expect(testSuite?.split("\n")).toHaveLength(1);
  });

  it("bring pnpm themselves, at the pinned packageManager version", () => {
    const pinned = rootPkg.packageManager.replace("pnpm@", "");
    for (const cmd of [mainJob, testSuite]) {
      expect(cmd).toMatch(/^npx -y pnpm@[\d.]+ install --frozen-lockfile && npx -y pnpm@[\d.]+ run \w+$/);
      expect(cmd?.match(/pnpm@([\d.]+)/g)).toEqual([`pnpm@${pinned}`, `pnpm@${pinned}`]);
    }
  });

  it("name scripts that exist", () => {
    expect(rootPkg.scripts[mainJob?.split(" ").at(-1) ?? ""]).toContain("--simulate");
    expect(rootPkg.scripts[testSuite?.split(" ").at(-1) ?? ""]).toContain("biome ci");
  });

  it("the test command is what .ci/run runs, verbatim", () => {
    const lines = ciRun.split("\n").filter((l) => l.startsWith("npx "));
    expect(lines).toEqual([testSuite]);
  });
});
