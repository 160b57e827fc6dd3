/**
 * One run of `backlinks-export`: parse → plan → (simulator) → dry run or export with progress →
 * summary. Returns the exit code; only `cli.ts` turns it into `process.exit`. Output rules: the
 * final error is exactly one line on stderr; progress bars go to stderr on a TTY; JSON progress
 * lines, logs and the summary go to stdout. Everything printed passes the secret redactor.
 */
import { EXIT, type ExitCode } from "../exit-codes.js";
import type { ExportOptions } from "../index.js";
import { jsonEstimate, prettyEstimate } from "../progress/estimate.js";
import { createJsonLines, createSilent } from "../progress/json-lines.js";
import { jsonSummary, prettySummary, type SummaryLike } from "../progress/summary.js";
import { createTtyBars } from "../progress/tty-bars.js";
import type { LogLike, ProgressRenderer, TargetProgress } from "../progress/types.js";
import { flagsToPlan, type RunPlan } from "./argv-to-options.js";
import { CliError } from "./cli-error.js";
import { refuseSecretsOnArgv } from "./credentials.js";
import { createRedactor, errorLine } from "./error-line.js";
import { parseArgv } from "./program.js";
import { installSignalGuard, invocation, resumeCommand } from "./signals.js";
import { type Simulation, startSimulation } from "./simulate.js";

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
const RESUMABLE_CODES = new Set([
  "ERR_BUDGET_EXCEEDED",
  "ERR_DAILY_COST_LIMIT",
  "ERR_INSUFFICIENT_FUNDS",
  "ERR_API",
  "ERR_INCOMPLETE",
]);

/** Runs the CLI and resolves with its exit code. Never throws. */
export async function runCli(io: CliIo): Promise<ExitCode> {
  let redact = createRedactor([]);
  let logFormat: "pretty" | "json" = io.argv.includes("--log-format=json") ? "json" : "pretty";
  const printLine = (stream: NodeJS.WritableStream, line: string) => stream.write(`${redact(line)}\n`);
  const resume = () => resumeCommand(io.argv, invocation(io.scriptPath, io.cwd));
  try {
    refuseSecretsOnArgv(io.argv);
    const flags = parseArgv(io.argv, io.version, (text) => io.stdout.write(text));
    if (flags === undefined) return EXIT.OK;
    logFormat = flags.logFormat === "json" ? "json" : "pretty";
    const plan = await flagsToPlan(flags, io.env);
    redact = createRedactor([
      plan.options.api.password,
      plan.options.api.login,
      io.env.AWS_SECRET_ACCESS_KEY,
    ]);
    return await execute(
      io,
      plan,
      (p) => {
        redact = createRedactor([
          p.password,
          p.login,
          plan.options.api.password,
          io.env.AWS_SECRET_ACCESS_KEY,
        ]);
      },
      printLine,
      resume,
    );
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const extra =
      code === "ERR_BUDGET_EXCEEDED"
        ? `to continue with a higher budget: ${resumeCommand(withMaxCostPlaceholder(io.argv), invocation(io.scriptPath, io.cwd))}`
        : typeof code === "string" && RESUMABLE_CODES.has(code)
          ? `to continue: ${resume()}`
          : undefined;
    const { line, exitCode } = errorLine(error, logFormat, redact, extra);
    io.stderr.write(`${line}\n`);
    return exitCode;
  }
}

async function execute(
  io: CliIo,
  plan: RunPlan,
  onCredentials: (api: { login: string; password: string }) => void,
  printLine: (stream: NodeJS.WritableStream, line: string) => void,
  resume: () => string,
): Promise<ExitCode> {
  const { logFormat, quiet } = plan.presentation;
  let simulation: Simulation | undefined;
  let options: ExportOptions = plan.options;
  const guardHooks = {
    first: (_signal: NodeJS.Signals) => {},
  };
  const guard = installSignalGuard({
    onFirst: (signal) => guardHooks.first(signal),
    onSecond: (signal) => {
      const line =
        logFormat === "json"
          ? JSON.stringify({
              type: "error",
              code: "ERR_INTERRUPTED",
              message: `second ${signal}: exiting now`,
              resume: resume(),
              exitCode: 130,
            })
          : `backlinks-export: ERR_INTERRUPTED: second ${signal}, exiting now; the saved state is consistent; to continue: ${resume()} (exit 130)`;
      printLine(io.stderr, line);
      io.exitNow(EXIT.INTERRUPTED);
    },
  });
  try {
    if (plan.simulate) {
      simulation = await startSimulation(plan.options.targets);
      onCredentials(simulation.api);
      options = { ...plan.options, api: simulation.api };
      if (!quiet) {
        const note = `simulator: ${simulation.api.baseUrl} (embedded, free; targets: ${options.targets.join(", ")})`;
        printLine(
          io.stdout,
          logFormat === "json" ? JSON.stringify({ type: "log", level: "info", message: note }) : note,
        );
      }
    }
    if (plan.dryRun) {
      const { estimateExport } = await import("../dry-run.js");
      const estimate = await estimateExport(options, plan.probe, guard.signal);
      const lines =
        logFormat === "json" ? [jsonEstimate(estimate)] : prettyEstimate(estimate, options.maxCost);
      for (const line of lines) printLine(io.stdout, line);
      return EXIT.OK;
    }
    return await runExport(io, plan, options, guard, guardHooks, printLine, resume);
  } finally {
    guard.dispose();
    await simulation?.close();
  }
}

async function runExport(
  io: CliIo,
  plan: RunPlan,
  options: ExportOptions,
  guard: ReturnType<typeof installSignalGuard>,
  guardHooks: { first: (signal: NodeJS.Signals) => void },
  printLine: (stream: NodeJS.WritableStream, line: string) => void,
  resume: () => string,
): Promise<ExitCode> {
  const { logFormat, quiet } = plan.presentation;
  const renderer: ProgressRenderer = quiet
    ? createSilent()
    : io.stderr.isTTY === true
      ? createTtyBars(io.stderr, options.targets.length)
      : createJsonLines(
          (line) => printLine(io.stdout, line),
          options.targets.length,
          plan.presentation.progressIntervalMs,
          logFormat,
        );
  // Dependencies that print warnings themselves (the AWS SDK does) go through the log stream:
  // stderr is reserved for the one error line.
  const consoleWarn = console.warn;
  console.warn = (...args: unknown[]) => renderer.log({ level: "warn", message: args.map(String).join(" ") });
  guardHooks.first = (signal) => {
    renderer.log({
      level: "warn",
      message: `${signal}: stopping after the current page (send it again to exit at once)`,
    });
  };
  const printSummary = (summary: SummaryLike, hint: string | undefined) => {
    if (logFormat === "json") printLine(io.stdout, jsonSummary(summary, options.format, hint));
    else for (const line of prettySummary(summary, options.format, hint)) printLine(io.stdout, line);
  };
  try {
    // Loaded here, not at start-up: usage errors and --help stay instant.
    const { exportBacklinks } = await import("../index.js");
    const summary = await exportBacklinks(options, {
      signal: guard.signal,
      onProgress: (event) => renderer.progress(event as TargetProgress),
      onLog: (event) => renderer.log(event as unknown as LogLike),
    });
    renderer.stop();
    console.warn = consoleWarn;
    if (summary.status === "interrupted" || guard.received() !== undefined) {
      printSummary(summary, undefined);
      const message = `interrupted by ${guard.received() ?? "a signal"}: committed parts and state are saved`;
      printLine(
        io.stderr,
        logFormat === "json"
          ? JSON.stringify({
              type: "error",
              code: "ERR_INTERRUPTED",
              message,
              resume: resume(),
              exitCode: 130,
            })
          : `backlinks-export: ERR_INTERRUPTED: ${message}; to continue: ${resume()} (exit 130)`,
      );
      return EXIT.INTERRUPTED;
    }
    printSummary(summary, summary.status === "partial" ? `to continue: ${resume()}` : undefined);
    return EXIT.OK;
  } catch (error) {
    renderer.stop();
    console.warn = consoleWarn;
    const summary = (error as { summary?: SummaryLike }).summary;
    if (summary !== undefined) printSummary(summary, undefined);
    if (guard.received() !== undefined && isAbort(error)) {
      throw new CliError(
        "ERR_INTERRUPTED",
        `interrupted by ${guard.received()}: committed parts and state are saved; to continue: ${resume()}`,
        { cause: error },
      );
    }
    throw error;
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

function isAbort(error: unknown): boolean {
  const e = error as { code?: unknown; name?: unknown };
  return e?.code === "ERR_ABORTED" || e?.name === "AbortError" || e?.code === "ABORT_ERR";
}
