/**
 * One run of `backlinks-export`: parse → plan → execute (see execute.ts). Returns the exit code;
 * only `cli.ts` turns it into `process.exit`. Output rules: the final error is exactly one line on
 * stderr; progress bars go to stderr on a TTY; JSON progress lines, logs and the summary go to
 * stdout. Everything printed passes the secret redactor.
 */
import { EXIT, type ExitCode } from "../exit-codes.js";
import { flagsToPlan } from "./argv-to-options.js";
import { refuseSecretsOnArgv } from "./credentials.js";
import { createRedactor, errorLine } from "./error-line.js";
import { execute } from "./execute.js";
import { parseArgv } from "./program.js";
import { invocation, resumeCommand } from "./signals.js";

/** The process surface a run uses (injected so tests can drive it in-process too). */
export interface CliIo {
  readonly argv: readonly string[];
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream & { isTTY?: boolean };
  readonly cwd: string;
  /** process.argv[1]: used to print the exact resume command. */
  readonly scriptPath: string | undefined;
  readonly version: string;
  /** Ends the process now (second signal). Only cli.ts implements it. */
  readonly exitNow: (code: ExitCode) => void;
}

/** Codes after which the dataset is saved and resumable: the error line says how. */
const RESUMABLE_CODES = new Set(["ERR_DAILY_COST_LIMIT", "ERR_INSUFFICIENT_FUNDS", "ERR_API"]);

/** Runs the CLI and resolves with its exit code. Never throws. */
export async function runCli(io: CliIo): Promise<ExitCode> {
  let redact = createRedactor([io.env.AWS_SECRET_ACCESS_KEY]);
  // Known before parsing, so even a usage error honours --log-format json.
  const at = io.argv.indexOf("--log-format");
  let logFormat: "pretty" | "json" =
    io.argv.includes("--log-format=json") || (at >= 0 && io.argv[at + 1] === "json") ? "json" : "pretty";
  const invokedAs = invocation(io.scriptPath, io.cwd);
  const resume = () => resumeCommand(io.argv, invokedAs);
  try {
    refuseSecretsOnArgv(io.argv);
    const flags = parseArgv(io.argv, io.version, (text) => io.stdout.write(text));
    if (flags === undefined) return EXIT.OK;
    logFormat = flags.logFormat === "json" ? "json" : "pretty";
    const plan = await flagsToPlan(flags, io.env);
    const secrets = [plan.options.api.password, plan.options.api.login, io.env.AWS_SECRET_ACCESS_KEY];
    redact = createRedactor(secrets);
    return await execute({
      io,
      plan,
      resume,
      redact: (text) => redact(text),
      addSecrets: (more) => {
        redact = createRedactor([...secrets, ...more]);
      },
    });
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const extra =
      code === "ERR_BUDGET_EXCEEDED"
        ? `to continue with a higher budget: ${resumeCommand(withMaxCostPlaceholder(io.argv), invokedAs)}`
        : code === "ERR_NOTHING_TO_RESUME"
          ? "if an interrupted first run left only temporary files, start over with --force"
          : typeof code === "string" && RESUMABLE_CODES.has(code)
            ? `to continue: ${resume()}`
            : undefined;
    const { line, exitCode } = errorLine(error, logFormat, redact, extra);
    io.stderr.write(`${line}\n`);
    return exitCode;
  }
}

/** argv with the value of `--max-cost` replaced by `<USD>`: resuming with the same budget would stop again. */
function withMaxCostPlaceholder(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--max-cost") {
      out.push(arg, "<USD>");
      i++;
    } else if (arg.startsWith("--max-cost=")) out.push("--max-cost=<USD>");
    else out.push(arg);
  }
  return out;
}
