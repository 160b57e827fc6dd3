/**
 * The final lines of a run: one summary line (status, rows vs total_count, requests, retries, cost,
 * time), then where the dataset is and a one-line way to query it. With `--log-format json` it is
 * a single JSON line holding the same facts.
 */
import { resolve } from "node:path";
import { formatDuration, formatInt, formatUsd } from "./numbers.js";

/** The parts of the library's ExportSummary the summary renders. */
export interface SummaryLike {
  readonly status: "complete" | "partial" | "interrupted";
  readonly out: string;
  readonly targets: readonly {
    readonly target: string;
    readonly totalCount: number;
    readonly rows: number;
    readonly parts: number;
    readonly complete: boolean;
  }[];
  readonly rows: number;
  readonly requests: number;
  readonly retries: number;
  readonly cost: number;
  readonly startedAt: string;
  readonly endedAt: string;
  readonly manifestPath: string;
}

/** Where the dataset is, as a user would type it (absolute for disk). */
export function datasetLocation(out: string): string {
  return out.startsWith("s3://") ? out.replace(/\/+$/, "") : resolve(out);
}

/** A one-line DuckDB command that reads the whole dataset as one table. */
export function queryOneLiner(out: string, format: "csv" | "ndjson" | "parquet"): string {
  const location = datasetLocation(out);
  const glob = `${location}/**/*.${format === "parquet" ? "parquet" : `${format}*`}`;
  const path = glob.replace(/'/g, "''");
  const reader =
    format === "parquet"
      ? `read_parquet('${path}', hive_partitioning=true)`
      : format === "csv"
        ? `read_csv('${path}', hive_partitioning=true)`
        : `read_json('${path}', format='newline_delimited', hive_partitioning=true)`;
  const prelude = location.startsWith("s3://")
    ? "INSTALL httpfs; LOAD httpfs; CREATE SECRET (TYPE s3, PROVIDER credential_chain); "
    : "";
  const sql = `${prelude}SELECT target, count(*) AS backlinks FROM ${reader} GROUP BY target`;
  return `duckdb -c "${sql.replace(/(["\\$`])/g, "\\$1")}"`;
}

/** The pretty summary: a status line, then dataset and query lines when there is data. */
export function prettySummary(
  summary: SummaryLike,
  format: "csv" | "ndjson" | "parquet",
  hint: string | undefined,
  maxRows?: number,
  resumed = false,
): string[] {
  const seconds = (Date.parse(summary.endedAt) - Date.parse(summary.startedAt)) / 1000;
  const total = summary.targets.reduce((sum, t) => sum + t.totalCount, 0);
  const expected =
    maxRows === undefined
      ? total
      : summary.targets.reduce((sum, t) => sum + Math.min(t.totalCount, maxRows), 0);
  const of =
    expected === total
      ? `${formatInt(total)} rows (total_count)`
      : `${formatInt(expected)} rows (total_count ${formatInt(total)}, --max-rows ${formatInt(maxRows ?? 0)} per target)`;
  const parts = summary.targets.reduce((sum, t) => sum + t.parts, 0);
  const mark = summary.status === "complete" ? "✔" : "⚠";
  // After --resume the rows include earlier runs' while the time is this run's: no rate then.
  const rate = seconds > 0 && !resumed ? `, ${formatInt(summary.rows / seconds)} rows/s` : "";
  const lines = [
    `${mark} ${summary.status}: ${formatInt(summary.rows)} of ${of} from ` +
      `${summary.targets.length} target${summary.targets.length === 1 ? "" : "s"} in ${formatInt(parts)} ` +
      `part${parts === 1 ? "" : "s"}, ${formatInt(summary.requests)} request${summary.requests === 1 ? "" : "s"} ` +
      `(${formatInt(summary.retries)} ${summary.retries === 1 ? "retry" : "retries"}), ` +
      `${formatUsd(summary.cost)} spent, ${formatDuration(seconds)}${resumed ? " (this run)" : ""}${rate}`,
  ];
  for (const t of summary.targets) {
    if (!t.complete)
      lines.push(`  incomplete: ${t.target}: ${formatInt(t.rows)} rows of ${formatInt(t.totalCount)}`);
  }
  // A run that committed nothing leaves no dataset to point at.
  if (parts > 0) {
    lines.push(`  dataset:  ${datasetLocation(summary.out)}  (manifest: ${summary.manifestPath})`);
    lines.push(`  query:    ${queryOneLiner(summary.out, format)}`);
  }
  if (hint !== undefined) lines.push(`  ${hint}`);
  return lines;
}

/** The JSON summary: one line. */
export function jsonSummary(
  summary: SummaryLike,
  format: "csv" | "ndjson" | "parquet",
  hint: string | undefined,
): string {
  return JSON.stringify({
    type: "summary",
    ...summary,
    dataset: datasetLocation(summary.out),
    query: queryOneLiner(summary.out, format),
    ...(hint === undefined ? {} : { hint }),
  });
}
