/**
 * Turns parsed flags into a frozen run plan: the library's `ExportOptions` plus what only the CLI
 * needs (dry run, probe, simulate, presentation). Every check that needs no network runs here, so
 * bad input fails with one coded line before any request is paid.
 */
import { FILTER_FIELDS } from "@backlinks/core";
import type { ExportOptions } from "../index.js";
import { MAX_SHARDS } from "../options.js";
import { invalidOption } from "./cli-error.js";
import { resolveCredentials } from "./credentials.js";
import { enumFlag, httpUrlFlag, intFlag, positiveNumberFlag } from "./flag-values.js";
import type { RawFlags } from "./program.js";
import { requestFromFlags, validateTargets } from "./request-flags.js";
import { mergeTargets, readTargetsFile } from "./targets-file.js";

/** How output is printed. */
export interface Presentation {
  readonly logFormat: "pretty" | "json";
  readonly quiet: boolean;
  /** Milliseconds between JSON progress lines (non-TTY). */
  readonly progressIntervalMs: number;
}

/** Everything one run needs, validated and frozen. */
export interface RunPlan {
  readonly dryRun: boolean;
  /** With `dryRun`: make one minimal paid request to learn total_count. */
  readonly probe: boolean;
  /** Start the embedded simulator and point `options.api` at it. */
  readonly simulate: boolean;
  readonly options: ExportOptions;
  readonly presentation: Presentation;
}

const FORMATS = ["csv", "ndjson", "parquet"] as const;
const COMPRESSIONS = ["none", "gzip", "snappy", "zstd"] as const;
const LOG_FORMATS = ["pretty", "json"] as const;

/**
 * The simulator's demo target (its `DEFAULT_DEMO_TARGET`, 1,000,000 rows), repeated here so that
 * parsing flags does not load the simulator; a test checks both stay equal.
 */
export const SIMULATOR_DEMO_TARGET = "example.com";

/** Default rows per part file. */
export const DEFAULT_PART_ROWS = 1_000_000;
/** Default and maximum requests in flight (the Backlinks API's per-account cap). */
export const MAX_CONCURRENCY = 30;
/** Default requests per minute (the account's general ceiling). */
export const DEFAULT_RATE = 2000;

/** Validates the flags, reads the targets file and credentials, and returns the frozen plan. */
export async function flagsToPlan(
  flags: RawFlags,
  env: Readonly<Record<string, string | undefined>>,
): Promise<RunPlan> {
  const presentation: Presentation = Object.freeze({
    logFormat: enumFlag("--log-format", flags.logFormat, LOG_FORMATS) ?? "pretty",
    quiet: flags.quiet === true,
    progressIntervalMs: intFlag("--progress-interval", flags.progressInterval, 50, 3_600_000) ?? 1000,
  });
  const dryRun = flags.dryRun === true;
  const simulate = flags.simulate === true;
  if (!flags.probe && !dryRun)
    throw invalidOption("--no-probe", "to be used with --dry-run", "--no-probe alone");
  if (flags.resume && flags.force)
    throw invalidOption("--force", "either --resume or --force, not both", "both");
  if (simulate && flags.api !== undefined) {
    throw invalidOption("--api", "no --api with --simulate (it points the API at the simulator)", flags.api);
  }
  if (simulate && flags.credentialsFile !== undefined) {
    throw invalidOption("--credentials-file", "no credentials with --simulate", flags.credentialsFile);
  }

  const request = requestFromFlags(flags);
  const pageSize = intFlag("--page-size", flags.pageSize, 1, 1000) ?? 1000;
  const format = enumFlag("--format", flags.format, FORMATS) ?? "parquet";
  const compression = enumFlag("--compression", flags.compression, COMPRESSIONS);
  if (compression !== undefined && format !== "parquet" && compression !== "none" && compression !== "gzip") {
    throw invalidOption("--compression", `none or gzip for --format ${format}`, compression);
  }
  const out = outFlag(flags.out, dryRun);
  const s3 = s3Flags(flags, out);
  const partRows = intFlag("--part-rows", flags.partRows, 1) ?? DEFAULT_PART_ROWS;
  const maxRows = intFlag("--max-rows", flags.maxRows, 1);
  const maxCost = positiveNumberFlag("--max-cost", flags.maxCost, "USD");
  const concurrency = intFlag("--concurrency", flags.concurrency, 1, MAX_CONCURRENCY) ?? MAX_CONCURRENCY;
  const rate = intFlag("--rate", flags.rate, 1, 1_000_000) ?? DEFAULT_RATE;
  // The embedded simulator answers without latency: one chain is already CPU-bound there (measured
  // on the 1M demo, 2 cores: 34 s one chain, 57 s as 101 shards), so --simulate walks one chain
  // unless --shards says otherwise.
  const shards = shardsFlag(flags.shards) ?? (simulate ? "off" : undefined);
  const shardKey = shardKeyFlag(flags.shardKey);
  const baseUrl = apiFlag(flags.api);
  const maxAttempts = intFlag("--max-attempts", flags.maxAttempts, 1, 20);
  const rateLimitDelayMs = intFlag("--rate-limit-wait", flags.rateLimitWait, 0, 3_600_000);
  const retry = {
    ...(maxAttempts === undefined ? {} : { maxAttempts }),
    ...(rateLimitDelayMs === undefined ? {} : { rateLimitDelayMs }),
  };

  const fileTargets = flags.targetsFile === undefined ? [] : await readTargetsFile(flags.targetsFile);
  let targets = mergeTargets(flags.target, fileTargets);
  if (targets.some((t) => t === "")) throw invalidOption("--target", "a domain, subdomain or URL", "");
  if (targets.length === 0) {
    if (!simulate) {
      throw invalidOption(
        "--target",
        "at least one target (--target <domain> or --targets-file <path>)",
        undefined,
      );
    }
    targets = [SIMULATOR_DEMO_TARGET];
  }
  validateTargets(
    targets,
    request,
    pageSize,
    flags.filtersJson !== undefined ? "--filters-json" : "--filter",
  );

  // The simulator brings its own credentials; a dry run without a probe makes no request.
  const needsCredentials = !simulate && !(dryRun && !flags.probe);
  const credentials = needsCredentials
    ? await resolveCredentials(env, flags.credentialsFile)
    : { login: "", password: "" };

  const options: ExportOptions = {
    targets,
    request,
    pageSize,
    format,
    ...(compression === undefined ? {} : { compression }),
    ...(flags.csvBom || flags.csvEscapeFormulas
      ? { csv: { bom: flags.csvBom === true, escapeFormulas: flags.csvEscapeFormulas === true } }
      : {}),
    out,
    ...(s3 === undefined ? {} : { s3 }),
    partRows,
    ...(maxRows === undefined ? {} : { maxRows }),
    ...(maxCost === undefined ? {} : { maxCost }),
    allowPartial: flags.allowPartial === true,
    concurrency,
    rate,
    ...(shards === undefined ? {} : { shards }),
    ...(shardKey === undefined ? {} : { shardKey }),
    resume: flags.resume === true,
    force: flags.force === true,
    api: { baseUrl, login: credentials.login, password: credentials.password },
    ...(Object.keys(retry).length === 0 ? {} : { retry }),
  };
  Object.freeze(options.request);
  return Object.freeze({
    dryRun,
    probe: flags.probe,
    simulate,
    options: Object.freeze(options),
    presentation,
  });
}

/** `--shards`: auto, off or a shard count. */
function shardsFlag(raw: string | undefined): ExportOptions["shards"] {
  if (raw === undefined || raw === "auto" || raw === "off") return raw;
  const text = raw.trim().replace(/_/g, "");
  const n = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < 1 || n > MAX_SHARDS) {
    throw invalidOption("--shards", `auto, off or an integer from 1 to ${MAX_SHARDS}`, raw);
  }
  return n;
}

/** `--shard-key`: a filterable field of the API (whether it suits the mode is core's call, logged). */
function shardKeyFlag(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  if (!Object.hasOwn(FILTER_FIELDS, raw)) {
    throw invalidOption("--shard-key", "a filterable field such as first_seen or domain_from_rank", raw);
  }
  return raw;
}

/** `--out`: a directory or `s3://bucket/prefix`. */
function outFlag(raw: string | undefined, dryRun: boolean): string {
  if (raw === undefined || raw.trim() === "") {
    if (dryRun) return "";
    throw invalidOption("--out", "a directory or s3://bucket/prefix", raw);
  }
  if (/^s3:\/\//i.test(raw)) {
    const match = /^s3:\/\/([^/]+)(\/.*)?$/i.exec(raw);
    const bucket = match?.[1] ?? "";
    if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) {
      throw invalidOption(
        "--out",
        "s3://<bucket>/<prefix> with a valid bucket name (3-63 of a-z 0-9 . -)",
        raw,
      );
    }
    return raw;
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(raw))
    throw invalidOption("--out", "a directory or s3://bucket/prefix", raw);
  return raw;
}

function s3Flags(flags: RawFlags, out: string): ExportOptions["s3"] {
  const endpoint = httpUrlFlag("--s3-endpoint", flags.s3Endpoint);
  const region = flags.s3Region;
  if (region !== undefined && !/^[a-z0-9-]{2,40}$/.test(region)) {
    throw invalidOption("--s3-region", "a region name such as us-east-1", region);
  }
  const any = endpoint !== undefined || region !== undefined || flags.s3PathStyle === true;
  if (!any) return undefined;
  if (!out.startsWith("s3://")) {
    const flag =
      endpoint !== undefined ? "--s3-endpoint" : region !== undefined ? "--s3-region" : "--s3-path-style";
    throw invalidOption(flag, "an --out of the form s3://bucket/prefix", out === "" ? undefined : out);
  }
  return {
    ...(endpoint === undefined ? {} : { endpoint }),
    ...(region === undefined ? {} : { region }),
    ...(flags.s3PathStyle ? { forcePathStyle: true } : {}),
  };
}

/** `--api`: `live` (default), `sandbox`, or an http(s) URL (a proxy, the simulator). */
function apiFlag(raw: string | undefined): string {
  if (raw === undefined || raw === "live") return "live";
  if (raw === "sandbox") return "sandbox";
  if (!/^https?:\/\//i.test(raw)) throw invalidOption("--api", "sandbox, live or an http(s):// URL", raw);
  return httpUrlFlag("--api", raw)!;
}
