// One measured run of the exporter bench, in its own process (run.mjs spawns it with BENCH_CHILD):
// the naive baseline (fetch + JSON.stringify lines), or exportBacklinks from the built dist/.
import { appendFile } from "node:fs/promises";
import { join } from "node:path";
import { peakRssBytes } from "../../../scripts/peak-rss.mjs";

/** Runs the measured case `config` and prints its figures as one JSON line for the parent. */
export async function child(config) {
  let t0 = performance.now();
  let planSeconds;
  let rows = 0;
  let extra = {};
  if (config.mode === "warm") {
    // one minimal request per target makes the simulator build its dataset
    for (const target of [config.target].flat()) await livePage(config.api, { target, limit: 1 });
  } else if (config.mode === "baseline") {
    let token;
    for (;;) {
      const task = { target: config.target, limit: 1000, ...(token ? { search_after_token: token } : {}) };
      const result = await livePage(config.api, task);
      let text = "";
      for (const item of result.items) text += `${JSON.stringify(item)}\n`;
      await appendFile(config.out, text);
      rows += result.items.length;
      token = result.search_after_token;
      if (!token || result.items.length < 1000) break;
    }
  } else {
    const { exportBacklinks } = await import("../dist/index.js");
    t0 = performance.now(); // the export itself, not the module load
    const summary = await exportBacklinks(
      {
        targets: config.targets,
        request: {},
        pageSize: 1000,
        format: config.format,
        out: config.out,
        partRows: 1_000_000,
        concurrency: config.concurrency ?? 30,
        rate: config.rate ?? 1_000_000,
        force: true,
        api: config.api,
        shards: config.shards ?? "off",
        ...(config.maxRows !== undefined ? { maxRows: config.maxRows } : {}),
      },
      {
        onLog: (e) => {
          if (e.event === "shard_plan" && planSeconds === undefined)
            planSeconds = (performance.now() - t0) / 1000;
        },
      },
    );
    rows = summary.rows;
    if (config.shards !== undefined) {
      // walk vs probe requests from the manifest (the probes include the page 1 that decided)
      const { readFile } = await import("node:fs/promises");
      const manifest = JSON.parse(await readFile(join(config.out, "_manifest.json"), "utf8"));
      const sharded = manifest.targets.filter((t) => t.sharding?.sharded);
      const probes = manifest.targets.reduce((a, t) => a + (t.sharding?.probes.requests ?? 0), 0);
      extra = {
        requests: { walk: manifest.totals.requests - probes, probes },
        shards: sharded.reduce((a, t) => a + t.sharding.shards.length, 0),
        shardKey: sharded[0]?.sharding.key ?? null,
        rounds: Math.max(0, ...sharded.map((t) => t.sharding.probes.rounds ?? 0)),
        ...(planSeconds !== undefined ? { planSeconds } : {}),
      };
    }
  }
  const seconds = (performance.now() - t0) / 1000;
  const usage = process.resourceUsage();
  const maxRssMb = peakRssBytes() / 1048576; // VmHWM: see scripts/peak-rss.mjs
  const cpuSeconds = (usage.userCPUTime + usage.systemCPUTime) / 1e6;
  console.log(
    JSON.stringify({ rows, seconds, rowsPerSecond: rows / seconds, maxRssMb, cpuSeconds, ...extra }),
  );
}

async function livePage(api, task) {
  const res = await fetch(`${api.baseUrl}/v3/backlinks/backlinks/live`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      authorization: `Basic ${Buffer.from(`${api.login}:${api.password}`).toString("base64")}`,
    },
    body: JSON.stringify([task]),
  });
  const body = await res.json();
  const t = body.tasks?.[0];
  if (!res.ok || t?.status_code !== 20000)
    throw new Error(`baseline: HTTP ${res.status} / ${t?.status_code}`);
  return t.result[0];
}
