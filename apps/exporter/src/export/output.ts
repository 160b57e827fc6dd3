/**
 * Preparing the output before anything is paid: refuse existing output (ERR_OUTPUT_EXISTS), clear
 * our own files on `force`, or load and check the state on `resume` (ERR_NOTHING_TO_RESUME,
 * ERR_RESUME_MISMATCH) and remove what the crashed run left uncommitted.
 */
import { NothingToResumeError, OutputExistsError, ResumeMismatchError } from "../errors.js";
import { isOwnPath, isTempPath, partitionDir, SUCCESS_FILE } from "../layout.js";
import type { ResolvedOptions } from "../options.js";
import type { Sink } from "../sinks/sink.js";
import { diffParams, fingerprint } from "../state/fingerprint.js";
import { type ExportState, freshChainState, loadState } from "../state/state.js";
import { TOOL } from "../version.js";
import type { LogEvent } from "./types.js";

/** Returns the state to run with (fresh or loaded); the output holds only committed files after. */
export async function prepareOutput(
  sink: Sink,
  options: ResolvedOptions,
  startedAt: string,
  log: (e: LogEvent) => void,
): Promise<ExportState> {
  const files = await sink.list();
  const out = sink.location.display;
  const fp = fingerprint(options.params);
  // A run killed before its first commit leaves only temp files and no state. Nothing of it is
  // visible or reusable, so its leftovers are removed and the run starts from the first page —
  // with or without `resume` — instead of refusing an output that holds no data.
  const leftovers = files.length > 0 && files.every(isTempPath) ? files : [];
  if (leftovers.length && !(await loadState(sink))) {
    await sink.remove(leftovers);
    log({
      level: "info",
      event: "leftovers_removed",
      message: `removed ${leftovers.length} uncommitted temp file(s) of an interrupted run in ${out}; nothing was committed, starting from the first page`,
      data: { removed: leftovers.length },
    });
    return freshState(options, fp, startedAt);
  }
  if (options.resume) {
    const saved = await loadState(sink);
    if (!saved) throw new NothingToResumeError(out);
    if (saved.fingerprint !== fp) {
      const diffs = diffParams(saved.params, options.params);
      throw new ResumeMismatchError(out, diffs.length ? diffs : ["request fingerprint"]);
    }
    // Keep committed parts; drop temp files, parts written after the last state save (they will
    // be written again, identically, from the saved cursor) and a stale _SUCCESS.
    const committed = new Set(saved.chains.flatMap((c) => c.parts.map((p) => p.path)));
    const stale = files.filter(
      (f) =>
        isOwnPath(f) &&
        (isTempPath(f) || f === SUCCESS_FILE || (f.startsWith("target=") && !committed.has(f))),
    );
    if (stale.length) await sink.remove(stale);
    const missing = [...committed].filter((p) => !files.includes(p));
    if (missing.length) {
      log({
        level: "warn",
        event: "resume_missing_parts",
        message: `${missing.length} committed part(s) are missing from ${out} (e.g. ${missing[0]})`,
      });
    }
    const state: ExportState = { ...saved, runs: saved.runs + 1, status: "running" };
    log({
      level: "info",
      event: "resume",
      message: `resuming ${out}: ${state.chains.reduce((a, c) => a + c.rows, 0)} rows in ${committed.size} parts kept, ${stale.length} stale file(s) removed`,
      data: { removed: stale.length, parts: committed.size },
    });
    return state;
  }
  if (options.force) {
    const own = files.filter(isOwnPath);
    if (own.length) {
      await sink.remove(own);
      log({
        level: "info",
        event: "force",
        message: `removed ${own.length} file(s) of the previous dataset in ${out}`,
      });
    }
  } else if (files.length > 0) {
    throw new OutputExistsError(out);
  }
  return freshState(options, fp, startedAt);
}

/** The state of a run that starts from the first page of every chain. */
function freshState(options: ResolvedOptions, fp: string, startedAt: string): ExportState {
  return {
    version: 1,
    tool: `${TOOL.name}@${TOOL.version}`,
    fingerprint: fp,
    params: options.params,
    startedAt,
    runs: 1,
    cost: 0,
    requests: 0,
    retries: 0,
    status: "running",
    chains: options.tasks.map((t) => freshChainState(t.target, partitionDir(t.target))),
  };
}
