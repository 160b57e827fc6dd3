/**
 * Without the native snappy binary (a platform with no prebuilt binary, an install that skipped
 * optional dependencies) the package must still import, and Parquet must still be written, with
 * hyparquet-writer's JS snappy: the built package in a child process whose `require("snappy")`
 * throws, its file read back by DuckDB value for value.
 */
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { DuckDBInstance } from "@duckdb/node-api";
import { expect, it } from "vitest";

const run = promisify(execFile);
const dist = fileURLToPath(new URL("../dist/index.js", import.meta.url));
const ROWS = 3000;

// Preloaded with --require: any require("snappy") fails as if the binary were missing.
const noSnappy = `
const Module = require("node:module");
const load = Module._load;
Module._load = function (request, ...rest) {
  if (request === "snappy") {
    process.stdout.write("snappy refused\\n");
    throw new Error("Cannot find native binding (simulated)");
  }
  return load.call(this, request, ...rest);
};
`;

const script = `
import { createWriteStream } from "node:fs";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { getFormat } from ${JSON.stringify(dist)};
const [out, rows] = process.argv.slice(1);
async function* pages() {
  for (let p = 0; p < Number(rows); p += 500)
    yield Array.from({ length: 500 }, (_, i) => ({
      type: "backlink",
      rank: p + i,
      url_from: "https://site" + ((p + i) % 97) + ".example/page/" + (p + i) + "?q=" + "x".repeat((p + i) % 50),
      anchor: (p + i) % 3 === 0 ? null : "anchor " + ((p + i) % 11),
    }));
}
const stage = getFormat("parquet", { compression: "snappy", parquet: { rowGroupSize: 1000 } }).createStage();
await pipeline(Readable.from(pages()), stage, createWriteStream(out));
console.log("written");
`;

it("Parquet is written with the JS snappy when the native binary cannot load", async () => {
  const dir = await mkdtemp(join(tmpdir(), "snappy-fallback-"));
  try {
    const preload = join(dir, "no-snappy.cjs");
    const out = join(dir, "out.parquet");
    await writeFile(preload, noSnappy);
    const { stdout } = await run(
      process.execPath,
      ["--require", preload, "--input-type=module", "-e", script, out, String(ROWS)],
      { timeout: 60_000 },
    );
    expect(stdout).toContain("snappy refused"); // the package did try the native binding …
    expect(stdout).toContain("written"); // … and wrote the file without it
    expect((await readFile(out)).subarray(0, 4).toString()).toBe("PAR1");

    const instance = await DuckDBInstance.create(":memory:");
    const connection = await instance.connect();
    const path = out.replace(/'/g, "''");
    const [codecs] = (
      await connection.runAndReadAll(
        `SELECT list(DISTINCT compression) AS c FROM parquet_metadata('${path}')`,
      )
    ).getRowObjects();
    expect(String(codecs!.c)).toMatch(/SNAPPY/i);
    const rows = (
      await connection.runAndReadAll(
        `SELECT rank, url_from, anchor FROM read_parquet('${path}') ORDER BY rank`,
      )
    ).getRowObjects();
    connection.closeSync();
    expect(rows).toHaveLength(ROWS);
    rows.forEach((r, n) => {
      expect(Number(r.rank)).toBe(n);
      expect(r.url_from).toBe(`https://site${n % 97}.example/page/${n}?q=${"x".repeat(n % 50)}`);
      expect(r.anchor).toBe(n % 3 === 0 ? null : `anchor ${n % 11}`);
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
