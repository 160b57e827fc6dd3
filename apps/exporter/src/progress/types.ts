/**
 * What the CLI's progress renderers consume: the library's per-page progress events and log
 * events, kept structural here so rendering does not depend on the library's internals.
 */

/**
 * Per-page progress: rows, total_count and pages are this target's; cost, retries and rows/s are
 * the whole dataset's (the library's ProgressEvent).
 */
export interface TargetProgress {
  readonly target: string;
  readonly rows: number;
  readonly totalCount: number;
  readonly pages: number;
  readonly cost: number;
  readonly retries: number;
  readonly rowsPerSecond: number;
}

/** A log event from the library: a level, a message, maybe a code and details. */
export interface LogLike {
  readonly level?: string;
  readonly message?: string;
  readonly code?: string;
  readonly [key: string]: unknown;
}

/** A progress renderer: TTY bars, JSON lines, or nothing (`--quiet`). */
export interface ProgressRenderer {
  progress(event: TargetProgress): void;
  log(event: LogLike): void;
  /** Stops drawing (before the summary or an error line is printed). Idempotent. */
  stop(): void;
}

/**
 * Totals over the latest event of every target: rows, total_count and pages add up; cost, retries
 * and rows/s are already dataset-wide in every event, so the most recent event's values count.
 */
export function totals(latest: ReadonlyMap<string, TargetProgress>, last: TargetProgress | undefined) {
  let rows = 0;
  let totalCount = 0;
  let pages = 0;
  for (const e of latest.values()) {
    rows += e.rows;
    totalCount += e.totalCount;
    pages += e.pages;
  }
  return {
    rows,
    totalCount,
    pages,
    cost: last?.cost ?? 0,
    retries: last?.retries ?? 0,
    rowsPerSecond: last?.rowsPerSecond ?? 0,
  };
}
