/** The public types of `exportBacklinks`: options, hooks, events and the summary. */
import type { BacklinksRequest } from "@backlinks/core";

/** Output format names (see @backlinks/formats). */
export type ExportFormat = "csv" | "ndjson" | "parquet";

/** Compression of part files; the format decides what it supports. */
export type ExportCompression = "none" | "gzip" | "snappy" | "zstd";

/** What to export, where to, and the limits of the run. Validated once, then frozen. */
export interface ExportOptions {
  /** Targets to export (domain, subdomain or absolute URL); one token chain and one partition each. */
  targets: string[];
  /** Every request field except target/offset/search_after_token/limit (limit is `pageSize`). */
  request: Omit<BacklinksRequest, "target" | "offset" | "search_after_token" | "limit">;
  /** Rows per API request, 1..1000 (default 1000). */
  pageSize: number;
  format: ExportFormat;
  compression?: ExportCompression;
  csv?: { bom?: boolean; escapeFormulas?: boolean };
  /** A directory (`./out`) or an S3 location (`s3://bucket/prefix`). */
  out: string;
  /**
   * S3 client settings. Credentials come from the AWS SDK default chain (env
   * `AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY`, profile, …) unless `credentials` is given.
   */
  s3?: {
    endpoint?: string;
    region?: string;
    forcePathStyle?: boolean;
    credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
    /** Bytes per multipart part (default 8 MiB, min 5 MiB). */
    partSize?: number;
  };
  /** Maximum rows per part file (default 1,000,000). */
  partRows: number;
  /** Maximum rows PER TARGET; the last page is trimmed so the cap is exact. */
  maxRows?: number;
  /** Maximum USD for the whole dataset (all runs of it, resumes included). */
  maxCost?: number;
  /** Accept a row count that differs from total_count (status "partial", no error). */
  allowPartial?: boolean;
  /** Targets and requests in flight (default 30, max 30). */
  concurrency: number;
  /** Requests per minute (default 2000). */
  rate: number;
  /**
   * Split each large target into disjoint shards walked as parallel chains (README "Shards"):
   * `"auto"` (default) shards a target whose total_count exceeds 200,000 rows
   * (`SHARD_AUTO_THRESHOLD`), a number asks core's planner for about that many shards, `"off"`
   * walks one chain per target. Ignored with `maxRows` (one chain), and on resume for a target
   * whose decision is already saved.
   */
  shards?: "auto" | number | "off";
  /** The shard key (a filterable field that commutes with the mode); default: core's choice. */
  shardKey?: string;
  /** Continue the dataset from its saved state. */
  resume?: boolean;
  /** Delete the existing dataset (only files of this tool's layout) and start over. */
  force?: boolean;
  /** API endpoint and credentials. The password is never written anywhere. */
  api: { baseUrl: string; login: string; password: string };
  /**
   * Retry policy of core's client (attempts, backoff, the wait after a 40202). Optional: core's
   * defaults (6 attempts within 5 min, 60 s after a rate-limit answer) suit the real API.
   */
  retry?: {
    maxAttempts?: number;
    maxElapsedMs?: number;
    baseDelayMs?: number;
    maxDelayMs?: number;
    rateLimitDelayMs?: number;
  };
}

/** Emitted after every page of every target. */
export interface ProgressEvent {
  target: string;
  /** Rows written for this target so far (earlier runs of a resumed dataset included). */
  rows: number;
  /** total_count of the last page seen for this target. */
  totalCount: number;
  /** Pages of this target so far. */
  pages: number;
  /** USD spent on the whole dataset so far. */
  cost: number;
  /** Retries of the client in this run (all targets). */
  retries: number;
  /** Rows per second of this run, all targets together. */
  rowsPerSecond: number;
}

/** A notable event of the run (part committed, retry, budget stop, resume). Never contains secrets. */
export interface LogEvent {
  level: "debug" | "info" | "warn" | "error";
  /** Short event name, e.g. `part_committed`, `retry`, `resume`, `stop`. */
  event: string;
  message: string;
  target?: string;
  data?: Record<string, unknown>;
}

/** Optional hooks of a run. */
export interface ExportHooks {
  /** Abort: stop after the current page, commit the current part, save state, resolve "interrupted". */
  signal?: AbortSignal;
  onProgress?: (event: ProgressEvent) => void;
  onLog?: (event: LogEvent) => void;
}

/** Per-target outcome of a run. */
export interface TargetSummary {
  target: string;
  /** total_count of the last page seen (see README "Completeness"). */
  totalCount: number;
  rows: number;
  parts: number;
  pages: number;
  /** USD spent on the target in all runs, shard probes included. */
  cost: number;
  /** The chain reached its end and rows match min(totalCount, maxRows). */
  complete: boolean;
  /** A target that planned shards: its probe requests and their USD (also in `cost`, `requests`). */
  probes?: { requests: number; cost: number };
}

/** What a run did; also returned inside the errors that end a run after work was saved. */
export interface ExportSummary {
  status: "complete" | "partial" | "interrupted";
  out: string;
  targets: TargetSummary[];
  rows: number;
  requests: number;
  retries: number;
  cost: number;
  startedAt: string;
  endedAt: string;
  manifestPath: string;
}
