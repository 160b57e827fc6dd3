/**
 * The commander definition of `backlinks-export`: every flag of issue 6 part 1, grouped help and
 * examples. Values arrive as raw strings; `argv-to-options.ts` validates them in one place so every
 * bad value gets the same one-line, coded error.
 */
import { Command, CommanderError, Option } from "commander";
import { CliError } from "./cli-error.js";

/** Raw flag values as commander parses them (strings; repeatables as arrays). */
export interface RawFlags {
  target: string[];
  targetsFile?: string;
  mode?: string;
  customMode?: string;
  filter?: string;
  filtersJson?: string;
  orderBy: string[];
  status?: string;
  includeSubdomains?: boolean;
  excludeInternal?: boolean;
  includeIndirect?: boolean;
  rankScale?: string;
  pageSize?: string;
  format?: string;
  compression?: string;
  csvBom?: boolean;
  csvEscapeFormulas?: boolean;
  out?: string;
  partRows?: string;
  s3Endpoint?: string;
  s3PathStyle?: boolean;
  s3Region?: string;
  maxRows?: string;
  maxCost?: string;
  allowPartial?: boolean;
  concurrency?: string;
  rate?: string;
  shards?: string;
  shardKey?: string;
  maxAttempts?: string;
  rateLimitWait?: string;
  dryRun?: boolean;
  probe: boolean;
  resume?: boolean;
  force?: boolean;
  logFormat?: string;
  quiet?: boolean;
  progressInterval?: string;
  api?: string;
  simulate?: boolean;
  credentialsFile?: string;
}

const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

/** Examples shown at the end of `--help` (kept runnable: the README shows the same ones). */
export const HELP_EXAMPLES = `
Credentials:
  DATAFORSEO_LOGIN and DATAFORSEO_PASSWORD from the environment, or --credentials-file <path>
  (JSON {"login","password"} or KEY=VALUE lines). Never on the command line.
  S3 credentials come from the AWS SDK's default chain (AWS_ACCESS_KEY_ID, profiles, roles).

Examples:
  # the demo: 1,000,000 rows from the embedded simulator to Parquet
  backlinks-export --simulate --format parquet --out ./backlinks-demo --force

  # every live backlink of two domains, dofollow only, to gzipped CSV
  backlinks-export --target example.com --target example.org --format csv --compression gzip \\
    --filter 'dofollow = true and domain_from_rank >= 100' --out ./backlinks

  # one backlink per referring domain to S3, stop before spending $25
  backlinks-export --targets-file targets.txt --mode one_per_domain --max-cost 25 \\
    --format parquet --out s3://my-bucket/backlinks/2026-11

  # what would it cost? (one paid request with limit 1; --no-probe for none)
  backlinks-export --target example.com --dry-run

  # continue an interrupted export exactly where it stopped
  backlinks-export --target example.com --format parquet --out ./backlinks --resume

Exit codes: 0 ok, 1 internal, 2 usage, 3 API, 4 account (auth/funds/limit), 5 output,
6 incomplete/budget, 130 interrupted (see README "Exit codes").
`;

/** Builds a fresh program (one per run: commander keeps parsed state on the instance). */
export function createProgram(version: string): Command {
  const program = new Command("backlinks-export")
    .description(
      "Export every backlink of one or more targets from the DataForSEO Backlinks API to CSV, NDJSON or " +
        "Parquet on disk or S3: resumable, budgeted, exactly once.",
    )
    .version(version, "-V, --version")
    .helpOption("-h, --help", "show this help")
    .allowExcessArguments(false)
    .showSuggestionAfterError(true);

  program
    .optionsGroup("Request:")
    .option("--target <target>", "domain, subdomain or absolute URL (repeatable)", collect)
    .option("--targets-file <path>", "file with one target per line (# comments, blank lines ignored)")
    .option("--mode <mode>", "as_is | one_per_domain | one_per_anchor (API default as_is)")
    .option("--custom-mode <field:value>", "N backlinks per distinct field value, e.g. domain_from:100")
    .option("--filter <expression>", "filter in text syntax, e.g. 'dofollow = true and rank > 100'")
    .option("--filters-json <json>", "filters as the API's JSON array instead of --filter")
    .option(
      "--order-by <field,dir>",
      "sort rule, e.g. domain_from_rank,desc (repeatable, max 3)",
      collect,
      [],
    )
    .option("--status <status>", "all | live | lost (API default live)")
    .option("--include-subdomains", "include backlinks to subdomains of the target (API default)")
    .option("--no-include-subdomains", "ignore backlinks to subdomains of the target")
    .option("--exclude-internal", "exclude internal backlinks (API default)")
    .option("--no-exclude-internal", "keep internal backlinks")
    .option("--include-indirect", "include links via redirects/canonicals (API default)")
    .option("--no-include-indirect", "only direct links")
    .option("--rank-scale <scale>", "one_hundred | one_thousand (API default one_thousand)")
    .option("--page-size <n>", "rows per request, 1..1000 (default 1000)");

  program
    .optionsGroup("Output:")
    .option("--format <format>", "csv | ndjson | parquet (default parquet)")
    .option("--compression <codec>", "none | gzip (csv, ndjson) | snappy | gzip | zstd (parquet)")
    .option("--csv-bom", "start CSV files with a UTF-8 BOM (for Excel)")
    .option("--csv-escape-formulas", "prefix cells starting with = + - @ with ' (spreadsheet safety)")
    .option("--out <dir|s3://bucket/prefix>", "dataset directory or S3 prefix")
    .option("--part-rows <n>", "rows per part file (default 1000000)")
    .option("--s3-endpoint <url>", "S3-compatible endpoint, e.g. http://127.0.0.1:9000")
    .option("--s3-path-style", "path-style S3 addressing (most S3-compatible stores)")
    .option("--s3-region <region>", "S3 region (default from the AWS SDK chain, else us-east-1)");

  program
    .optionsGroup("Control:")
    .option("--max-rows <n>", "stop after this many rows per target")
    .option("--max-cost <usd>", "stop before the page that would spend more than this many USD")
    .option("--allow-partial", "exit 0 even if rows differ from total_count or a limit stopped the export")
    .option("--concurrency <n>", "requests in flight, 1..30 (default 30)")
    .option("--rate <n>", "requests per minute (default 2000, the account ceiling)")
    .option(
      "--shards <auto|N|off>",
      "split a large target into N parallel chains (default auto: above 200000 rows; off: one chain)",
    )
    .option("--shard-key <field>", "field the shards split on, e.g. first_seen (default: chosen per mode)")
    .option("--max-attempts <n>", "attempts per request before giving up, 1..20 (default 6)")
    .option("--rate-limit-wait <ms>", "minimum wait after a 40202 rate-limit answer (default 60000)")
    .option("--dry-run", "validate and estimate rows, requests, cost and time; export nothing")
    .option("--no-probe", "with --dry-run: make no request at all (no total_count)")
    .option("--resume", "continue an interrupted export from its last committed part")
    .option("--force", "replace an existing dataset at --out")
    .addOption(
      new Option(
        "--log-format <format>",
        "pretty | json: how logs, errors and the summary are printed (default pretty)",
      ),
    )
    .option("--quiet", "no progress or logs; only errors and the final summary line")
    .option(
      "--progress-interval <ms>",
      "milliseconds between JSON progress lines when not on a TTY (default 1000)",
    );

  program
    .optionsGroup("API:")
    .option("--api <sandbox|live|url>", "API endpoint (default live)")
    .option("--simulate", "run against the embedded simulator (free, offline; demo target example.com)")
    .option("--credentials-file <path>", "read DATAFORSEO_LOGIN / DATAFORSEO_PASSWORD from this file");

  program.addHelpText("after", HELP_EXAMPLES);
  return program;
}

/**
 * Parses argv (without node and script) into raw flags; `undefined` when help or the version was
 * printed through `write`. Commander's own errors become one `ERR_USAGE` line, with any
 * `--flag=value` value dropped (it could be a secret typed in the wrong place).
 */
export function parseArgv(
  argv: readonly string[],
  version: string,
  write: (text: string) => void,
): RawFlags | undefined {
  const program = createProgram(version);
  program.exitOverride();
  program.configureOutput({ writeOut: write, writeErr: () => {}, outputError: () => {} });
  try {
    program.parse([...argv], { from: "user" });
  } catch (error) {
    if (error instanceof CommanderError) {
      if (["commander.helpDisplayed", "commander.help", "commander.version"].includes(error.code))
        return undefined;
      const message = error.message
        .replace(/^error:\s*/i, "")
        .replace(/'(--?[A-Za-z0-9-]+)=[^']*'/g, "'$1=…'")
        .replace(/[\r\n]+/g, " ")
        .trim();
      throw new CliError("ERR_USAGE", message, { cause: error });
    }
    throw error;
  }
  const flags = program.opts<RawFlags>();
  return { ...flags, target: flags.target ?? [], orderBy: flags.orderBy ?? [] };
}
