/**
 * `--simulate` and `--dry-run`, end to end: the embedded simulator on a pseudo-terminal (the
 * progress bar is drawn; the run ends with where the dataset is and a DuckDB one-liner that really
 * reads it), the demo target when no --target is given, and the dry-run estimate with and without
 * the paid probe.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { beforeAll, expect, it } from "vitest";
import {
  APP_ROOT,
  assertBuilt,
  CLI_PATH,
  childEnv,
  lines,
  runCli,
  spawnCli,
  tempDir,
} from "./cli-e2e-support.js";

beforeAll(() => {
  assertBuilt();
});

/** Runs the CLI on a pseudo-terminal (util-linux `script`), returning the transcript. */
async function onTty(args: string[], cwd: string) {
  const quoted = [process.execPath, CLI_PATH, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(" ");
  // The pty `script` opens has no size (the bar would fall back to 80 columns and cut its last
  // fields whenever rows/s has many digits): give it 160 columns first.
  const command = `stty cols 160 rows 50; exec ${quoted}`;
  const run = spawnCli([], {
    env: childEnv({ TERM: "xterm", COLUMNS: "160" }),
    cwd,
    shell: `exec script -qec ${JSON.stringify(command)} /dev/null`,
  });
  return run.result;
}

it("the README's first command is the root demo script's command", () => {
  const readme = readFileSync(join(APP_ROOT, "README.md"), "utf8");
  const first = /```sh\n([^\n]+)\n```/.exec(readme.slice(readme.indexOf("\n## CLI\n")))![1]!;
  const root = JSON.parse(readFileSync(join(APP_ROOT, "..", "..", "package.json"), "utf8"));
  expect(root.scripts.demo).toContain(`&& ${first}`);
  expect(first).toBe(
    "node apps/exporter/dist/cli.js --simulate --format parquet --out ./backlinks-demo --force",
  );
});

it("--simulate on a TTY draws the progress bar and ends with the dataset and a working query", async () => {
  const dir = await tempDir("simulate-tty");
  const result = await onTty(
    ["--simulate", "--target", "example.net", "--format", "parquet", "--out", "./demo", "--force"],
    dir,
  );
  expect(result.code, result.stdout).toBe(0);
  // Strip the terminal's escape sequences (ESC [ … letter) and turn carriage returns into lines.
  const ansi = new RegExp(`${String.fromCharCode(27)}\\[[0-9;?]*[A-Za-z]`, "g");
  const transcript = result.stdout.replace(ansi, "").replace(/\r/g, "\n");
  // The bar: target, rows / total_count, rows/s, ETA, $ spent, retries.
  expect(transcript).toMatch(
    /example\.net\s+\|[█░]+\| \d+% [\d,]+\/2,000 rows \| [\d,]+ rows\/s \| ETA \S+ \| \$\d+\.\d+ \| \d+ retries/,
  );
  expect(transcript).toMatch(/✔ complete: 2,000 of 2,000 rows/);
  const dataset = /dataset:\s+(\S+)/.exec(transcript)![1]!;
  expect(dataset).toBe(join(dir, "demo"));
  const query = /query:\s+duckdb -c "(.*)"/.exec(transcript)![1]!.replace(/\\(["\\$`])/g, "$1");
  // The printed one-liner, run through DuckDB, reads the whole dataset.
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  const rows = (await connection.runAndReadAll(query)).getRowObjects();
  expect(rows.map((r) => [String(r.target), Number(r.backlinks)])).toEqual([["example.net", 2000]]);
  connection.closeSync();
  instance.closeSync();
});

it("--simulate --dry-run estimates the 1M-row demo target with one paid probe", async () => {
  const result = await runCli(["--simulate", "--dry-run"], { env: childEnv() });
  expect(result.stderr).toBe("");
  expect(result.code).toBe(0);
  const out = result.stdout;
  expect(out).toMatch(/made 1 minimal paid request \(limit 1\) to learn total_count, costing \$0\.0200/);
  expect(out).toMatch(/example\.com: total_count 1,000,000 → 1,000,000 rows in 1,000 requests/);
  expect(out).toMatch(/estimate \(not a quote\): 1,000,000 rows, 1,000 requests, cost \$50\.00/);
  expect(out).toMatch(/estimated time: ~.* at the account ceiling \(2,000 requests\/min, 30 concurrent\)/);
});

it("--dry-run --no-probe makes no request and needs no credentials", async () => {
  const result = await runCli(
    ["--target", "example.com", "--dry-run", "--no-probe", "--log-format", "json"],
    {
      env: childEnv(),
    },
  );
  expect(result.stderr).toBe("");
  expect(result.code).toBe(0);
  const estimate = JSON.parse(lines(result.stdout).at(-1)!);
  expect(estimate).toMatchObject({
    type: "dry-run",
    estimate: true,
    probed: false,
    probeRequests: 0,
    probeCost: 0,
  });
});

it("--max-rows caps rows per target: complete, exit 0", async () => {
  const dir = await tempDir("simulate-max-rows");
  const args = [
    "--simulate",
    "--target",
    "example.net",
    "--max-rows",
    "700",
    "--page-size",
    "500",
    "--format",
    "csv",
  ];
  const result = await runCli([...args, "--out", join(dir, "a"), "--quiet"], { env: childEnv() });
  expect(result.stderr).toBe("");
  expect(result.code).toBe(0);
  expect(result.stdout).toMatch(
    /^✔ complete: 700 of 700 rows \(total_count 2,000, --max-rows 700 per target\)/,
  );
});

it("--max-cost stops before the page that would pass it (exit 6); a higher budget resumes to completion", async () => {
  const dir = await tempDir("simulate-budget");
  const args = [
    "--simulate",
    "--target",
    "example.net",
    "--page-size",
    "500",
    "--format",
    "ndjson",
    "--out",
    "./o",
  ];
  const stopped = await runCli([...args, "--max-cost", "0.05"], { env: childEnv(), cwd: dir });
  expect(stopped.code).toBe(6);
  const errLines = lines(stopped.stderr);
  expect(errLines).toHaveLength(1);
  expect(errLines[0]).toMatch(
    /^backlinks-export: ERR_BUDGET_EXCEEDED: .*spent \$0\.035.*to continue with a higher budget: node \S+ .*--max-cost '?<USD>'? .*--resume \(exit 6\)$/,
  );
  expect(stopped.stdout).toMatch(/^⚠ partial: 500 of 2,000 rows/m);
  const resumed = await runCli([...args, "--max-cost", "1", "--resume", "--quiet"], {
    env: childEnv(),
    cwd: dir,
  });
  expect(resumed.stderr).toBe("");
  expect(resumed.code).toBe(0);
  expect(resumed.stdout).toMatch(/^✔ complete: 2,000 of 2,000 rows/);
});
