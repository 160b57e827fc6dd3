/**
 * Renders any error as exactly one line with its stable code, what went wrong and what to do, and
 * redacts secrets from everything the CLI prints (a last line of defence: no message is supposed
 * to contain them in the first place).
 */
import { EXIT, type ExitCode, exitCodeFor } from "../exit-codes.js";

/** Replaces every occurrence of a secret with `***`. Short strings are skipped (too many false hits). */
export function createRedactor(secrets: readonly (string | undefined)[]): (text: string) => string {
  const list = secrets.filter((s): s is string => typeof s === "string" && s.length >= 6);
  return (text) => {
    let result = text;
    for (const secret of list) result = result.split(secret).join("***");
    return result;
  };
}

/** What to do, by exit code, when the message does not already say it. */
const ADVICE: Readonly<Record<number, string>> = {
  [EXIT.INTERNAL]: "this is a bug: please report it with this line",
  [EXIT.USAGE]: "see backlinks-export --help",
  [EXIT.API]: "the API kept failing; try again later (add --resume if a dataset was started)",
  [EXIT.ACCOUNT]: "check the account at https://app.dataforseo.com",
  [EXIT.OUTPUT]: "check --out, its permissions and free space",
};

/** Library option fields → the flag that sets them, for the library's own validation messages. */
const FLAG_OF_OPTION: readonly [RegExp, string][] = [
  [/^targets(\[\d+\])?/, "--target"],
  [/^request\.filters\S*/, "--filter"],
  [/^request\.custom_mode\S*/, "--custom-mode"],
  [/^request\.order_by\S*/, "--order-by"],
  [/^request\.mode/, "--mode"],
  [/^request\.backlinks_status_type/, "--status"],
  [/^request\.rank_scale/, "--rank-scale"],
  [/^pageSize/, "--page-size"],
  [/^partRows/, "--part-rows"],
  [/^maxRows/, "--max-rows"],
  [/^maxCost/, "--max-cost"],
  [/^concurrency/, "--concurrency"],
  [/^rate/, "--rate"],
  [/^shards/, "--shards"],
  [/^shardKey/, "--shard-key"],
  [/^format/, "--format"],
  [/^compression/, "--compression"],
  [/^out/, "--out"],
  [/^s3\.endpoint/, "--s3-endpoint"],
  [/^s3\.region/, "--s3-region"],
  [/^api\.baseUrl/, "--api"],
];

/**
 * The library words its messages for library users (`pass force`, `maxCost`); on the command line
 * the same advice names the flags.
 */
const OPTION_WORDS: readonly [RegExp, string][] = [
  [/\b(pass|use|or|with|without|then) (force|resume)\b/g, "$1 --$2"],
  [/\bmaxCost\b/g, "--max-cost"],
  [/\bmaxRows\b/g, "--max-rows"],
  [/\ballowPartial\b/g, "--allow-partial"],
];

/** The one-line message of an error (code, message, advice), without the exit code. */
export function describeError(error: unknown): { code: string; message: string; exitCode: ExitCode } {
  const exitCode = exitCodeFor(error);
  const rawCode = (error as { code?: unknown } | null)?.code;
  const known = typeof rawCode === "string" && exitCode !== EXIT.INTERNAL;
  const code = known ? rawCode : typeof rawCode === "string" ? rawCode : "ERR_INTERNAL";
  let message =
    error instanceof Error
      ? known || rawCode !== undefined
        ? error.message
        : `${error.name}: ${error.message}`
      : String(error);
  if (code === "ERR_INVALID_OPTIONS") {
    for (const [pattern, flag] of FLAG_OF_OPTION) {
      if (pattern.test(message)) {
        message = message.replace(pattern, flag);
        break;
      }
    }
  }
  message = message.replace(/\s*[\r\n]+\s*/g, " ").trim();
  if (typeof rawCode === "string" && !rawCode.startsWith("ERR_INVALID_OPTION")) {
    for (const [pattern, replacement] of OPTION_WORDS) message = message.replace(pattern, replacement);
  }
  const advice = ADVICE[exitCode];
  if (advice !== undefined && !/resume|--help|report|check |top it up/i.test(message))
    message = `${message}; ${advice}`;
  return { code, message, exitCode };
}

/** The error line as printed on stderr, pretty or JSON. */
export function errorLine(
  error: unknown,
  logFormat: "pretty" | "json",
  redact: (text: string) => string,
  extra?: string,
): { line: string; exitCode: ExitCode } {
  const { code, message, exitCode } = describeError(error);
  const full = extra === undefined ? message : `${message}; ${extra}`;
  const line =
    logFormat === "json"
      ? JSON.stringify({ type: "error", code, message: full, exitCode })
      : `backlinks-export: ${code}: ${full} (exit ${exitCode})`;
  return { line: redact(line), exitCode };
}
