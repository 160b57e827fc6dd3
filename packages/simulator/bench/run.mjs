// `pnpm bench` for @backlinks/simulator (imports the built dist/: run `npx tsup` first).
// 1. bench/engine.mjs (engine-only figures), if present.
// 2. HTTP serving figures: rows/s of a full search_after_token walk of the 1M-row demo target
//    over HTTP, for the default order and for a filtered / order_by / one_per_domain request;
//    time to first page on a cold target; the server's peak RSS. The server runs in a child
//    process (bench/serve-child.mjs), the client here on the other core.
// `--compare <path/to/dist/index.js>`: also serve the same walks from that build (e.g. the previous
// commit's) in the same run and print before/after ratios.
// Baseline, measured in the same run: a plain node:http server answering every request with one
// fixed 1000-item page — the ceiling of HTTP transport + client on this machine, and the server
// CPU that transport alone costs. Ratios are against it and against the goals. Figures
// are printed, never asserted. "Per server CPU-second" divides rows by the server process's own
// CPU time (process.cpuUsage in the child), which a busy machine disturbs far less than wall
// time; the load average is printed at the start and the end of the run.
// The default walk is the first full walk after the cold first page (no page is ever cached);
// a second, labelled "repeated" walk of the same request follows it.
import { fork, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { Agent, request } from "node:http";
import { loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const TARGET = "example.com";
const PAGE = 1000;
const GOALS = { default: 150_000, filtered: 50_000 };
const compareAt = process.argv.indexOf("--compare");
const compareDist = compareAt > 0 ? process.argv[compareAt + 1] : undefined;

if (!existsSync(here("../dist/index.js"))) {
  console.error("bench/run.mjs: dist/ is missing — build first (npx tsup, or pnpm bench from the root)");
  process.exit(1);
}

const load = () =>
  loadavg()
    .map((n) => n.toFixed(2))
    .join(", ");
const loadAtStart = load();

if (existsSync(here("./engine.mjs"))) {
  console.log("-- engine only (bench/engine.mjs)");
  const r = spawnSync(process.execPath, [here("./engine.mjs")], { stdio: "inherit" });
  if (r.status !== 0) process.exitCode = 1;
}

function startChild(args, body) {
  const child = fork(here("./serve-child.mjs"), args, { stdio: "inherit" });
  if (body !== undefined) child.send({ body });
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("message", (m) => resolve({ child, ...m.ready }));
  });
}

function ask(child, what) {
  return new Promise((resolve) => {
    child.once("message", (m) => resolve(m[what]));
    child.send(what);
  });
}

async function stopChild(child) {
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.send("stop");
  await exited;
}

let wireBytes = 0;
const agent = new Agent({ keepAlive: true, maxSockets: 1 });

/**
 * POST one task; resolves with the body's bytes. No JSON.parse and no decoding to a string: the
 * client must stay cheap. Decoding each 1.4 MB page to a string on the other core had cost the
 * server itself 5–17 % more CPU per page (shared cache and memory bandwidth: alternating walks,
 * and the page writer alone beside a process doing that decoding) and the walk 10–20 % of its
 * wall-clock rate.
 */
function post(server, task, gzip = false) {
  const body = JSON.stringify([task]);
  const auth = Buffer.from(`${server.login}:${server.password}`).toString("base64");
  return new Promise((resolve, reject) => {
    const req = request(
      `${server.url}/v3/backlinks/backlinks/live`,
      {
        method: "POST",
        agent,
        headers: {
          authorization: `Basic ${auth}`,
          "content-type": "application/json",
          "content-length": Buffer.byteLength(body),
          ...(gzip && { "accept-encoding": "gzip" }),
        },
      },
      (res) => {
        const chunks = [];
        res.on("data", (c) => chunks.push(c));
        res.on("end", () => {
          const raw = Buffer.concat(chunks);
          wireBytes += raw.length;
          resolve(gzip ? gunzipSync(raw) : raw);
        });
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

/** items_count and search_after_token found by a byte search of the body, not a parse. */
function pageFacts(body) {
  const at = body.indexOf('"items_count":');
  if (at < 0) throw new Error(`not a result page: ${body.subarray(0, 300).toString("utf8")}`);
  const items = Number.parseInt(body.toString("latin1", at + 14, at + 24), 10);
  const t = body.lastIndexOf('"search_after_token":"');
  const token = t < 0 ? null : body.toString("latin1", t + 22, body.indexOf('"', t + 22));
  return { items, token, bytes: body.length };
}

/** Walk a request to its end with tokens (or at most maxPages), timing it. */
async function walk(server, task, maxPages = Number.POSITIVE_INFINITY, gzip = false, parse = false) {
  wireBytes = 0;
  let token = null;
  let rows = 0;
  let pages = 0;
  let bytes = 0;
  let firstPageMs = 0;
  const started = performance.now();
  for (;;) {
    const body = await post(server, token ? { ...task, search_after_token: token } : task, gzip);
    let facts = pageFacts(body);
    if (parse) {
      // What a real client does with each page: parse all of it and read the token from the object.
      const result = JSON.parse(body.toString("utf8")).tasks[0].result[0];
      facts = { items: result.items.length, token: result.search_after_token, bytes: body.length };
    }
    if (pages === 0) firstPageMs = performance.now() - started;
    pages++;
    rows += facts.items;
    bytes += facts.bytes;
    if (facts.items < task.limit || pages >= maxPages) break;
    token = facts.token;
  }
  const ms = performance.now() - started;
  return { rows, pages, bytes, wire: wireBytes, ms, firstPageMs, rowsPerSecond: (rows / ms) * 1000 };
}

const fmt = (n) => Math.round(n).toLocaleString("en-US");

const defaultTask = { target: TARGET, limit: PAGE };
const filteredTask = {
  target: TARGET,
  mode: "one_per_domain",
  filters: [["dofollow", "=", true], "and", ["domain_from_rank", ">", 100]],
  order_by: ["domain_from_rank,desc", "page_from_rank,asc"],
  limit: PAGE,
};

/** A walk plus the server process's CPU seconds spent during it. */
async function cpuWalk(server, task, maxPages) {
  const before = await ask(server.child, "cpu");
  const r = await walk(server, task, maxPages);
  r.serverCpu = (await ask(server.child, "cpu")) - before;
  r.rowsPerCpuSecond = r.rows / r.serverCpu;
  return r;
}

// Build to compare with, first (so the machine's load drifts over both the same way).
let before;
if (compareDist !== undefined) {
  const old = await startChild(["sim", compareDist]);
  await walk(old, defaultTask, 1); // cold: generate the dataset
  before = { defaultWalk: await cpuWalk(old, defaultTask), filteredWalk: await cpuWalk(old, filteredTask) };
  await stopChild(old.child);
}

// Simulator, cold start: the first page includes generating the 1M-row dataset.
const sim = await startChild(["sim"]);
const cold = await walk(sim, defaultTask, 1);
const firstBody = (await post(sim, defaultTask)).toString("utf8");
const defaultWalk = await cpuWalk(sim, defaultTask);
const repeatedWalk = await cpuWalk(sim, defaultTask);
const filteredWalk = await cpuWalk(sim, filteredTask);
const gzipWalk = await walk(sim, defaultTask, 100, true);
// Page 1 again, so this walk starts with no page computed ahead.
const parsingWalk = await walk(sim, defaultTask, 100, false, true);
const rssBytes = await ask(sim.child, "rss");
await stopChild(sim.child);

// Baseline: the same page bytes from a server that does no work at all.
const staticServer = await startChild(["static"], firstBody);
await walk(staticServer, defaultTask, 20); // warm-up
const baseline = await cpuWalk(staticServer, defaultTask, 300);
await stopChild(staticServer.child);
agent.destroy();

console.log("-- HTTP serving (server in a child process, keep-alive, identity encoding, 1000 rows/page)");
console.log(
  `baseline  static page server: ${fmt(baseline.rowsPerSecond)} rows/s over ${baseline.pages} pages;` +
    ` per server CPU-second ${fmt(baseline.rowsPerCpuSecond)} (what HTTP transport alone costs the server)`,
);
for (const [name, r, goal] of [
  ["default order (rank desc), first full walk", defaultWalk, GOALS.default],
  [
    "default order, repeated full walk (fragments already rendered; no page cache)",
    repeatedWalk,
    GOALS.default,
  ],
  ["filtered + order_by + one_per_domain", filteredWalk, GOALS.filtered],
]) {
  console.log(
    `${name}: ${fmt(r.rows)} rows in ${r.pages} pages, ${(r.ms / 1000).toFixed(1)} s → ${fmt(r.rowsPerSecond)} rows/s` +
      ` (${(r.rowsPerSecond / baseline.rowsPerSecond).toFixed(2)}× baseline, ${(r.rowsPerSecond / goal).toFixed(2)}× goal ${fmt(goal)});` +
      ` per server CPU-second ${fmt(r.rowsPerCpuSecond)} (${(r.rowsPerCpuSecond / goal).toFixed(2)}× goal);` +
      ` first page ${r.firstPageMs.toFixed(0)} ms, ${(r.bytes / r.rows).toFixed(0)} bytes/row`,
  );
}
if (before !== undefined) {
  for (const [name, now, then] of [
    ["default order", defaultWalk, before.defaultWalk],
    ["filtered + order_by + one_per_domain", filteredWalk, before.filteredWalk],
  ]) {
    console.log(
      `  vs ${compareDist} — ${name}: before ${fmt(then.rowsPerSecond)} rows/s (per server CPU-second ${fmt(then.rowsPerCpuSecond)}),` +
        ` now ${fmt(now.rowsPerSecond)} (${fmt(now.rowsPerCpuSecond)}) → ×${(now.rowsPerSecond / then.rowsPerSecond).toFixed(2)} wall clock,` +
        ` ×${(now.rowsPerCpuSecond / then.rowsPerCpuSecond).toFixed(2)} per server CPU-second; ${then.bytes === now.bytes ? "same" : "DIFFERENT"} byte count`,
    );
  }
}
console.log(
  `default order with gzip (first 100 pages): ${fmt(gzipWalk.rowsPerSecond)} rows/s ` +
    `(${(gzipWalk.rowsPerSecond / defaultWalk.rowsPerSecond).toFixed(2)}× identity), ` +
    `${(gzipWalk.wire / gzipWalk.rows).toFixed(0)} wire bytes/row`,
);
console.log(
  `default order, client JSON.parse()s every page (first 100 pages): ${fmt(parsingWalk.rowsPerSecond)} rows/s ` +
    "(the server prepares page N+1 while the client parses page N)",
);
console.log(`time to first page, cold ${fmt(1_000_000)}-row target: ${cold.firstPageMs.toFixed(0)} ms`);
console.log(`server peak RSS: ${(rssBytes / 1024 / 1024).toFixed(0)} MB (goal ≤ 500 MB)`);
console.log(`load average (1, 5, 15 min): at start ${loadAtStart}; at end ${load()} (2 cores)`);
