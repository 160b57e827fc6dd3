// pnpm bench (core): fetch + parse throughput of 1000-item pages against a zero-latency local
// server, beside the same bytes through a bare JSON.parse loop in the same run. Prints figures and
// the ratio; asserts nothing. Needs the built dist/ (`npx tsup` or the root `pnpm bench`).
import { existsSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { Worker } from "node:worker_threads";

const dist = new URL("../dist/index.js", import.meta.url);
if (!existsSync(dist)) {
  console.error("core bench: dist/index.js is missing; run `npx tsup` in packages/core first");
  process.exit(1);
}
const { createClient, paginateBacklinks, parseLiveResponseBytes, parseLiveResponseText } = await import(
  dist.href
);

const ITEMS = 1000;
// Pages per chain, rounds, parallel chains. Each round measures every variant once, interleaved,
// so a busy machine (shared CI, other processes) slows all variants alike and the ratios hold.
const PAGES = Number(process.env.BENCH_PAGES ?? 50);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 4);
const CHAINS = 4;

function item(i) {
  return {
    type: "backlink",
    domain_from: `ref-${i}.example`,
    url_from: `https://ref-${i}.example/some/long/path/page-${i}.html?utm_source=bench`,
    url_from_https: true,
    domain_to: "example.com",
    url_to: "https://example.com/landing/page",
    url_to_https: true,
    tld_from: "example",
    is_new: i % 7 === 0,
    is_lost: false,
    backlink_spam_score: i % 100,
    rank: 1000 - (i % 1000),
    page_from_rank: i % 500,
    domain_from_rank: i % 900,
    domain_from_platform_type: ["cms", "blogs"],
    domain_from_is_ip: false,
    domain_from_ip: `10.0.${(i >> 8) & 255}.${i & 255}`,
    domain_from_country: "US",
    page_from_external_links: 16,
    page_from_internal_links: 160,
    page_from_size: 38802,
    page_from_encoding: "utf-8",
    page_from_language: "en",
    page_from_title: `A reasonably long page title number ${i} | Example Publisher`,
    page_from_status_code: 200,
    first_seen: "2022-01-27 20:18:57 +00:00",
    prev_seen: "2022-07-12 04:18:30 +00:00",
    last_seen: "2023-01-21 03:25:46 +00:00",
    item_type: "anchor",
    attributes: ["noopener"],
    dofollow: i % 3 !== 0,
    original: false,
    alt: null,
    image_url: null,
    anchor: `anchor text ${i}`,
    text_pre: "some text before the link",
    text_post: "and some text after it",
    semantic_location: "article",
    links_count: 1,
    group_count: 0,
    is_broken: false,
    url_to_status_code: 200,
    url_to_spam_score: 0,
    url_to_redirect_target: null,
    ranked_keywords_info: {
      page_from_keywords_count_top_3: 0,
      page_from_keywords_count_top_10: 1,
      page_from_keywords_count_top_100: 2,
    },
    is_indirect_link: false,
    indirect_link_path: null,
  };
}

function envelope(items, token) {
  const result = {
    target: "t",
    mode: "as_is",
    custom_mode: null,
    total_count: PAGES * ITEMS,
    items_count: items.length,
    items,
    search_after_token: token,
  };
  const task = {
    id: "bench",
    status_code: 20000,
    status_message: "Ok.",
    time: "0 sec.",
    cost: 0.05,
    result_count: 1,
    path: ["v3", "backlinks", "backlinks", "live"],
    data: {},
    result: [result],
  };
  return JSON.stringify({
    version: "bench",
    status_code: 20000,
    status_message: "Ok.",
    time: "0 sec.",
    cost: 0.05,
    tasks_count: 1,
    tasks_error: 0,
    tasks: [task],
  });
}

const items = Array.from({ length: ITEMS }, (_, i) => item(i));
const pageBody = envelope(items, "__TOKEN__");
const emptyBody = envelope([], null);
const pageBytes = Buffer.byteLength(pageBody);

const worker = new Worker(new URL("./server.mjs", import.meta.url), {
  workerData: { pageBody, emptyBody, pages: PAGES },
});
const port = await new Promise((resolve) => worker.once("message", resolve));
const baseUrl = `http://127.0.0.1:${port}`;

// rate is lifted so the limiter does not set the pace (the real API allows 2000 req/min = 33 pages/s).
const client = createClient({ baseUrl, login: "bench", password: "bench", rate: 1e9, gzip: false });

async function walk(target) {
  let rows = 0;
  let pages = 0;
  for await (const p of paginateBacklinks(client, { target, limit: ITEMS })) {
    rows += p.items.length;
    pages += p.items.length > 0 ? 1 : 0;
  }
  return { rows, pages };
}

async function timed(fn) {
  const t0 = performance.now();
  const r = await fn();
  return { ...r, ms: performance.now() - t0 };
}

function baseline(n) {
  // The same page bytes through Buffer → string → JSON.parse, n times (what a bare client must do).
  const bodies = Array.from({ length: 4 }, (_, k) => Buffer.from(pageBody.replace("__TOKEN__", `t-${k}`)));
  const t0 = performance.now();
  let rows = 0;
  for (let i = 0; i < n; i++)
    rows += JSON.parse(bodies[i % 4].toString("utf8")).tasks[0].result[0].items.length;
  return { rows, pages: n, ms: performance.now() - t0 };
}

function parseOnly(n) {
  // The same bytes through the library's parser (envelope checks + item normalisation), no HTTP.
  const bodies = Array.from({ length: 4 }, (_, k) => Buffer.from(pageBody.replace("__TOKEN__", `t-${k}`)));
  const t0 = performance.now();
  let rows = 0;
  for (let i = 0; i < n; i++)
    rows += parseLiveResponseText(bodies[i % 4].toString("utf8")).result.items.length;
  return { rows, pages: n, ms: performance.now() - t0 };
}

function rawParseOnly(n) {
  // Raw mode's parser on the same bytes: the byte scanner + the envelope without its items.
  const bodies = Array.from({ length: 4 }, (_, k) => Buffer.from(pageBody.replace("__TOKEN__", `t-${k}`)));
  const t0 = performance.now();
  let rows = 0;
  for (let i = 0; i < n; i++) rows += parseLiveResponseBytes(bodies[i % 4]).result.items.length;
  return { rows, pages: n, ms: performance.now() - t0 };
}

const fmt = (r) =>
  `${(r.pages / (r.ms / 1000)).toFixed(1).padStart(8)} pages/s ${Math.round(r.rows / (r.ms / 1000))
    .toLocaleString("en-US")
    .padStart(10)} rows/s  (${r.pages} pages in ${(r.ms / 1000).toFixed(2)} s)`;

// Warm-up: JIT, connections.
await walk("warm");
baseline(20);
parseOnly(20);
rawParseOnly(20);

const total = { bare: [], parse: [], raw: [], one: [], many: [] };
for (let round = 0; round < ROUNDS; round++) {
  total.bare.push(baseline(PAGES));
  total.parse.push(parseOnly(PAGES));
  total.raw.push(rawParseOnly(PAGES));
  total.one.push(await timed(() => walk(`one-${round}`)));
  total.many.push(
    await timed(async () => {
      const r = await Promise.all(Array.from({ length: CHAINS }, (_, i) => walk(`many-${round}-${i}`)));
      return { rows: r.reduce((s, x) => s + x.rows, 0), pages: r.reduce((s, x) => s + x.pages, 0) };
    }),
  );
}
const sum = (list) =>
  list.reduce((a, r) => ({ rows: a.rows + r.rows, pages: a.pages + r.pages, ms: a.ms + r.ms }), {
    rows: 0,
    pages: 0,
    ms: 0,
  });
const bare = sum(total.bare);
const parse = sum(total.parse);
const raw = sum(total.raw);
const one = sum(total.one);
const many = sum(total.many);

console.log(
  `core bench: ${ITEMS}-item pages of ${(pageBytes / 1024).toFixed(0)} KiB, zero-latency server in a worker thread, ${ROUNDS} interleaved rounds, Node ${process.version}`,
);
console.log(`  bare JSON.parse loop (baseline)      ${fmt(bare)}`);
console.log(`  parseLiveResponseText, no HTTP       ${fmt(parse)}`);
console.log(`  parseLiveResponseBytes (raw), no HTTP ${fmt(raw)}`);
console.log(`  paginateBacklinks, 1 chain           ${fmt(one)}`);
console.log(`  paginateBacklinks, ${CHAINS} chains          ${fmt(many)}`);
const rps = (r) => r.rows / r.ms;
console.log(`  ratio parse-only / bare JSON.parse:  ${(rps(parse) / rps(bare)).toFixed(2)}`);
console.log(`  ratio raw parse / bare JSON.parse:   ${(rps(raw) / rps(bare)).toFixed(2)}`);
console.log(`  ratio 1 chain / bare JSON.parse:     ${(rps(one) / rps(bare)).toFixed(2)}`);
console.log(`  ratio ${CHAINS} chains / bare JSON.parse:    ${(rps(many) / rps(bare)).toFixed(2)}`);
console.log(`  (the real API's ceiling is 2000 req/min x 1000 rows = ~33,000 rows/s per account)`);
const s = client.stats();
console.log(`  client stats: ${s.requests} requests, ${s.retries} retries`);

await client.close();
worker.postMessage("close");
