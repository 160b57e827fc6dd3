/**
 * `--dry-run`: validates everything (already done by the time this runs), then either makes one
 * minimal paid request per target (`limit: 1`) to learn `total_count`, or none (`--no-probe`),
 * and prints rows, requests, estimated cost and estimated time for the whole export. Nothing is
 * written. The cost is an estimate: prices are the documented defaults, scaled by what the probe
 * actually cost when there is a probe.
 */
import { createClient } from "@backlinks/core";
import type { ExportOptions } from "./index.js";

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
    readonly requests: number | undefined;
  })[];
  readonly rows: number | undefined;
  readonly requests: number | undefined;
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
  return computeEstimate(options, probed, { probed: probe, probeCost, latencySeconds, scale });
}

/** The arithmetic of the estimate (pure; unit-tested). */
export function computeEstimate(
  options: Pick<ExportOptions, "pageSize" | "maxRows" | "rate" | "concurrency">,
  probed: readonly ProbedTarget[],
  probe: { probed: boolean; probeCost: number; latencySeconds: number | undefined; scale: number },
): DryRunEstimate {
  const pageSize = options.pageSize;
  const targets = probed.map((t) => {
    if (t.totalCount === undefined) return { ...t, rows: undefined, requests: undefined };
    const rows = options.maxRows === undefined ? t.totalCount : Math.min(t.totalCount, options.maxRows);
    // An empty target still costs the one request that says so.
    const requests = Math.max(1, Math.ceil(rows / pageSize));
    return { ...t, rows, requests };
  });
  const known = targets.every((t) => t.rows !== undefined);
  const rows = known ? targets.reduce((s, t) => s + (t.rows ?? 0), 0) : undefined;
  const requests = known ? targets.reduce((s, t) => s + (t.requests ?? 0), 0) : undefined;
  const pricing = {
    perRequest: DEFAULT_PRICING.perRequest * probe.scale,
    perRow: DEFAULT_PRICING.perRow * probe.scale,
    scaledByProbe: probe.scale !== 1,
  };
  const cost =
    rows === undefined || requests === undefined
      ? undefined
      : requests * pricing.perRequest + rows * pricing.perRow;
  let time: DryRunEstimate["time"];
  if (requests !== undefined) {
    const perMinute = Math.min(options.rate, ACCOUNT_CEILING.requestsPerMinute);
    const ceilingSeconds = (requests / perMinute) * 60;
    const latency = probe.latencySeconds;
    const longestChain = Math.max(0, ...targets.map((t) => t.requests ?? 0));
    // Pages of one target follow a token chain: strictly one after another.
    const longestChainSeconds = latency === undefined ? undefined : longestChain * latency;
    const lanes = Math.max(1, Math.min(options.concurrency, ACCOUNT_CEILING.concurrent, targets.length));
    const parallelSeconds = latency === undefined ? undefined : (requests * latency) / lanes;
    const estimateSeconds = Math.max(ceilingSeconds, longestChainSeconds ?? 0, parallelSeconds ?? 0);
    time = { ceilingSeconds, longestChainSeconds, parallelSeconds, estimateSeconds };
  }
  return {
    probed: probe.probed,
    probeRequests: probe.probed ? probed.length : 0,
    probeCost: probe.probeCost,
    latencySeconds: probe.latencySeconds,
    targets,
    rows,
    requests,
    pricing,
    cost,
    time,
  };
}
