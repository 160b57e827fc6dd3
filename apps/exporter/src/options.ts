/**
 * Validates `ExportOptions` once at the boundary and returns a frozen, resolved copy. Request
 * fields go through core's `validateRequest` (one request per target), so a bad filter or mode is
 * reported with core's path and message. Messages never include the API password.
 */
import { type BacklinksRequest, FILTER_FIELDS, validateRequest } from "@backlinks/core";
import { getFormat, type OutputFormat } from "@backlinks/formats";
import { InvalidOptionsError, type OptionIssue } from "./errors.js";
import type { ExportCompression, ExportFormat, ExportOptions } from "./export/types.js";
import { resolveApi, resolveS3 } from "./options-endpoints.js";
import { type OutputLocation, parseLocation } from "./sinks/location.js";
import type { S3SinkOptions } from "./sinks/s3.js";
import type { DatasetParams } from "./state/fingerprint.js";
import { isObject, show } from "./value-text.js";

/** One target's validated task (limit set, no token/offset). */
export interface TargetTask {
  readonly target: string;
  readonly request: Readonly<BacklinksRequest>;
}

/** ExportOptions after validation and defaults. Deep-frozen. */
export interface ResolvedOptions {
  readonly tasks: readonly TargetTask[];
  readonly pageSize: number;
  /** The `limit` sent: min(pageSize, maxRows) — a page never buys more rows than maxRows needs. */
  readonly limit: number;
  readonly format: ExportFormat;
  /** The writer (formats' getFormat with compression and csv options). */
  readonly output: OutputFormat;
  readonly compression: ExportCompression | undefined;
  readonly csv: Readonly<{ bom?: boolean; escapeFormulas?: boolean }> | undefined;
  readonly location: OutputLocation;
  readonly s3: Readonly<S3SinkOptions>;
  readonly partRows: number;
  readonly maxRows: number | undefined;
  readonly maxCost: number | undefined;
  readonly allowPartial: boolean;
  readonly concurrency: number;
  readonly rate: number;
  readonly resume: boolean;
  readonly force: boolean;
  readonly api: Readonly<{ baseUrl: string; login: string; password: string }>;
  /** Passed to core's client as is (core validates it). */
  readonly retry: Readonly<NonNullable<ExportOptions["retry"]>> | undefined;
  /** How targets are sharded (README "Shards"); `"off"` with `maxRows`. */
  readonly shards: "auto" | number | "off";
  readonly shardKey: string | undefined;
  /** What a resume must keep identical (see state/fingerprint.ts). */
  readonly params: DatasetParams;
}

/** `shards: "auto"` shards a target only when its total_count is above this many rows. */
export const SHARD_AUTO_THRESHOLD = 200_000;
/** The largest shard count one may ask for. */
export const MAX_SHARDS = 10_000;

export const DEFAULTS = Object.freeze({
  pageSize: 1000,
  partRows: 1_000_000,
  concurrency: 30,
  rate: 2000,
});

const FORMATS: readonly ExportFormat[] = ["csv", "ndjson", "parquet"];
const COMPRESSIONS: readonly ExportCompression[] = ["none", "gzip", "snappy", "zstd"];
const RESERVED_REQUEST_FIELDS = ["target", "offset", "search_after_token", "limit"] as const;

/** Validate and resolve; throws InvalidOptionsError listing every problem. */
export function resolveOptions(input: ExportOptions): ResolvedOptions {
  const issues: OptionIssue[] = [];
  const add = (field: string, message: string) => issues.push({ field, message });
  if (!isObject(input)) {
    throw new InvalidOptionsError([{ field: "options", message: `expected an object, got ${show(input)}` }]);
  }

  const pageSize = int(input.pageSize, DEFAULTS.pageSize, 1, 1000, "pageSize", add);
  const partRows = int(input.partRows, DEFAULTS.partRows, 1, Number.MAX_SAFE_INTEGER, "partRows", add);
  const concurrency = int(input.concurrency, DEFAULTS.concurrency, 1, 30, "concurrency", add);
  const maxRows =
    input.maxRows === undefined
      ? undefined
      : int(input.maxRows, 0, 1, Number.MAX_SAFE_INTEGER, "maxRows", add);
  let rate: number = DEFAULTS.rate;
  if (input.rate !== undefined) {
    if (typeof input.rate !== "number" || !Number.isFinite(input.rate) || input.rate <= 0) {
      add("rate", `expected requests per minute > 0, got ${show(input.rate)}`);
    } else rate = input.rate;
  }
  let maxCost: number | undefined;
  if (input.maxCost !== undefined) {
    if (typeof input.maxCost !== "number" || !Number.isFinite(input.maxCost) || input.maxCost <= 0) {
      add("maxCost", `expected USD > 0, got ${show(input.maxCost)}`);
    } else maxCost = input.maxCost;
  }
  if (!FORMATS.includes(input.format))
    add("format", `expected one of ${FORMATS.join(", ")}, got ${show(input.format)}`);
  if (input.compression !== undefined && !COMPRESSIONS.includes(input.compression)) {
    add("compression", `expected one of ${COMPRESSIONS.join(", ")}, got ${show(input.compression)}`);
  }
  if (input.csv !== undefined && !isObject(input.csv))
    add("csv", `expected an object, got ${show(input.csv)}`);
  for (const flag of ["allowPartial", "resume", "force"] as const) {
    if (input[flag] !== undefined && typeof input[flag] !== "boolean") {
      add(flag, `expected true or false, got ${show(input[flag])}`);
    }
  }
  if (input.retry !== undefined && !isObject(input.retry))
    add("retry", `expected an object, got ${show(input.retry)}`);
  if (input.resume && input.force) add("resume", "resume and force exclude each other (got both)");
  const shards = input.shards ?? "auto";
  if (
    shards !== "auto" &&
    shards !== "off" &&
    !(typeof shards === "number" && Number.isInteger(shards) && shards >= 1 && shards <= MAX_SHARDS)
  ) {
    add("shards", `expected "auto", "off" or an integer 1..${MAX_SHARDS}, got ${show(shards)}`);
  }
  if (input.shardKey !== undefined && !Object.hasOwn(FILTER_FIELDS, input.shardKey as string)) {
    add(
      "shardKey",
      `expected a filterable field name (e.g. first_seen, domain_from_rank), got ${show(input.shardKey)}`,
    );
  }

  let location: OutputLocation | undefined;
  try {
    location = parseLocation(input.out);
  } catch (err) {
    if (err instanceof InvalidOptionsError) issues.push(...err.issues);
    else throw err;
  }
  const s3 = resolveS3(input.s3, location, add);
  const api = resolveApi(input.api, add);

  // Request: reserved fields, then one validated task per target.
  const tasks: TargetTask[] = [];
  const request = input.request === undefined ? {} : input.request;
  if (!isObject(request)) add("request", `expected an object of request fields, got ${show(request)}`);
  else {
    for (const f of RESERVED_REQUEST_FIELDS) {
      if ((request as Record<string, unknown>)[f] !== undefined) {
        const why =
          f === "limit" ? "use pageSize" : f === "target" ? "use targets" : "the exporter pages with tokens";
        add(`request.${f}`, `must not be set (${why}), got ${show((request as Record<string, unknown>)[f])}`);
      }
    }
  }
  if (!Array.isArray(input.targets) || input.targets.length === 0) {
    add("targets", `expected a non-empty list of targets, got ${show(input.targets)}`);
  } else if (isObject(request) && issues.every((i) => !i.field.startsWith("request."))) {
    const seen = new Map<string, number>();
    const limit = maxRows === undefined ? pageSize : Math.min(pageSize, maxRows);
    let requestIssuesReported = false;
    input.targets.forEach((raw, i) => {
      const result = validateRequest({ ...request, target: raw, limit });
      if (!result.ok) {
        for (const issue of result.issues) {
          if (issue.field === "target") add(`targets[${i}]`, issue.message.replace(/^target: /, ""));
          else if (!requestIssuesReported)
            add(`request.${issue.path}`, issue.message.replace(/^[^:]*: /, ""));
        }
        requestIssuesReported = true;
        return;
      }
      const target = result.request.target;
      const first = seen.get(target);
      if (first !== undefined) {
        add(`targets[${i}]`, `duplicate of targets[${first}] (both are ${JSON.stringify(target)})`);
        return;
      }
      seen.set(target, i);
      tasks.push(Object.freeze({ target, request: result.request }));
    });
  }

  let output: OutputFormat | undefined;
  if (FORMATS.includes(input.format) && !issues.some((i) => i.field === "compression" || i.field === "csv")) {
    try {
      const writers = Math.max(
        1,
        Math.min(concurrency, Array.isArray(input.targets) ? input.targets.length : 1),
      );
      output = getFormat(input.format, {
        ...(input.compression ? { compression: input.compression } : {}),
        ...(input.csv ? { csv: input.csv } : {}),
        ...(input.format === "parquet" ? { parquet: parquetOptions(writers) } : {}),
      });
    } catch (err) {
      const field = /csv/i.test(String((err as Error).message)) && !input.compression ? "csv" : "compression";
      add(field, (err as Error).message.replace(/^[a-z]+: /, ""));
    }
  }
  if (issues.length > 0) throw new InvalidOptionsError(issues);
  // the validated (normalised) request without its per-target fields: what the pages depend on
  const {
    target: _t,
    limit: _l,
    ...requestTemplate
  } = tasks[0]!.request as unknown as Record<string, unknown>;
  const csv = input.csv ? Object.freeze({ ...input.csv }) : undefined;
  const params: DatasetParams = Object.freeze({
    targets: Object.freeze(tasks.map((t) => t.target)),
    request: Object.freeze(stripUndefined(requestTemplate)),
    pageSize,
    format: input.format,
    compression: input.compression ?? null,
    csv: csv ? Object.freeze(stripUndefined({ ...csv })) : null,
    partRows,
    maxRows: maxRows ?? null,
  });
  return Object.freeze({
    tasks: Object.freeze(tasks),
    pageSize,
    limit: maxRows === undefined ? pageSize : Math.min(pageSize, maxRows),
    format: input.format,
    output: output!,
    compression: input.compression,
    csv,
    location: location!,
    s3: Object.freeze(s3),
    partRows,
    maxRows,
    maxCost,
    allowPartial: input.allowPartial === true,
    concurrency,
    rate,
    resume: input.resume === true,
    force: input.force === true,
    api: Object.freeze({ ...api }),
    retry: input.retry ? Object.freeze({ ...input.retry }) : undefined,
    // maxRows caps rows per target in walk order: only one chain has a walk order to cap
    shards: maxRows === undefined ? shards : "off",
    shardKey: input.shardKey,
    params,
  });
}

/**
 * Parquet buffers one row group per open file, so with C targets written at once memory grows with
 * C × rowGroupSize. The row groups of all open files together are kept near 100k rows (one to five
 * files: formats' default 20k each; 20 files: 5k), never below 5k rows per group.
 */
export function parquetRowGroupSize(openFiles: number): number {
  return Math.max(5_000, Math.min(20_000, Math.floor(100_000 / Math.max(1, openFiles))));
}

/**
 * Parquet stage options for `openFiles` files written at once. Row groups are encoded on the
 * exporter's own thread (`workers: 0`, formats' default): validating and buffering a row, which
 * must happen there anyway, is ~85% of its Parquet cost, so a worker per file bought ≤ 1.2× while
 * each one's isolate and in-flight groups cost ~60–75 MB (formats README).
 */
export function parquetOptions(openFiles: number): { rowGroupSize: number; workers: number } {
  return { rowGroupSize: parquetRowGroupSize(openFiles), workers: 0 };
}

function int(
  value: unknown,
  fallback: number,
  min: number,
  max: number,
  field: string,
  add: (f: string, m: string) => void,
): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `${min}..${max}`;
    add(field, `expected an integer ${range}, got ${show(value)}`);
    return fallback;
  }
  return value;
}

function stripUndefined<T extends Record<string, unknown>>(o: T): T {
  for (const k of Object.keys(o)) if (o[k] === undefined) delete o[k];
  return o;
}
