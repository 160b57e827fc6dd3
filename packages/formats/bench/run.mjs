// Writer figures: per format rows/s, MB/s, peak RSS, file size, beside references measured in the
// same run. Each case runs in its own child process so its peak RSS is its own.
//   node bench/run.mjs [--rows 1000000] [--cases ndjson,csv,...] [--row-group 20000] [--workers N]
// Imports the built package (../dist): run `npx tsup` first. Prints; asserts nothing.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { peakRssBytes } from "../../../scripts/peak-rss.mjs";
import { runCase } from "./cases.mjs";

const args = process.argv.slice(2);
const arg = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const rows = Number(arg("rows", "1000000"));
const rowGroup = Number(arg("row-group", "0")) || undefined;
// Workers for the parquet-workers case (default: formats' default pool size).
const workers = arg("workers", undefined) === undefined ? undefined : Number(arg("workers"));

if (args.includes("--child")) {
  const result = await runCase(arg("child"), { rows, dir: arg("dir"), rowGroup, workers });
  process.stdout.write(`${JSON.stringify({ ...result, maxRssMB: peakRssBytes() / 1048576 })}\n`);
  process.exit(0);
}

const ALL = [
  "generate",
  "ndjson-ref",
  "ndjson",
  "ndjson.gz",
  "csv-stringify",
  "csv",
  "csv.gz",
  "parquet",
  "parquet-workers",
  "parquet-duckdb",
];
const cases = arg("cases", ALL.join(",")).split(",");
const dir = mkdtempSync(join(tmpdir(), "formats-bench-"));
const self = fileURLToPath(import.meta.url);
const results = new Map();
try {
  console.log(
    `rows: ${rows.toLocaleString("en")}  node ${process.version}  load average ${loadavg()[0].toFixed(1)}` +
      "  (times exclude row generation; rows/CPU-s is less sensitive to other load)",
  );
  for (const name of cases) {
    const child = spawnSync(
      process.execPath,
      [
        self,
        "--child",
        name,
        "--rows",
        String(rows),
        "--dir",
        dir,
        ...(rowGroup ? ["--row-group", String(rowGroup)] : []),
        ...(workers === undefined ? [] : ["--workers", String(workers)]),
      ],
      { encoding: "utf8", maxBuffer: 1 << 20 },
    );
    if (child.status !== 0) {
      console.log(
        `${name.padEnd(15)} FAILED: ${(child.stderr || child.stdout).trim().split("\n").slice(-3).join(" | ")}`,
      );
      continue;
    }
    const r = JSON.parse(child.stdout.trim().split("\n").pop());
    results.set(name, r);
    print(name, r);
  }
  console.log("\nratios (rows/s against the reference measured above):");
  const ratio = (a, b, goal) => {
    const x = results.get(a);
    const y = results.get(b);
    if (x && y) {
      console.log(
        `  ${a} / ${b} = ${(x.rowsPerSec / y.rowsPerSec).toFixed(2)}x wall, ` +
          `${(x.rowsPerCpuSec / y.rowsPerCpuSec).toFixed(2)}x CPU  (${goal})`,
      );
    }
  };
  ratio("ndjson", "ndjson-ref", "≥0.8x");
  ratio("csv", "ndjson-ref", "≥0.5x");
  ratio("csv", "csv-stringify", "choice: hand quoting vs csv-stringify per cell");
  ratio("parquet", "parquet-duckdb", "informative; goal is ≥50,000 rows/s absolute");
  ratio("parquet-workers", "parquet", "worker pool vs in-thread encoding");
  ratio("parquet-workers", "parquet-duckdb", "informative; goal is ≥50,000 rows/s absolute");
  const gen = (name) => {
    const r = results.get(name);
    if (r?.rowsPerSecWithGenerate) {
      console.log(
        `  ${name}: ${Math.round(r.rowsPerSecWithGenerate).toLocaleString("en")} rows/s wall with row generation included`,
      );
    }
  };
  console.log("\nwall including the generator's time (it overlaps the workers' encoding):");
  gen("parquet");
  gen("parquet-workers");
} finally {
  rmSync(dir, { recursive: true, force: true });
}

function print(name, r) {
  const mb = r.bytes / 1e6;
  console.log(
    `${name.padEnd(15)} ${Math.round(r.rowsPerSec).toLocaleString("en").padStart(9)} rows/s` +
      ` ${Math.round(r.rowsPerCpuSec).toLocaleString("en").padStart(9)} rows/CPU-s` +
      `  ${(mb / r.seconds).toFixed(1).padStart(6)} MB/s  peak RSS ${Math.round(r.maxRssMB).toString().padStart(4)} MB` +
      `  file ${mb.toFixed(1).padStart(7)} MB  (${r.seconds.toFixed(1)} s${r.note ? `; ${r.note}` : ""})`,
  );
}
