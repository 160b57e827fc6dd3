/**
 * `--dry-run`: validates everything (already done by the time this runs), then either makes one
 * minimal paid request per target (`limit: 1`) to learn `total_count`, or none (`--no-probe`),
 * and prints rows, requests, estimated cost and estimated time for the whole export. Nothing is
 * written. The cost is an estimate: prices are the documented defaults, scaled by what the probe
 * actually cost when there is a probe. A target the export would shard (same rule as the export:
 * `shards`, the auto threshold and policy) is estimated as its shards: the same walk requests, plus
 * the planner's probes, and the time of its longest shard chain after the planning round trips.
 */
import { createClient, LIMITS } from "@backlinks/core";
import { autoShards, MIN_AUTO_SHARD_PAGES } from "./export/shard-plan.js";
import type { ExportOptions } from "./index.js";
import { SHARD_AUTO_THRESHOLD } from "./options.js";

/** Documented default prices (api-notes §3.5): per request and per returned row, USD. */
export const DEFAULT_PRICING = Object.freeze({ perRequest: 0.02, perRow: 0.00003 });
/** The account ceiling: requests per minute and simultaneous requests (api-notes §3.3). */
export const ACCOUNT_CEILING = Object.freeze({ requestsPerMinute: 2000, concurrent: 30 });

/** One target's probe result. */
export interface ProbedTarget {
  readonly target: string;
  /** `undefined` without a probe. */
  readonly totalCount: number | undefined;
}

/** The estimate printed by a dry run. */
export interface DryRunEstimate {
  readonly probed: boolean;
  readonly probeRequests: number;
  readonly probeCost: number;
  /** Seconds per request measured by the probe (slowest probe), when probed. */
  readonly latencySeconds: number | undefined;
  readonly targets: readonly (ProbedTarget & {
    readonly rows: number | undefined;
    /** Walk requests plus, for a sharded target, its planner's probes. */
    readonly requests: number | undefined;
    /** Chains the target is walked as (1 = unsharded), when known. */
    readonly shards: number | undefined;
    /** Estimated probe requests of its shard plan (0 when unsharded). */
    readonly shardProbes: number | undefined;
  })[];
  readonly rows: number | undefined;
  /** All requests of the export, shard probes included. */
  readonly requests: number | undefined;
  /** Of `requests`: the shard planners' probes (estimated). */
  readonly shardProbes: number | undefined;
  readonly pricing: { readonly perRequest: number; readonly perRow: number; readonly scaledByProbe: boolean };
  readonly cost: number | undefined;
  readonly time:
    | {
        readonly ceilingSeconds: number;
        readonly longestChainSeconds: number | undefined;
        readonly parallelSeconds: number | undefined;
        readonly estimateSeconds: number;
      }
    | undefined;
}

/** Probes (unless `probe` is false) and computes the estimate. */
export async function estimateExport(
  options: ExportOptions,
  probe: boolean,
  signal?: AbortSignal,
): Promise<DryRunEstimate> {
  let probed: ProbedTarget[] = options.targets.map((target) => ({ target, totalCount: undefined }));
  let probeCost = 0;
  let latencySeconds: number | undefined;
  let scale = 1;
  if (probe) {
    const client = createClient({
      baseUrl: options.api.baseUrl,
      login: options.api.login,
      password: options.api.password,
      rate: options.rate,
      concurrency: options.concurrency,
    });
    try {
      const results = await Promise.all(
        options.targets.map(async (target) => {
          const started = performance.now();
          const call = await client.live({ ...options.request, target, limit: 1 }, signal ? { signal } : {});
          return {
            target,
            totalCount: call.result.total_count ?? 0,
            cost: call.cost,
            items: call.result.items_count ?? 0,
            seconds: (performance.now() - started) / 1000,
          };
        }),
      );
      probed = results.map(({ target, totalCount }) => ({ target, totalCount }));
      probeCost = client.stats().cost;
      latencySeconds = Math.max(...results.map((r) => r.seconds));
      const expected = results.reduce(
        (sum, r) => sum + DEFAULT_PRICING.perRequest + r.items * DEFAULT_PRICING.perRow,
        0,
      );
      const actual = results.reduce((sum, r) => sum + r.cost, 0);
      // Prices change (e.g. +20% in 2026): scale the documented ones by what the probe really cost.
      if (expected > 0 && actual > 0) scale = actual / expected;
    } finally {
      await client.close();
    }
  }
  return computeEstimate(
    { ...options, shards: options.shards ?? "auto", targets: options.targets.length },
    probed,
    { probed: probe, probeCost, latencySeconds, scale },
  );
}

/** Options of the estimate that decide sharding (see `computeEstimate`). */
export interface ShardEstimateOptions {
  /** The export's setting; left out, every target is estimated as one chain. */
  readonly shards?: "auto" | number | "off" | undefined;
  /** Targets in the run (the auto policy shards small targets when chains would sit idle). */
  readonly targets?: number;
}

/** Probe round trips a shard plan costs: the bracket counts, the cut reads (+ page 1, counted apart). */
const PLAN_ROUNDS = 2;

/**
 * How the export would walk a target of `rows` rows: its chains and its planner's probes (page 1,
 * the bracket counts of ~30,000 rows each and one read per cut; see core's README "Probes").
 */
export function shardEstimate(
  rows: number,
  options: Pick<ExportOptions, "pageSize" | "maxRows" | "concurrency"> & ShardEstimateOptions,
): { shards: number; probes: number } {
  const setting = options.shards ?? "off";
  if (setting === "off" || options.maxRows !== undefined) return { shards: 1, probes: 0 };
  const size = options.pageSize;
  const pages = Math.floor(rows / size) + 1;
  let wanted: number;
  if (setting !== "auto") wanted = setting;
  else if (rows > SHARD_AUTO_THRESHOLD) wanted = options.concurrency;
  else wanted = autoShards(rows, size, options.targets ?? 1, options.concurrency);
  const minPages = setting === "auto" && rows > SHARD_AUTO_THRESHOLD ? MIN_AUTO_SHARD_PAGES : 1;
  const perShard = Math.max(minPages, Math.ceil(pages / Math.max(1, wanted)));
  const shards = Math.ceil(pages / perShard);
  if (shards < 2) return { shards: 1, probes: 0 };
  const brackets = Math.ceil(rows / (1.5 * (LIMITS.maxOffset - 1)));
  return { shards, probes: 1 + brackets + (shards - 1) };
}

/** The arithmetic of the estimate (pure; unit-tested). */
export function computeEstimate(
  options: Pick<ExportOptions, "pageSize" | "maxRows" | "rate" | "concurrency"> & ShardEstimateOptions,
  probed: readonly ProbedTarget[],
  probe: { probed: boolean; probeCost: number; latencySeconds: number | undefined; scale: number },
): DryRunEstimate {
  const pageSize = options.pageSize;
  const targets = probed.map((t) => {
    if (t.totalCount === undefined) {
      return {
        ...t,
        rows: undefined,
        requests: undefined,
        shards: undefined,
        shardProbes: undefined,
        walk: 0,
      };
    }
    const rows = options.maxRows === undefined ? t.totalCount : Math.min(t.totalCount, options.maxRows);
    // An empty target still costs the one request that says so.
    const walk = Math.max(1, Math.ceil(rows / pageSize));
    const { shards, probes } = shardEstimate(rows, options);
    return { ...t, rows, requests: walk + probes, shards, shardProbes: probes, walk };
  });
  const known = targets.every((t) => t.rows !== undefined);
  const rows = known ? targets.reduce((s, t) => s + (t.rows ?? 0), 0) : undefined;
  const requests = known ? targets.reduce((s, t) => s + (t.requests ?? 0), 0) : undefined;
  const shardProbes = known ? targets.reduce((s, t) => s + (t.shardProbes ?? 0), 0) : undefined;
  const pricing = {
    perRequest: DEFAULT_PRICING.perRequest * probe.scale,
    perRow: DEFAULT_PRICING.perRow * probe.scale,
    scaledByProbe: probe.scale !== 1,
  };
  // A sharded target's probes: page 1 (a full page, not written) and ~2-row probes.
  const probeRows = targets.reduce(
    (s, t) => s + (t.shardProbes ? Math.min(t.rows ?? 0, pageSize) + 2 * (t.shardProbes - 1) : 0),
    0,
  );
  const cost =
    rows === undefined || requests === undefined
      ? undefined
      : requests * pricing.perRequest + (rows + probeRows) * pricing.perRow;
  let time: DryRunEstimate["time"];
  if (requests !== undefined) {
    const perMinute = Math.min(options.rate, ACCOUNT_CEILING.requestsPerMinute);
    const ceilingSeconds = (requests / perMinute) * 60;
    const latency = probe.latencySeconds;
    // Pages of one chain follow a token chain: strictly one after another. A sharded target's
    // longest chain is its largest shard, after page 1 and the planner's round trips.
    const longest = Math.max(
      0,
      ...targets.map((t) =>
        (t.shards ?? 1) > 1 ? 1 + PLAN_ROUNDS + Math.ceil(t.walk / (t.shards ?? 1)) : (t.requests ?? 0),
      ),
    );
    const longestChainSeconds = latency === undefined ? undefined : longest * latency;
    const chains = targets.reduce((s, t) => s + (t.shards ?? 1), 0);
    const lanes = Math.max(1, Math.min(options.concurrency, ACCOUNT_CEILING.concurrent, chains));
    const parallelSeconds = latency === undefined ? undefined : (requests * latency) / lanes;
    const estimateSeconds = Math.max(ceilingSeconds, longestChainSeconds ?? 0, parallelSeconds ?? 0);
    time = { ceilingSeconds, longestChainSeconds, parallelSeconds, estimateSeconds };
  }
  const listed = targets.map(({ walk: _w, ...t }) => t);
  return {
    probed: probe.probed,
    probeRequests: probe.probed ? probed.length : 0,
    probeCost: probe.probeCost,
    latencySeconds: probe.latencySeconds,
    targets: listed,
    rows,
    requests,
    shardProbes,
    pricing,
    cost,
    time,
  };
}
