/**
 * Executes a validated plan: starts the embedded simulator for `--simulate`, then either the dry
 * run or the export with progress, signals and the final summary. Errors propagate to run.ts,
 * which prints the one error line; partial work (a summary inside the error) is summarised first.
 */
import { EXIT, type ExitCode } from "../exit-codes.js";
import type { ExportOptions } from "../index.js";
import { jsonEstimate, prettyEstimate } from "../progress/estimate.js";
import { createJsonLines, createSilent } from "../progress/json-lines.js";
import { jsonSummary, prettySummary, type SummaryLike } from "../progress/summary.js";
import { createTtyBars } from "../progress/tty-bars.js";
import type { LogLike, ProgressRenderer, TargetProgress } from "../progress/types.js";
import type { RunPlan } from "./argv-to-options.js";
import { CliError } from "./cli-error.js";
import type { CliIo } from "./run.js";
import { installSignalGuard, type SignalGuard } from "./signals.js";
import { type Simulation, startSimulation } from "./simulate.js";

/** What execution needs from run.ts. */
export interface RunContext {
  readonly io: CliIo;
  readonly plan: RunPlan;
  /** The exact command that resumes this run. */
  readonly resume: () => string;
  /** Removes secrets from text about to be printed. */
  readonly redact: (text: string) => string;
  /** Adds secrets learnt later (the simulator's generated credentials). */
  readonly addSecrets: (secrets: readonly string[]) => void;
}

/** Prints one line (redacted) to a stream. */
function printer(ctx: RunContext) {
  return (stream: NodeJS.WritableStream, line: string) => stream.write(`${ctx.redact(line)}\n`);
}

/** The ERR_INTERRUPTED line with the resume command (pretty or JSON). */
function interruptedLine(ctx: RunContext, message: string): string {
  return ctx.plan.presentation.logFormat === "json"
    ? JSON.stringify({ type: "error", code: "ERR_INTERRUPTED", message, resume: ctx.resume(), exitCode: 130 })
    : `backlinks-export: ERR_INTERRUPTED: ${message}; to continue: ${ctx.resume()} (exit 130)`;
}

/** Runs the plan; resolves with the exit code of a run that did not throw. */
export async function execute(ctx: RunContext): Promise<ExitCode> {
  const { io, plan } = ctx;
  const { logFormat, quiet } = plan.presentation;
  const print = printer(ctx);
  let simulation: Simulation | undefined;
  let options: ExportOptions = plan.options;
  let onFirstSignal = (_signal: NodeJS.Signals) => {};
  const guard = installSignalGuard({
    onFirst: (signal) => onFirstSignal(signal),
    onSecond: (signal) => {
      print(io.stderr, interruptedLine(ctx, `second ${signal}, exiting now; the saved state is consistent`));
      io.exitNow(EXIT.INTERRUPTED);
    },
  });
  try {
    if (plan.simulate) {
      simulation = await startSimulation(plan.options.targets);
      ctx.addSecrets([simulation.api.password, simulation.api.login]);
      options = { ...plan.options, api: simulation.api };
      if (!quiet) {
        const note = `simulator: ${simulation.api.baseUrl} (embedded, free; targets: ${options.targets.join(", ")})`;
        print(
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
      for (const line of lines) print(io.stdout, line);
      return EXIT.OK;
    }
    const renderer = createRenderer(ctx, options.targets.length, options.maxRows);
    onFirstSignal = (signal) =>
      renderer.log({
        level: "warn",
        message: `${signal}: stopping after the current page (send it again to exit at once)`,
      });
    return await runExport(ctx, options, guard, renderer);
  } finally {
    guard.dispose();
    await simulation?.close();
  }
}

function createRenderer(ctx: RunContext, targetCount: number, maxRows: number | undefined): ProgressRenderer {
  const { quiet, logFormat, progressIntervalMs } = ctx.plan.presentation;
  if (quiet) return createSilent();
  if (ctx.io.stderr.isTTY === true) return createTtyBars(ctx.io.stderr, targetCount, ctx.redact, maxRows);
  const print = printer(ctx);
  return createJsonLines((line) => print(ctx.io.stdout, line), targetCount, progressIntervalMs, logFormat);
}

async function runExport(
  ctx: RunContext,
  options: ExportOptions,
  guard: SignalGuard,
  renderer: ProgressRenderer,
): Promise<ExitCode> {
  const { io, plan } = ctx;
  const print = printer(ctx);
  const printSummary = (summary: SummaryLike) => {
    if (plan.presentation.logFormat === "json")
      print(io.stdout, jsonSummary(summary, options.format, undefined));
    else
      for (const line of prettySummary(
        summary,
        options.format,
        undefined,
        options.maxRows,
        options.resume === true,
      ))
        print(io.stdout, line);
  };
  // Dependencies that print warnings themselves (the AWS SDK does) go through the log stream:
  // stderr is reserved for the one error line.
  const consoleWarn = console.warn;
  console.warn = (...args: unknown[]) => renderer.log({ level: "warn", message: args.map(String).join(" ") });
  try {
    // Loaded here, not at start-up: usage errors and --help stay instant.
    const { exportBacklinks } = await import("../index.js");
    const summary = await exportBacklinks(options, {
      signal: guard.signal,
      onProgress: (event) => renderer.progress(event as TargetProgress),
      onLog: (event) => renderer.log(event as unknown as LogLike),
    });
    renderer.stop();
    printSummary(summary);
    if (summary.status === "interrupted" || guard.received() !== undefined) {
      const by = guard.received() ?? "a signal";
      print(io.stderr, interruptedLine(ctx, `interrupted by ${by}: committed parts and state are saved`));
      return EXIT.INTERRUPTED;
    }
    return EXIT.OK;
  } catch (error) {
    renderer.stop();
    const summary = (error as { summary?: SummaryLike }).summary;
    if (summary !== undefined) printSummary(summary);
    if (guard.received() !== undefined && isAbort(error)) {
      throw new CliError(
        "ERR_INTERRUPTED",
        `interrupted by ${guard.received()}: committed parts and state are saved; to continue: ${ctx.resume()}`,
        { cause: error },
      );
    }
    throw error;
  } finally {
    console.warn = consoleWarn;
  }
}

function isAbort(error: unknown): boolean {
  const e = error as { code?: unknown; name?: unknown };
  return e?.code === "ERR_ABORTED" || e?.name === "AbortError" || e?.code === "ABORT_ERR";
}
