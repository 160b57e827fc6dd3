// One bench case per child process (see run.mjs). Times exclude the time spent generating rows,
// which is measured around every pull from the generator.
import { createWriteStream, existsSync, statSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { stringify } from "csv-stringify/sync";
import { getFormat, OUTPUT_COLUMN_NAMES } from "../dist/index.js";
import { generatePages } from "./generate.mjs";

const defaultWorkers = Math.min(2, availableParallelism());

/** Wraps the generator, adding the time spent inside it to `clock.generate`. */
function timedPages(rows, clock) {
  const it = generatePages(rows);
  return {
    [Symbol.iterator]() {
      return this;
    },
    next() {
      const t = performance.now();
      const c = process.cpuUsage();
      const r = it.next();
      const used = process.cpuUsage(c);
      clock.generate += performance.now() - t;
      clock.generateCpu += (used.user + used.system) / 1000;
      return r;
    },
  };
}

/** Writes strings in ~1 MB writes, waiting for drain: the reference of the issue. */
async function referenceLines(rows, path, clock, toLine) {
  const out = createWriteStream(path);
  let buf = "";
  for (const page of timedPages(rows, clock)) {
    for (const item of page) buf += toLine(item);
    if (buf.length >= 1 << 20) {
      if (!out.write(buf)) await new Promise((resolve) => out.once("drain", resolve));
      buf = "";
    }
  }
  out.end(buf);
  await new Promise((resolve, reject) => out.on("finish", resolve).on("error", reject));
}

/** Pages as from a network client: each one after a turn of the event loop (setImmediate). */
async function* pagesAsFromNetwork(pages) {
  for (const page of pages) {
    await new Promise((resolve) => setImmediate(resolve));
    yield page;
  }
}

async function viaStage(rows, path, clock, name, options, fromNetwork = false) {
  const stage = getFormat(name, options).createStage();
  const pages = timedPages(rows, clock);
  await pipeline(
    Readable.from(fromNetwork ? pagesAsFromNetwork(pages) : pages, { objectMode: true }),
    stage,
    createWriteStream(path),
  );
}

export async function runCase(name, options) {
  const cpu0 = process.cpuUsage();
  const result = await measure(name, options);
  const cpu = process.cpuUsage(cpu0);
  // CPU seconds of the case minus the generator's share: less sensitive to other load than wall time.
  const cpuSeconds = (cpu.user + cpu.system) / 1e6 - (result.generateCpuSeconds ?? 0);
  return { ...result, rowsPerCpuSec: options.rows / cpuSeconds };
}

async function measure(name, { rows, dir, rowGroup, workers }) {
  const clock = { generate: 0, generateCpu: 0 };
  const parquet = rowGroup ? { rowGroupSize: rowGroup } : undefined;
  const file = (ext) => join(dir, `${name}${ext}`);
  let path;
  let note;
  const start = performance.now();
  switch (name) {
    case "generate": {
      let n = 0;
      for (const page of timedPages(rows, clock)) n += page.length;
      const seconds = (performance.now() - start) / 1000;
      return {
        rowsPerSec: n / seconds,
        seconds,
        bytes: 0,
        note: "row generation alone (subtracted from the others)",
      };
    }
    case "ndjson-ref":
      // Kept in the temp dir: parquet-duckdb converts this file.
      path = join(dir, "reference.ndjson");
      await referenceLines(rows, path, clock, (item) => `${JSON.stringify(item)}\n`);
      break;
    case "csv-stringify": {
      path = file(".csv");
      const options = {
        record_delimiter: "\r\n",
        quote_record_delimiter: true,
        quoted_match: /^$/,
        eof: true,
      };
      let header = stringify([OUTPUT_COLUMN_NAMES], options);
      const cell = (v) =>
        v === null || v === undefined ? null : typeof v === "object" ? JSON.stringify(v) : v;
      await referenceLines(rows, path, clock, (item) => {
        const line =
          header +
          stringify([OUTPUT_COLUMN_NAMES.map((k) => cell(item[k]))], {
            ...options,
            cast: { boolean: String },
          });
        header = "";
        return line;
      });
      note = "csv-stringify on every cell, no validation";
      break;
    }
    case "ndjson":
    case "csv":
      path = file(`.${name}`);
      await viaStage(rows, path, clock, name, {});
      break;
    case "ndjson.gz":
    case "csv.gz":
      path = file(`.${name}`);
      await viaStage(rows, path, clock, name.slice(0, -3), { compression: "gzip" });
      break;
    case "parquet":
    case "parquet-workers": {
      // "parquet": every row group encoded on the stage's thread (workers: 0);
      // "parquet-workers": a pool of --workers N workers (default: min(2, cores)).
      path = file(".parquet");
      const pooled = name === "parquet-workers";
      // Pages arrive one per event-loop turn, as from the HTTP client, so the event-loop delay
      // measured is what the stage's own work does to other callbacks (a sync source would hold
      // the loop for its whole run).
      const delay = monitorEventLoopDelay({ resolution: 10 });
      delay.enable();
      await viaStage(
        rows,
        path,
        clock,
        "parquet",
        { parquet: { ...parquet, workers: pooled ? (workers ?? defaultWorkers) : 0 } },
        true,
      );
      delay.disable();
      note =
        `row groups of ${parquet?.rowGroupSize ?? "default"} rows, snappy, ` +
        `${pooled ? `${workers ?? defaultWorkers} workers` : "in-thread"}; event loop blocked max ${Math.round(delay.max / 1e6)} ms, ` +
        `p99 ${Math.round(delay.percentile(99) / 1e6)} ms`;
      break;
    }
    case "parquet-duckdb": {
      const { DuckDBInstance } = await import("@duckdb/node-api");
      const source = join(dir, "reference.ndjson");
      if (!existsSync(source))
        throw new Error("parquet-duckdb converts the file of ndjson-ref: run that case first");
      path = file(".parquet");
      const instance = await DuckDBInstance.create(":memory:");
      const connection = await instance.connect();
      const t = performance.now();
      await connection.run(
        `COPY (SELECT * FROM read_json('${source}', format = 'newline_delimited')) TO '${path}' (FORMAT parquet, COMPRESSION snappy)`,
      );
      const seconds = (performance.now() - t) / 1000;
      connection.closeSync();
      instance.closeSync();
      return {
        rowsPerSec: rows / seconds,
        seconds,
        bytes: statSync(path).size,
        note: "NDJSON file → Parquet, snappy",
      };
    }
    default:
      throw new Error(`unknown case ${name}`);
  }
  const total = (performance.now() - start) / 1000;
  const seconds = total - clock.generate / 1000;
  return {
    rowsPerSec: rows / seconds,
    // With workers the generator runs on the main thread WHILE workers encode, so subtracting its
    // time overstates; rows / total wall (generation included) is the conservative figure.
    rowsPerSecWithGenerate: rows / total,
    seconds,
    bytes: statSync(path).size,
    note,
    generateCpuSeconds: clock.generateCpu / 1000,
  };
}
