/**
 * `exportBacklinks`: validate once, prepare the output (before anything is paid), run every
 * target's chain concurrently under one core client, then check completeness and write the
 * manifest and `_SUCCESS`. See README "Library" for the contract and "Exactly once & resume".
 */
import { join } from "node:path";
import { type BacklinksClient, CursorMismatchError } from "@backlinks/core";
import {
  BudgetExceededError,
  ExportError,
  IncompleteExportError,
  InternalError,
  ResumeMismatchError,
} from "../errors.js";
import { MANIFEST_FILE, STATE_FILE, SUCCESS_FILE } from "../layout.js";
import { buildManifest, round, writeManifest } from "../manifest.js";
import { type ResolvedOptions, resolveOptions } from "../options.js";
import type { Sink } from "../sinks/sink.js";
import { syncShardTotals } from "../state/shards.js";
import { type ExportState, StateWriter } from "../state/state.js";
import { toExportError } from "./api-errors.js";
import { Budget } from "./budget.js";
import { expectedRows, isComplete, mismatches } from "./completeness.js";
import { prepareOutput } from "./output.js";
import { createSink, makeClient } from "./resources.js";
import { RunControl } from "./run-control.js";
import { runTarget } from "./shards.js";
import type { ExportHooks, ExportOptions, ExportSummary, LogEvent, ProgressEvent } from "./types.js";

/**
 * Export every backlink of `options.targets` to `options.out`.
 *
 * Resolves with status "complete", "partial" (only with `allowPartial`) or "interrupted" (after
 * `hooks.signal` aborted: current page finished, part committed, state saved). Rejects with an
 * {@link ExportError} (see `EXPORT_ERROR_CODES`); errors raised after work was saved carry the
 * run's `summary`.
 */
export async function exportBacklinks(
  options: ExportOptions,
  hooks: ExportHooks = {},
): Promise<ExportSummary> {
  const opts = resolveOptions(options);
  const startedAt = new Date().toISOString();
  const log = (e: LogEvent) => safeCall(hooks.onLog, e);
  const sink = await createSink(opts);
  let client: BacklinksClient | undefined;
  try {
    await sink.preflight();
    const state = await prepareOutput(sink, opts, startedAt, log);
    client = makeClient(opts, log);
    return await run(opts, sink, client, state, startedAt, hooks, log);
  } finally {
    await client?.close().catch(() => {});
    await sink.close().catch(() => {});
  }
}

async function run(
  opts: ResolvedOptions,
  sink: Sink,
  client: BacklinksClient,
  state: ExportState,
  startedAt: string,
  hooks: ExportHooks,
  log: (e: LogEvent) => void,
): Promise<ExportSummary> {
  const before = { cost: state.cost, requests: state.requests, retries: state.retries };
  const control = new RunControl();
  const writer = new StateWriter(sink);
  const tick = () => {
    const s = client.stats();
    state.cost = before.cost + s.cost;
    state.requests = before.requests + s.requests;
    state.retries = before.retries + s.retries;
  };
  const save = () =>
    writer.save(() => {
      tick();
      for (const c of state.chains) syncShardTotals(c); // a target lists every committed shard part
      return structuredClone(state);
    });
  await save(); // the fingerprint is on disk before the first paid request

  const onAbort = () => {
    if (!control.stopped)
      log({ level: "warn", event: "interrupt", message: "stopping after the current page" });
    control.stop("aborted");
  };
  if (hooks.signal?.aborted) onAbort();
  hooks.signal?.addEventListener("abort", onAbort, { once: true });

  const largest = Math.max(0, ...state.chains.map((c) => (c.pagesBought ? c.cost / c.pagesBought : 0)));
  const budget = new Budget({
    maxCost: opts.maxCost,
    spent: () => before.cost + client.stats().cost,
    limit: opts.limit,
    largestPageSeen: largest,
  });
  const t0 = performance.now();
  const startRows = new Map(state.chains.map((c) => [c.target, c.rows]));
  const seenRows = new Map(startRows);
  let runRows = 0;

  const tasks = opts.tasks;
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const i = next++;
      const task = tasks[i]!;
      const chain = state.chains.find((c) => c.target === task.target);
      if (!chain) {
        control.fail(new InternalError(`no state for target ${task.target}`));
        return;
      }
      try {
        await runTarget({
          client,
          task,
          state: chain,
          options: opts,
          sink,
          budget,
          control,
          log,
          onPage: (c, _page, rows) => {
            runRows += rows - (seenRows.get(c.target) ?? 0);
            seenRows.set(c.target, rows);
            const event: ProgressEvent = {
              target: c.target,
              rows,
              totalCount: c.totalCount ?? 0,
              pages: c.pagesBought,
              cost: round(budget.spent()),
              retries: client.stats().retries,
              rowsPerSecond: Math.round(runRows / Math.max(1e-3, (performance.now() - t0) / 1000)),
            };
            safeCall(hooks.onProgress, event);
          },
          onCommit: () => save(),
        });
      } catch (err) {
        control.fail(
          err instanceof CursorMismatchError
            ? new ResumeMismatchError(sink.location.display, [`cursor of ${task.target}`])
            : err,
        );
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(opts.concurrency, tasks.length) }, worker));
  } finally {
    hooks.signal?.removeEventListener("abort", onAbort);
  }

  // ---- outcome ----
  const maxRows = opts.params.maxRows;
  const summary = (status: ExportSummary["status"]): ExportSummary => ({
    status,
    out: sink.location.display,
    targets: state.chains.map((c) => ({
      target: c.target,
      totalCount: c.totalCount ?? 0,
      rows: c.rows,
      parts: c.parts.length,
      pages: c.pages,
      cost: round(c.cost),
      complete: isComplete(c, maxRows),
      ...(c.sharding?.plan
        ? { probes: { requests: c.sharding.probes.requests, cost: round(c.sharding.probes.cost) } }
        : {}),
    })),
    rows: state.chains.reduce((a, c) => a + c.rows, 0),
    requests: state.requests,
    retries: state.retries,
    cost: round(state.cost),
    startedAt,
    endedAt: new Date().toISOString(),
    manifestPath: manifestPath(sink),
  });
  const finish = async (status: ExportSummary["status"], stopReason: string | null, success: boolean) => {
    state.status = status;
    await save();
    const s = summary(status);
    const manifest = buildManifest(state, {
      status,
      stopReason,
      endedAt: s.endedAt,
      extension: opts.output.extension,
      maxCost: opts.maxCost,
      apiBaseUrl: opts.api.baseUrl,
      expected: (c) => expectedRows(c, maxRows),
      complete: (c) => isComplete(c, maxRows),
    });
    await writeManifest(sink, manifest);
    if (success) await sink.writeFile(SUCCESS_FILE, "", { contentType: "text/plain" });
    return s;
  };

  // A fresh run that failed before committing anything (wrong password, no funds, a budget below
  // one page, a dead sink): leave the output as it was, so the corrected command runs without force.
  const nothingDone = state.runs === 1 && state.chains.every((c) => c.parts.length === 0 && c.end === null);
  const failed = async (stopReason: string): Promise<ExportSummary> => {
    if (nothingDone) {
      await sink.remove([STATE_FILE]).catch(() => {});
      return summary("partial");
    }
    // committed parts and the state saved after them stay valid; mark the dataset if we still can
    return finish("partial", stopReason, false).catch(() => summary("partial"));
  };

  if (control.hardError !== undefined) {
    const err = control.hardError;
    await failed("error");
    if (err instanceof ExportError) throw err;
    throw new InternalError(`export failed: ${(err as Error)?.message ?? String(err)}`, { cause: err });
  }
  const allEnded = state.chains.every((c) => c.end !== null);
  // an abort that came after every chain's last page interrupts nothing: finish normally
  if (control.reason === "aborted" && !allEnded) return finish("interrupted", "aborted", false);
  if (control.reason === "budget") {
    const s = await failed("budget");
    throw new BudgetExceededError(budget.spent(), opts.maxCost ?? 0, s);
  }
  if (control.reason === "api_error") {
    const s = await failed("api_error");
    throw toExportError(control.error, s);
  }
  const wrong = mismatches(state.chains, maxRows);
  if (wrong.length === 0) return finish("complete", null, true);
  for (const m of wrong) {
    log({
      level: opts.allowPartial ? "warn" : "error",
      event: "incomplete",
      target: m.target,
      message: `${m.target}: ${m.rows} rows written, total_count ${m.expected}`,
      data: m,
    });
  }
  // allowPartial: the run finished and the user accepts the gap, so the dataset is final (_SUCCESS)
  const s = await finish("partial", "incomplete", opts.allowPartial);
  if (opts.allowPartial) return s;
  throw new IncompleteExportError(wrong, s);
}

function manifestPath(sink: Sink): string {
  const loc = sink.location;
  return loc.kind === "disk" ? join(loc.dir, MANIFEST_FILE) : `${loc.display}/${MANIFEST_FILE}`;
}

// A throwing hook must not break the export (nor leave state half-saved).
function safeCall<T>(fn: ((e: T) => void) | undefined, e: T): void {
  if (!fn) return;
  try {
    fn(e);
  } catch {
    // ignored on purpose
  }
}
