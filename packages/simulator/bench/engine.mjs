// Engine figures (issue 4): rows/s of full search_after_token walks on the 1M-row demo target,
// time to first page on a cold target, peak RSS. Imports the built dist/ (run `npx tsup` first).
// Prints figures and ratios against baselines measured in the same run; asserts nothing.
// Rates are wall-clock; "per CPU-second" divides by this process's CPU time instead, which tells
// engine cost apart from a busy machine (GC threads count as CPU too).
import { performance } from "node:perf_hooks";
import { peakRssBytes } from "../../../scripts/peak-rss.mjs";
import { createEngine, DEFAULT_DEMO_TARGET, DEFAULT_TARGETS } from "../dist/index.js";

const API_CEILING_ROWS_PER_S = (2000 / 60) * 1000; // 2,000 requests/min × 1,000 rows (api-notes §3.3)

/** Walks `request` with search_after_token; returns rows, seconds and the JSON baseline time. */
function walk(engine, request) {
  let rows = 0;
  let jsonMs = 0;
  let jsonCpu = 0;
  const cpu0 = process.cpuUsage();
  const started = performance.now();
  let page = engine.execute(request);
  const firstPageMs = performance.now() - started;
  let pages = 1;
  for (;;) {
    rows += page.items_count;
    const t = performance.now();
    const c = process.cpuUsage();
    JSON.stringify(page);
    jsonMs += performance.now() - t;
    const dc = process.cpuUsage(c);
    jsonCpu += dc.user + dc.system;
    if (page.items_count === 0) break;
    page = engine.execute({ ...request, search_after_token: page.search_after_token });
    pages++;
  }
  const seconds = (performance.now() - started - jsonMs) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system - jsonCpu) / 1e6;
  return {
    rows,
    pages,
    seconds,
    cpuSeconds,
    firstPageMs,
    jsonSeconds: jsonMs / 1000,
    total: page.total_count,
  };
}

const fmt = (n) => Math.round(n).toLocaleString("en-US");

/** Pages per A/B walk: enough to be stable, few enough to keep the bench quick on a busy machine. */
const AB_PAGES = 250;

/**
 * Rows of `request`'s first AB_PAGES pages turned into response bytes: `"object"` = the server's
 * former path (execute → item objects → JSON.stringify → Buffer.from), `"bytes"` = executeJson.
 */
function serialiseWalk(engine, request, how) {
  let rows = 0;
  let bytes = 0;
  let task = request;
  const cpu0 = process.cpuUsage();
  const started = performance.now();
  for (let pages = 0; pages < AB_PAGES; pages++) {
    let count;
    let token;
    if (how === "object") {
      const page = engine.execute(task);
      bytes += Buffer.from(JSON.stringify(page), "utf8").length;
      count = page.items_count;
      token = page.search_after_token;
    } else {
      const page = engine.executeJson(task);
      bytes += page.json.length;
      count = page.itemsCount;
      token = page.token;
    }
    rows += count;
    if (count < request.limit) break;
    task = { ...request, search_after_token: token };
  }
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpu0);
  return { rows, bytes, seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6 };
}

/**
 * Same-run A/B of the two ways to turn pages into bytes, alternated (object, bytes, object, bytes)
 * so load changes on a shared machine hit both; the best round of each counts.
 */
function serialisationAb(engine, requests) {
  const lines = ["  serialisation A/B (engine + page → UTF-8 bytes; best of 2 alternating rounds):"];
  const figures = {};
  for (const [name, request] of requests) {
    const best = { object: null, bytes: null };
    for (let round = 0; round < 2; round++) {
      for (const how of ["object", "bytes"]) {
        const r = serialiseWalk(engine, request, how);
        if (best[how] === null || r.cpuSeconds < best[how].cpuSeconds) best[how] = r;
      }
    }
    const rate = (r) => r.rows / r.seconds;
    const cpuRate = (r) => r.rows / r.cpuSeconds;
    lines.push(
      `    ${name}: object + JSON.stringify ${fmt(rate(best.object))} rows/s (per CPU-second ${fmt(cpuRate(best.object))}); ` +
        `executeJson ${fmt(rate(best.bytes))} rows/s (per CPU-second ${fmt(cpuRate(best.bytes))}) → ` +
        `×${(cpuRate(best.bytes) / cpuRate(best.object)).toFixed(2)} per CPU-second, same ${best.bytes.bytes === best.object.bytes ? "byte count" : "BYTE COUNT DIFFERS"} (${fmt(best.bytes.bytes / best.bytes.rows)} bytes/row)`,
    );
    figures[name] = { object: cpuRate(best.object), bytes: cpuRate(best.bytes) };
  }
  return { lines, figures };
}
const mb = (bytes) => `${(bytes / 1e6).toFixed(0)} MB`;

export function runEngineBench(log = console.log) {
  const target = DEFAULT_DEMO_TARGET;
  log(`engine: target ${target} (${fmt(DEFAULT_TARGETS[target])} live backlinks), seed 1`);
  const engine = createEngine({ seed: 1 });

  let t = performance.now();
  const coldCpu = process.cpuUsage();
  const cold = engine.execute({ target, limit: 1000 });
  const coldMs = performance.now() - t;
  const coldCpuUsed = process.cpuUsage(coldCpu);
  const coldCpuMs = (coldCpuUsed.user + coldCpuUsed.system) / 1000;
  log(
    `  time to first page, cold target (generate + sort):   ${fmt(coldMs)} ms (CPU ${fmt(coldCpuMs)} ms; total_count ${fmt(cold.total_count)})`,
  );

  const defaultWalk = walk(engine, { target, limit: 1000 });
  const defaultRate = defaultWalk.rows / defaultWalk.seconds;
  const jsonRate = defaultWalk.rows / defaultWalk.jsonSeconds;
  log(
    `  default order, full token walk:  ${fmt(defaultWalk.rows)} rows in ${defaultWalk.pages} pages, ${defaultWalk.seconds.toFixed(2)} s → ${fmt(defaultRate)} rows/s (goal ≥ 150,000; per CPU-second ${fmt(defaultWalk.rows / defaultWalk.cpuSeconds)})`,
  );

  const filtered = {
    target,
    limit: 1000,
    filters: [["dofollow", "=", true], "and", ["backlink_spam_score", "<", 60]],
    order_by: ["domain_from_rank,desc", "page_from_rank,desc"],
    mode: "one_per_domain",
  };
  const filteredWalk = walk(engine, filtered);
  const filteredRate = filteredWalk.rows / filteredWalk.seconds;
  log(
    `  filter + order_by + one_per_domain, full token walk: ${fmt(filteredWalk.rows)} rows in ${filteredWalk.pages} pages, ${filteredWalk.seconds.toFixed(2)} s (first page ${fmt(filteredWalk.firstPageMs)} ms) → ${fmt(filteredRate)} rows/s (goal ≥ 50,000; per CPU-second ${fmt(filteredWalk.rows / filteredWalk.cpuSeconds)})`,
  );

  t = performance.now();
  const warm = engine.execute({ ...filtered, offset: 5000 });
  log(
    `  same query again, cached row set, one page:  ${(performance.now() - t).toFixed(1)} ms (${warm.items_count} items)`,
  );

  log(
    `  baseline, JSON.stringify of the same pages:  ${fmt(jsonRate)} rows/s → engine/JSON ratio ${(defaultRate / jsonRate).toFixed(2)}`,
  );
  log(
    `  baseline, one account's API ceiling ${fmt(API_CEILING_ROWS_PER_S)} rows/s → default ×${(defaultRate / API_CEILING_ROWS_PER_S).toFixed(1)}, filtered ×${(filteredRate / API_CEILING_ROWS_PER_S).toFixed(1)}`,
  );
  const ab = serialisationAb(engine, [
    ["default order", { target, limit: 1000 }],
    ["filter + order_by + one_per_domain", filtered],
  ]);
  for (const line of ab.lines) log(line);

  const peak = peakRssBytes();
  log(
    `  peak RSS with the 1M-row target loaded:  ${mb(peak)} (goal ≤ 500 MB); now ${mb(process.memoryUsage().rss)}`,
  );
  return { coldMs, defaultRate, filteredRate, jsonRate, peakRssBytes: peak, ab: ab.figures };
}

if (import.meta.url === `file://${process.argv[1]}`) runEngineBench();
