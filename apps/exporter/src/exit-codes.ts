/**
 * The documented exit-code table of `backlinks-export` (README "Exit codes"). Every stable error
 * code of the CLI, the exporter library and @backlinks/core maps to exactly one exit code; a unit
 * test keeps this table, the code lists and the README in sync.
 */
import type { CLI_ERROR_CODES } from "./cli/cli-error.js";
import type { ExportErrorCode } from "./errors.js";

/** Exit codes by name. Scripts can retry on `API`, must fix something on the others. */
export const EXIT = Object.freeze({
  OK: 0,
  INTERNAL: 1,
  USAGE: 2,
  API: 3,
  ACCOUNT: 4,
  OUTPUT: 5,
  INCOMPLETE: 6,
  INTERRUPTED: 130,
} as const);

/** One of the values of {@link EXIT}. */
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** What each exit code means, in README order. */
export const EXIT_CODE_MEANINGS: readonly { readonly exit: ExitCode; readonly meaning: string }[] =
  Object.freeze([
    { exit: EXIT.OK, meaning: "export complete (or partial with --allow-partial); dry run done" },
    { exit: EXIT.INTERNAL, meaning: "internal error (a bug): please report it with the error line" },
    {
      exit: EXIT.USAGE,
      meaning: "usage or validation: a flag, filter, target, credentials setup or resume mismatch",
    },
    {
      exit: EXIT.API,
      meaning: "the API failed after retries (network, HTTP 5xx, malformed responses): retry later",
    },
    { exit: EXIT.ACCOUNT, meaning: "the account refused: wrong credentials, no funds, daily cost limit" },
    {
      exit: EXIT.OUTPUT,
      meaning: "the output failed: directory or bucket unwritable, exists without --force, disk full",
    },
    {
      exit: EXIT.INCOMPLETE,
      meaning: "incomplete: rows differ from total_count, or --max-cost/--max-rows stopped the export",
    },
    {
      exit: EXIT.INTERRUPTED,
      meaning: "interrupted by SIGINT/SIGTERM: state saved, run the printed command to resume",
    },
  ]);

/** @backlinks/core error codes (contracts: errors with stable codes). */
export const CORE_CODES_EXIT: Readonly<Record<string, ExitCode>> = Object.freeze({
  ERR_INVALID_REQUEST: EXIT.USAGE,
  ERR_FILTER_SYNTAX: EXIT.USAGE,
  ERR_HTTP: EXIT.API,
  ERR_API_STATUS: EXIT.API,
  ERR_MALFORMED_RESPONSE: EXIT.API,
  ERR_NETWORK: EXIT.API,
  ERR_TIMEOUT: EXIT.API,
  ERR_ABORTED: EXIT.INTERRUPTED,
  // The saved cursor belongs to another request: the user changed flags between runs.
  ERR_CURSOR_MISMATCH: EXIT.USAGE,
  ERR_REPEATED_TOKEN: EXIT.API,
  ERR_RETRIES_EXHAUSTED: EXIT.API,
  // A client option the CLI computed is invalid: the user's flag (e.g. --rate) was out of range.
  ERR_INVALID_OPTIONS: EXIT.USAGE,
  // A saved cursor that is not a cursor: the state file was damaged.
  ERR_INVALID_CURSOR: EXIT.OUTPUT,
  ERR_CLIENT_CLOSED: EXIT.INTERNAL,
  // Sharding options (issue 7) come from flags too.
  ERR_SHARD_OPTIONS: EXIT.USAGE,
});

/** Codes the CLI raises itself. */
export const CLI_CODES_EXIT: Readonly<Record<(typeof CLI_ERROR_CODES)[number], ExitCode>> = Object.freeze({
  ERR_USAGE: EXIT.USAGE,
  ERR_INVALID_OPTION: EXIT.USAGE,
  ERR_SECRET_ON_ARGV: EXIT.USAGE,
  ERR_CREDENTIALS_MISSING: EXIT.USAGE,
  ERR_CREDENTIALS_FILE: EXIT.USAGE,
  ERR_TARGETS_FILE: EXIT.USAGE,
  ERR_INTERRUPTED: EXIT.INTERRUPTED,
});

/** @backlinks/formats error codes (they reach the CLI through the library). */
export const FORMAT_CODES_EXIT: Readonly<Record<string, ExitCode>> = Object.freeze({
  ERR_FORMAT_OPTIONS: EXIT.USAGE,
  ERR_UNSUPPORTED_COMPRESSION: EXIT.USAGE,
  // The API sent a value the output schema cannot hold.
  ERR_ROW_TYPE: EXIT.API,
  ERR_FORMAT_BATCH: EXIT.INTERNAL,
  // The Parquet encoder's worker thread failed: not the user's input.
  ERR_PARQUET_WORKER: EXIT.INTERNAL,
});

/** @backlinks/exporter library codes (`EXPORT_ERROR_CODES`). */
export const EXPORT_CODES_EXIT: Readonly<Record<ExportErrorCode, ExitCode>> = Object.freeze({
  ERR_INVALID_OPTIONS: EXIT.USAGE,
  ERR_OUTPUT_EXISTS: EXIT.OUTPUT,
  ERR_SINK_IO: EXIT.OUTPUT,
  ERR_INCOMPLETE: EXIT.INCOMPLETE,
  ERR_BUDGET_EXCEEDED: EXIT.INCOMPLETE,
  ERR_DAILY_COST_LIMIT: EXIT.ACCOUNT,
  ERR_INSUFFICIENT_FUNDS: EXIT.ACCOUNT,
  ERR_API_AUTH: EXIT.ACCOUNT,
  ERR_API: EXIT.API,
  ERR_RESUME_MISMATCH: EXIT.USAGE,
  ERR_NOTHING_TO_RESUME: EXIT.USAGE,
  ERR_STATE_CORRUPT: EXIT.OUTPUT,
  ERR_INTERNAL: EXIT.INTERNAL,
});

/** The simulator's option error (only `--simulate` can raise it, with options the CLI chose). */
export const SIMULATOR_CODES_EXIT: Readonly<Record<string, ExitCode>> = Object.freeze({
  ERR_SIM_OPTIONS: EXIT.INTERNAL,
  ERR_SIM_LISTEN: EXIT.INTERNAL,
  ERR_SIM_CONFIG: EXIT.INTERNAL,
  // Engine-internal (turned into API task errors on the wire; never thrown at the CLI).
  ERR_SIM_TASK: EXIT.INTERNAL,
});

/**
 * DataForSEO status codes that are about the account, not the request or the service: auth,
 * funds, cost limit, blocks, IP allow-list (api-notes §3.2). Retrying does not help.
 */
export const ACCOUNT_STATUS_CODES: readonly number[] = Object.freeze([
  40100, 40104, 40200, 40201, 40203, 40204, 40207, 40210,
]);
/** Status codes meaning the API rejected the request's fields: a usage problem. */
export const REQUEST_STATUS_CODES: readonly number[] = Object.freeze([40501, 40503, 40506]);

/** Every code with its exit code: CLI first, then exporter, core, formats, simulator. */
export const ERROR_EXIT_CODES: Readonly<Record<string, ExitCode>> = Object.freeze({
  ...SIMULATOR_CODES_EXIT,
  ...FORMAT_CODES_EXIT,
  ...CORE_CODES_EXIT,
  ...EXPORT_CODES_EXIT,
  ...CLI_CODES_EXIT,
});

/** The chain of an error and its causes (bounded, cycle-safe). */
function causeChain(error: unknown): unknown[] {
  const chain: unknown[] = [];
  let current: unknown = error;
  while (current !== undefined && current !== null && chain.length < 10 && !chain.includes(current)) {
    chain.push(current);
    current = (current as { cause?: unknown }).cause;
  }
  return chain;
}

/**
 * The exit code for an error: by its stable `code`, refined by the API status or HTTP status found
 * anywhere in its cause chain (an account refusal is 4 even when wrapped as a generic API error).
 * Anything without a known code is an internal error (1).
 */
export function exitCodeFor(error: unknown): ExitCode {
  const code = (error as { code?: unknown } | null)?.code;
  const base = typeof code === "string" ? ERROR_EXIT_CODES[code] : undefined;
  if (base === undefined) return EXIT.INTERNAL;
  if (base !== EXIT.API) return base;
  for (const link of causeChain(error)) {
    const statusCode = (link as { statusCode?: unknown }).statusCode;
    if (typeof statusCode === "number") {
      if (ACCOUNT_STATUS_CODES.includes(statusCode)) return EXIT.ACCOUNT;
      if (REQUEST_STATUS_CODES.includes(statusCode)) return EXIT.USAGE;
    }
    const status =
      (link as { code?: unknown; status?: unknown }).code === "ERR_HTTP"
        ? (link as { status?: unknown }).status
        : undefined;
    if (status === 401 || status === 402 || status === 403) return EXIT.ACCOUNT;
  }
  return base;
}
