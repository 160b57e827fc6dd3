#!/usr/bin/env node
// `pnpm bench` for @backlinks/exporter: prints figures, asserts nothing.
//
// 1. Zero-latency simulator, 1M rows, each format to disk: rows/s, peak RSS, requests — beside a
//    naive baseline measured in the same run (a fetch loop over the same pages appending
//    JSON.stringify lines to a file).
// 2. Each format again at 5M rows: peak RSS again (memory must not grow with the row count).
// 3. "Realistic latency": 0.8 s per page, 2,000 requests/min, 30 concurrent; 20 targets × 50k rows:
//    wall time and rows/s beside the account ceiling (2M rows/min), with shards "auto" (the default:
//    20 targets leave 10 of 30 chains idle, so each target gets 2 shards) and with shards "off"
//    (one chain per target), both in the same run.
//
// 4. "Sharded vs one chain" (issue 7): the same simulator limits, ONE target of 1,000,000 rows.
//    Sharded (shards "auto"): wall time, walk requests and probe requests separately (the probes
//    include the page 1 that decided), probe rounds, and the simulator's 40202 (rate) / 40209
//    (concurrency) refusal counts. One chain (shards "off") measured in the same run over a prefix
//    (--max-rows 50,000 = 50 pages) and PROJECTED to the whole target: measured seconds per page ×
//    the 1,001 pages one chain needs (1,000 full pages and the empty one that ends it); the whole
//    chain (~13.5 min) with --full-chain.
// Cases 1–2 run with shards "off" (they measure one chain per target).
//
// Every measured run is a child process (peak RSS = that child's VmHWM, see child.mjs); the simulator runs in
// this parent process, whose CPU seconds during each run are printed as "server". Imports the built dist/ (run `pnpm build` first; the root `pnpm bench` does).
// Flags:
//   --quick           skip the 5M, realistic and sharded runs
//   --rows N          rows of the zero-latency runs (default 1,000,000; the "5M" run uses 5 × N)
//   --ndjson-only     zero latency: baseline, NDJSON at N and, without --quick, at 5 × N; nothing else
//   --zero-only       only cases 1–2 (zero latency: every format at N and at 5 × N)
//   --realistic-only  only case 3
//   --sharded-only    only case 4
//   --full-chain      case 4 walks the whole one chain instead of projecting from a 50k-row prefix
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const HERE = fileURLToPath(import.meta.url);

if (process.env.BENCH_CHILD) {
  const { child } = await import("./child.mjs");
  await child(JSON.parse(process.env.BENCH_CHILD));
} else {
  const i = process.argv.indexOf("--rows");
  const rows = i > 0 ? Number(process.argv[i + 1]) : 1_000_000;
  await parent(
    process.argv.includes("--quick"),
    rows,
    process.argv.includes("--realistic-only"),
    process.argv.includes("--sharded-only"),
    process.argv.includes("--ndjson-only"),
  );
}

async function parent(quick, N, realisticOnly, shardedOnly, ndjsonOnly) {
  const label = (n) => (n % 1_000_000 === 0 ? `${n / 1_000_000}M` : `${n / 1000}k`);
  const { startSimulator } = await import("@backlinks/simulator");
  const work = await mkdtemp(join(tmpdir(), "exporter-bench-"));
  const results = [];
  const fmt = (n) => Math.round(n).toLocaleString("en-US");
  const print = (r) =>
    console.log(
      `${r.name.padEnd(34)} ${fmt(r.rows).padStart(10)} rows ${fmt(r.rowsPerSecond).padStart(8)} rows/s ` +
        `${r.seconds.toFixed(1).padStart(6)} s (CPU ${r.cpuSeconds.toFixed(1).padStart(5)} s, server ${r.serverCpuSeconds.toFixed(1).padStart(5)} s)  peak RSS ${fmt(r.maxRssMb).padStart(5)} MB  ${fmt(r.requests)} requests` +
        (r.ratio ? `  ×${r.ratio.toFixed(2)} baseline` : ""),
    );
  try {
    // ---- 1 + 2: zero latency ----
    if (!realisticOnly && !shardedOnly) await zeroLatency();
    async function zeroLatency() {
      const sim = await startSimulator({
        seed: 1,
        targets: { "example.com": N, ...(quick ? {} : { "big.example.com": 5 * N }) },
        limits: { requestsPerMinute: null, maxConcurrent: null },
      });
      const api = { baseUrl: sim.url, login: sim.credentials.login, password: sim.credentials.password };
      const { loadavg, cpus } = await import("node:os");
      console.log(
        `zero-latency simulator at ${sim.url} (Node ${process.version}, ${cpus().length} CPUs, load ${loadavg()[0].toFixed(1)})`,
      );
      // warm the simulator's dataset so the first measured run does not pay its generation
      await runChild({ mode: "warm", api, target: "example.com" });
      const measure = async (name, config) => {
        const before = sim.stats().requests;
        const r = await runChild(config);
        const row = { name, ...r, requests: sim.stats().requests - before };
        results.push(row);
        return row;
      };
      const base = await measure(`baseline fetch+JSON.stringify ${label(N)}`, {
        mode: "baseline",
        api,
        target: "example.com",
        out: join(work, "baseline.ndjson"),
      });
      print(base);
      for (const format of ndjsonOnly ? ["ndjson"] : ["ndjson", "csv", "parquet"]) {
        const r = await measure(`exporter ${format} ${label(N)}`, {
          mode: "export",
          api,
          targets: ["example.com"],
          format,
          out: join(work, `out-${format}`),
        });
        r.ratio = r.rowsPerSecond / base.rowsPerSecond;
        print(r);
        await rm(join(work, `out-${format}`), { recursive: true, force: true });
      }
      if (!quick) {
        // peak RSS must not grow with the row count: every format again at 5 × N rows
        for (const format of ndjsonOnly ? ["ndjson"] : ["ndjson", "csv", "parquet"]) {
          const r = await measure(`exporter ${format} ${label(5 * N)}`, {
            mode: "export",
            api,
            targets: ["big.example.com"],
            format,
            out: join(work, `out-5m-${format}`),
          });
          r.ratio = r.rowsPerSecond / base.rowsPerSecond;
          print(r);
          await rm(join(work, `out-5m-${format}`), { recursive: true, force: true });
        }
        for (const format of ndjsonOnly ? ["ndjson"] : ["ndjson", "csv", "parquet"]) {
          const one = results.find((x) => x.name === `exporter ${format} ${label(N)}`);
          const five = results.find((x) => x.name === `exporter ${format} ${label(5 * N)}`);
          console.log(
            `  ${format} peak RSS: ${fmt(one.maxRssMb)} MB at ${label(N)} rows, ${fmt(five.maxRssMb)} MB at ${label(5 * N)} rows ` +
              `(goal ≤ ${format === "parquet" ? 400 : 200} MB at both)`,
          );
        }
      }
      await sim.close();
    }

    // ---- 3: realistic latency ----
    const zeroOnly = process.argv.includes("--zero-only");
    if (!quick && !shardedOnly && !ndjsonOnly && !zeroOnly) {
      const targets = Object.fromEntries(
        Array.from({ length: 20 }, (_, i) => [`site${i + 1}.example`, 50_000]),
      );
      const slow = await startSimulator({
        seed: 2,
        targets,
        latency: { fixedMs: 800 },
        limits: { requestsPerMinute: 2000, maxConcurrent: 30 },
        cache: { entries: 256 },
      });
      const api2 = { baseUrl: slow.url, login: slow.credentials.login, password: slow.credentials.password };
      await runChild({ mode: "warm", api: api2, target: Object.keys(targets) });
      const { loadavg } = await import("node:os");
      const walls = {};
      for (const shards of ["auto", "off"]) {
        const before = slow.stats();
        const r = await runChild({
          mode: "export",
          api: api2,
          targets: Object.keys(targets),
          format: "ndjson", // the cheapest encoder: the figure is about fetching, not encoding
          out: join(work, `out-realistic-${shards}`),
          concurrency: 30,
          rate: 2000,
          shards,
        });
        const st = slow.stats();
        walls[shards] = r.seconds;
        print({
          name: `realistic 20×50k ndjson shards ${shards}`,
          ...r,
          requests: st.requests - before.requests,
        });
        console.log(
          `  wall ${r.seconds.toFixed(1)} s, ${fmt(r.rowsPerSecond * 60)} rows/min vs account ceiling 2,000,000 rows/min ` +
            `(${(((r.rowsPerSecond * 60) / 2_000_000) * 100).toFixed(0)}%); ${fmt(r.requests.walk)} walk + ${fmt(r.requests.probes)} probe requests, ` +
            `${r.shards} shards; peak concurrency at the server ${st.maxConcurrentSeen}, refusals 40202: ` +
            `${st.refusals.rateLimit - before.refusals.rateLimit}, 40209: ${st.refusals.concurrency - before.refusals.concurrency} (load ${loadavg()[0].toFixed(1)})`,
        );
        await rm(join(work, `out-realistic-${shards}`), { recursive: true, force: true });
      }
      console.log(
        `  shards auto is ×${(walls.off / walls.auto).toFixed(2)} the one-chain-per-target speed (20 chains × 1 page per 0.8 s = 25 pages/s; ` +
          "the account allows 33 requests/s and 30 at once)",
      );
      await slow.close();
    }
    // ---- 4: sharded vs one chain ----
    if (!quick && !realisticOnly && !ndjsonOnly && !zeroOnly) await shardedVsOneChain();
  } finally {
    await rm(work, { recursive: true, force: true });
  }

  async function shardedVsOneChain() {
    const ROWS = 1_000_000;
    const PREFIX = 50_000;
    const fullChain = process.argv.includes("--full-chain");
    const slow = await startSimulator({
      seed: 3,
      targets: { "big.example": ROWS },
      latency: { fixedMs: 800 },
      limits: { requestsPerMinute: 2000, maxConcurrent: 30 },
      // one row set per shard query, 30 walked at once: keep them all (default 8 would re-sort per page)
      cache: { entries: 256 },
    });
    const api3 = { baseUrl: slow.url, login: slow.credentials.login, password: slow.credentials.password };
    const { loadavg } = await import("node:os");
    console.log(
      `sharded vs one chain: one target of ${fmt(ROWS)} rows, 0.8 s/page, 2,000 requests/min, 30 concurrent ` +
        `(Node ${process.version}, load ${loadavg()[0].toFixed(1)})`,
    );
    await runChild({ mode: "warm", api: api3, target: "big.example" });
    const measure = async (name, config) => {
      const before = slow.stats();
      const cpu0 = process.cpuUsage();
      const r = await runChild({
        mode: "export",
        api: api3,
        targets: ["big.example"],
        format: "ndjson",
        out: join(work, `out-${name}`),
        concurrency: 30,
        rate: 2000,
        ...config,
      });
      const after = slow.stats();
      const cpu = process.cpuUsage(cpu0);
      r.simulatorCpu = (cpu.user + cpu.system) / 1e6; // the simulator runs in this process
      r.server = after.requests - before.requests;
      r.refused = {
        rateLimit: after.refusals.rateLimit - before.refusals.rateLimit,
        concurrency: after.refusals.concurrency - before.refusals.concurrency,
      };
      await rm(join(work, `out-${name}`), { recursive: true, force: true });
      return r;
    };
    const line = (name, r) =>
      console.log(
        `  ${name.padEnd(26)} ${fmt(r.rows).padStart(9)} rows  wall ${r.seconds.toFixed(1).padStart(6)} s ` +
          `(CPU exporter ${r.cpuSeconds.toFixed(1)} s, simulator ${r.simulatorCpu.toFixed(1)} s)` +
          (r.planSeconds !== undefined ? `  plan ready at ${r.planSeconds.toFixed(1)} s` : "") +
          "  " +
          `${fmt(r.requests.walk).padStart(5)} walk + ${fmt(r.requests.probes)} probe requests (server saw ${fmt(r.server)})  ` +
          `refusals 40202: ${r.refused.rateLimit}, 40209: ${r.refused.concurrency}` +
          (r.shards ? `  ${r.shards} shards on ${r.shardKey}, ${r.rounds} probe rounds` : ""),
      );
    // the one-chain baseline first (a prefix, or the whole chain), then the sharded run
    const one = await measure("one-chain", { shards: "off", ...(fullChain ? {} : { maxRows: PREFIX }) });
    line(fullChain ? "one chain (measured)" : `one chain, first ${fmt(PREFIX)} rows`, one);
    const chainPages = Math.floor(ROWS / 1000) + 1;
    const perPage = one.seconds / one.requests.walk;
    const oneSeconds = fullChain ? one.seconds : perPage * chainPages;
    if (!fullChain) {
      console.log(
        `  one chain, PROJECTED: ${perPage.toFixed(3)} s/page measured × ${fmt(chainPages)} pages = ${oneSeconds.toFixed(1)} s ` +
          `(${fmt(chainPages)} requests; --full-chain measures it)`,
      );
    }
    const sh = await measure("sharded", { shards: "auto" });
    line("sharded (auto)", sh);
    console.log(
      `  sharded is ×${(oneSeconds / sh.seconds).toFixed(1)} faster than one chain (${fullChain ? "measured" : "projected"}; goal ×20); ` +
        `walk requests ${fmt(sh.requests.walk)} vs ${fmt(chainPages)} ` +
        `(${(((sh.requests.walk - chainPages) / chainPages) * 100).toFixed(1)}%; goal ≤ 1%), plus ${fmt(sh.requests.probes)} probes; ` +
        `rate floor ${((sh.server / 2000) * 60).toFixed(1)} s for ${fmt(sh.server)} requests at 2,000/min; load ${loadavg()[0].toFixed(1)}`,
    );
    // the latency-only floor of one chain, independent of how busy the machine is
    const ideal = chainPages * 0.8;
    console.log(
      `  against one chain's latency floor (${fmt(chainPages)} × 0.8 s = ${ideal.toFixed(1)} s): ×${(ideal / sh.seconds).toFixed(1)}`,
    );
    await slow.close();
  }
}

/** Runs one measured child; `serverCpuSeconds` is this process's CPU meanwhile (it only serves). */
function runChild(config) {
  const cpu0 = process.cpuUsage();
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [HERE], {
      env: { ...process.env, BENCH_CHILD: JSON.stringify(config) },
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    p.stdout.on("data", (d) => {
      out += d;
    });
    p.on("error", reject);
    p.on("close", (code) => {
      if (code !== 0) return reject(new Error(`bench child ${config.mode} exited ${code}`));
      const cpu = process.cpuUsage(cpu0);
      resolve({
        ...JSON.parse(out.trim().split("\n").at(-1)),
        serverCpuSeconds: (cpu.user + cpu.system) / 1e6,
      });
    });
  });
}
