/**
 * Prints a dry run's estimate: says whether a paid probe was made, then rows, requests, estimated
 * cost and time for the whole export, each clearly labelled as an estimate.
 */
import type { DryRunEstimate } from "../dry-run.js";
import { formatDuration, formatInt, formatUsd } from "./numbers.js";

/** Pretty lines of the estimate. */
export function prettyEstimate(e: DryRunEstimate, maxCost: number | undefined): string[] {
  const lines: string[] = [];
  if (e.probed) {
    lines.push(
      `dry run: made ${e.probeRequests} minimal paid request${e.probeRequests === 1 ? "" : "s"} (limit 1) to learn ` +
        `total_count, costing ${formatUsd(e.probeCost)}; nothing was written`,
    );
  } else {
    lines.push("dry run: no request made (--no-probe), so total_count is unknown; nothing was written");
  }
  const listed = e.targets.slice(0, 20);
  for (const t of listed) {
    lines.push(
      t.rows === undefined
        ? `  ${t.target}: total_count unknown`
        : `  ${t.target}: total_count ${formatInt(t.totalCount ?? 0)} → ${formatInt(t.rows)} rows in ${formatInt(t.requests ?? 0)} requests`,
    );
  }
  if (e.targets.length > listed.length)
    lines.push(`  … and ${e.targets.length - listed.length} more targets`);
  const prices = `${formatUsd(e.pricing.perRequest)}/request + $${e.pricing.perRow.toFixed(6)}/row${
    e.pricing.scaledByProbe
      ? ", documented prices scaled by the probe's actual cost"
      : ", documented default prices"
  }`;
  if (e.rows === undefined || e.requests === undefined || e.cost === undefined) {
    const per100k = Math.ceil(100_000 / 1000);
    lines.push(
      `estimated cost (an estimate, not a quote): per 100,000 rows at page size 1000: ${per100k} requests, ` +
        `${formatUsd(per100k * e.pricing.perRequest + 100_000 * e.pricing.perRow)} (${prices})`,
    );
    lines.push(
      `estimated time: at least ${formatDuration((per100k / 2000) * 60)} per 100,000 rows at the account ceiling`,
    );
    return lines;
  }
  lines.push(
    `estimate (not a quote): ${formatInt(e.rows)} rows, ${formatInt(e.requests)} requests, ` +
      `cost ${formatUsd(e.cost)} (${prices})`,
  );
  if (maxCost !== undefined && e.cost > maxCost) {
    lines.push(
      `  --max-cost ${formatUsd(maxCost)} would stop the export early (resumable with a higher limit)`,
    );
  }
  if (e.time !== undefined) {
    const parts = [
      `${formatDuration(e.time.ceilingSeconds)} at the account ceiling (2,000 requests/min, 30 concurrent)`,
    ];
    if (e.time.longestChainSeconds !== undefined && e.latencySeconds !== undefined) {
      parts.push(
        `${formatDuration(e.time.longestChainSeconds)} for the longest target's sequential token chain at ` +
          `${e.latencySeconds.toFixed(2)} s/request (probe latency; full pages are slower)`,
      );
    }
    if (e.time.parallelSeconds !== undefined) {
      parts.push(`${formatDuration(e.time.parallelSeconds)} with every chain running in parallel`);
    }
    lines.push(
      `estimated time: ~${formatDuration(e.time.estimateSeconds)} (the largest of: ${parts.join("; ")})`,
    );
  }
  return lines;
}

/** The estimate as one JSON line. */
export function jsonEstimate(e: DryRunEstimate): string {
  return JSON.stringify({ type: "dry-run", estimate: true, ...e });
}
