/**
 * Progress when stderr is not a terminal (CI, logs, pipes): one JSON line per interval with the
 * totals and, for a few targets, each target's numbers. Lines are written only when something
 * changed, so an idle export does not flood a log.
 */
import { type LogLike, type ProgressRenderer, type TargetProgress, totals } from "./types.js";

/** Targets listed one by one in a line up to this count. */
const MAX_LISTED_TARGETS = 20;

/** Creates the JSON-lines renderer; `write` receives whole lines without the newline. */
export function createJsonLines(
  write: (line: string) => void,
  targetCount: number,
  intervalMs = 1000,
  logFormat: "pretty" | "json" = "json",
): ProgressRenderer {
  const latest = new Map<string, TargetProgress>();
  let last: TargetProgress | undefined;
  const started = Date.now();
  let dirty = false;
  let stopped = false;

  const flush = (): void => {
    if (!dirty) return;
    dirty = false;
    const sum = totals(latest, last);
    write(
      JSON.stringify({
        type: "progress",
        elapsedMs: Date.now() - started,
        targets: targetCount,
        targetsStarted: latest.size,
        ...sum,
        cost: Number(sum.cost.toFixed(6)),
        rowsPerSecond: Math.round(sum.rowsPerSecond),
        ...(latest.size <= MAX_LISTED_TARGETS
          ? {
              perTarget: [...latest.values()].map((e) => ({
                target: e.target,
                rows: e.rows,
                totalCount: e.totalCount,
                pages: e.pages,
              })),
            }
          : {}),
      }),
    );
  };
  const timer = setInterval(flush, intervalMs);
  timer.unref();

  return {
    progress(event) {
      if (stopped) return;
      latest.set(event.target, event);
      last = event;
      dirty = true;
    },
    log(event: LogLike) {
      if (stopped || event.level === "debug") return;
      if (logFormat === "json") write(JSON.stringify({ type: "log", ...event }));
      else write(`${event.level ?? "info"}: ${event.message ?? ""}`);
    },
    stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      flush();
    },
  };
}

/** `--quiet`: draws nothing. */
export function createSilent(): ProgressRenderer {
  return { progress() {}, log() {}, stop() {} };
}
