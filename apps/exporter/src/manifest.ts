/**
 * `_manifest.json`: what the dataset holds and what it cost. Written at the end of every run —
 * status "complete", "partial" (budget/limit/incomplete) or "interrupted" — so a partial dataset
 * says so; `_SUCCESS` is only written after a complete manifest.
 */
import { MANIFEST_FILE } from "./layout.js";
import { type ManifestSharding, manifestSharding } from "./shard-manifest.js";
import type { Sink } from "./sinks/sink.js";
import type { ChainEnd, ExportState, PartRecord } from "./state/state.js";
import { TOOL } from "./version.js";

/** One target in the manifest. */
export interface ManifestTarget {
  target: string;
  /** Partition directory relative to the dataset root (`target=<escaped>`). */
  path: string;
  /** total_count of the last page seen (null if no page was fetched). */
  totalCount: number | null;
  /** Rows expected: min(totalCount, maxRows). */
  expectedRows: number | null;
  rows: number;
  bytes: number;
  pages: number;
  /** API requests that returned a page of this target, in all runs (re-bought pages included). */
  requests: number;
  cost: number;
  complete: boolean;
  end: ChainEnd | null;
  parts: PartRecord[];
  /** Present once the target's shard decision was made (README "Shards"). */
  sharding?: ManifestSharding;
}

/** The manifest document. */
export interface Manifest {
  tool: { name: string; version: string };
  status: "complete" | "partial" | "interrupted";
  /** Why the last run stopped early, if it did (e.g. "budget", "daily_cost_limit", "aborted"). */
  stopReason: string | null;
  startedAt: string;
  endedAt: string;
  runs: number;
  format: string;
  extension: string;
  compression: string | null;
  pageSize: number;
  partRows: number;
  maxRows: number | null;
  maxCost: number | null;
  /** The request template (every field but target/limit); `targets` lists the targets. */
  request: Record<string, unknown>;
  api: { host: string };
  totals: {
    targets: number;
    rows: number;
    parts: number;
    bytes: number;
    pages: number;
    requests: number;
    retries: number;
    cost: number;
    totalCount: number;
  };
  targets: ManifestTarget[];
}

/** Inputs beyond the state. */
export interface ManifestContext {
  status: Manifest["status"];
  stopReason: string | null;
  endedAt: string;
  extension: string;
  maxCost: number | undefined;
  apiBaseUrl: string;
  expected: (chain: ExportState["chains"][number]) => number | null;
  complete: (chain: ExportState["chains"][number]) => boolean;
}

/** Build the manifest from the saved state. */
export function buildManifest(state: ExportState, ctx: ManifestContext): Manifest {
  const targets: ManifestTarget[] = state.chains.map((c) => ({
    target: c.target,
    path: c.dir,
    totalCount: c.totalCount,
    expectedRows: ctx.expected(c),
    rows: c.rows,
    bytes: c.parts.reduce((a, p) => a + p.bytes, 0),
    pages: c.pages,
    requests: c.pagesBought,
    cost: round(c.cost),
    complete: ctx.complete(c),
    end: c.end,
    parts: c.parts,
    ...(c.sharding ? { sharding: manifestSharding(c) } : {}),
  }));
  return {
    tool: { ...TOOL },
    status: ctx.status,
    stopReason: ctx.stopReason,
    startedAt: state.startedAt,
    endedAt: ctx.endedAt,
    runs: state.runs,
    format: state.params.format,
    extension: ctx.extension,
    compression: state.params.compression,
    pageSize: state.params.pageSize,
    partRows: state.params.partRows,
    maxRows: state.params.maxRows,
    maxCost: ctx.maxCost ?? null,
    request: { ...state.params.request },
    api: { host: apiHost(ctx.apiBaseUrl) },
    totals: {
      targets: targets.length,
      rows: sum(targets, (t) => t.rows),
      parts: sum(targets, (t) => t.parts.length),
      bytes: sum(targets, (t) => t.bytes),
      pages: sum(targets, (t) => t.pages),
      requests: state.requests,
      retries: state.retries,
      cost: round(state.cost),
      totalCount: sum(targets, (t) => t.totalCount ?? 0),
    },
    targets,
  };
}

/** Write `_manifest.json` atomically. */
export async function writeManifest(sink: Sink, manifest: Manifest): Promise<void> {
  await sink.writeFile(MANIFEST_FILE, `${JSON.stringify(manifest, null, 2)}\n`);
}

// Only the host: a URL may carry user:password@ and the manifest must never hold a secret.
function apiHost(baseUrl: string): string {
  try {
    return new URL(baseUrl).host;
  } catch {
    return baseUrl; // "live" / "sandbox"
  }
}

function sum<T>(xs: readonly T[], f: (x: T) => number): number {
  return xs.reduce((a, x) => a + f(x), 0);
}

/** Costs are sums of many floats: round to 1e-9 USD so the JSON is stable. */
export function round(usd: number): number {
  return Math.round(usd * 1e9) / 1e9;
}
