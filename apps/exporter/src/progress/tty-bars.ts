/**
 * Progress on a terminal: one cli-progress bar per target (rows / total_count, rows/s, ETA) and,
 * with several targets, a total bar; $ spent and retries are dataset-wide, so they sit on the total
 * bar (or the only bar). Log lines print above the bars. Drawn on stderr so stdout stays clean for
 * the summary.
 */
import cliProgress from "cli-progress";
import { formatDuration, formatInt, formatUsd } from "./numbers.js";
import { type LogLike, type ProgressRenderer, type TargetProgress, totals } from "./types.js";

/** At most this many per-target bars; beyond it only the total bar is drawn. */
const MAX_TARGET_BARS = 8;
const LABEL_WIDTH = 16;
const ROW_FORMAT = "{label} |{bar}| {percentage}% {rowsText} rows | {rps} rows/s | ETA {etaText}";
const MONEY_FORMAT = `${ROW_FORMAT} | {usd} | {retries} retries`;

/** Rows per second of one target, measured from its own events (events carry the dataset's rate). */
class RateMeter {
  #firstAt = 0;
  #firstRows = 0;
  rate(rows: number, now: number): number {
    if (this.#firstAt === 0) {
      this.#firstAt = now;
      this.#firstRows = rows;
      return 0;
    }
    const seconds = (now - this.#firstAt) / 1000;
    return seconds > 0 ? (rows - this.#firstRows) / seconds : 0;
  }
}

function payload(
  label: string,
  rows: number,
  totalCount: number,
  rps: number,
  cost: number,
  retries: number,
) {
  const remaining = Math.max(0, totalCount - rows);
  return {
    label: label.length > LABEL_WIDTH ? `${label.slice(0, LABEL_WIDTH - 1)}…` : label.padEnd(LABEL_WIDTH),
    rowsText: `${formatInt(rows)}/${formatInt(totalCount)}`,
    rps: formatInt(rps),
    etaText: rps > 0 ? formatDuration(remaining / rps) : "?",
    usd: formatUsd(cost),
    retries: formatInt(retries),
  };
}

/** Creates the TTY renderer writing to `stream` (a TTY). */
export function createTtyBars(
  stream: NodeJS.WritableStream,
  targetCount: number,
  clean: (text: string) => string = (text) => text,
  maxRows?: number,
): ProgressRenderer {
  // With --max-rows a target is done at min(total_count, maxRows): that is the bar's 100%.
  const cap = (totalCount: number) => (maxRows === undefined ? totalCount : Math.min(totalCount, maxRows));
  const multibar = new cliProgress.MultiBar(
    { stream, barsize: 24, hideCursor: true, clearOnComplete: false, fps: 5, format: ROW_FORMAT },
    cliProgress.Presets.shades_classic,
  );
  const single = targetCount === 1;
  const perTarget = targetCount <= MAX_TARGET_BARS;
  const latest = new Map<string, TargetProgress>();
  const bars = new Map<string, { bar: cliProgress.SingleBar; meter: RateMeter }>();
  let totalBar: cliProgress.SingleBar | undefined;
  let stopped = false;

  return {
    progress(event) {
      if (stopped) return;
      latest.set(event.target, event);
      const now = Date.now();
      if (perTarget) {
        let entry = bars.get(event.target);
        if (entry === undefined) {
          const bar = multibar.create(
            Math.max(1, cap(event.totalCount)),
            0,
            {},
            single ? { format: MONEY_FORMAT } : {},
          );
          entry = { bar, meter: new RateMeter() };
          bars.set(event.target, entry);
        }
        const rps = single ? event.rowsPerSecond : entry.meter.rate(event.rows, now);
        entry.bar.setTotal(Math.max(1, cap(event.totalCount)));
        entry.bar.update(
          event.rows,
          payload(event.target, event.rows, cap(event.totalCount), rps, event.cost, event.retries),
        );
      }
      if (!single) {
        const sum = totals(latest, event);
        sum.totalCount = [...latest.values()].reduce((a, e) => a + cap(e.totalCount), 0);
        totalBar ??= multibar.create(Math.max(1, sum.totalCount), 0, {}, { format: MONEY_FORMAT });
        totalBar.setTotal(Math.max(1, sum.totalCount));
        totalBar.update(
          sum.rows,
          payload(
            `total ${latest.size}/${targetCount}`,
            sum.rows,
            sum.totalCount,
            sum.rowsPerSecond,
            sum.cost,
            sum.retries,
          ),
        );
      }
    },
    log(event: LogLike) {
      if (stopped || event.level === "debug") return;
      multibar.log(clean(`${event.level ?? "info"}: ${event.message ?? ""}\n`));
    },
    stop() {
      if (stopped) return;
      stopped = true;
      multibar.stop();
    },
  };
}
