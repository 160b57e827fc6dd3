/**
 * The resume state (`_state.json`): per target chain the cursor after the last committed page,
 * the committed parts, rows and cost. Saved atomically after every committed part (disk: temp +
 * fsync + rename, mode 0600; S3: one PutObject). It never holds credentials: the API login and
 * password are not part of any field, and the S3 keys come from the SDK chain.
 */
import type { Cursor } from "@backlinks/core";
import { StateCorruptError } from "../errors.js";
import { STATE_FILE } from "../layout.js";
import type { Sink } from "../sinks/sink.js";
import type { DatasetParams } from "./fingerprint.js";
import type { ShardingState } from "./shards.js";

/** One committed part file. */
export interface PartRecord {
  /** Path relative to the dataset root. */
  path: string;
  rows: number;
  bytes: number;
  sha256: string;
  /** 1-based numbers of the first and last API page with rows in this part. */
  firstPage: number;
  lastPage: number;
}

/** Why a chain stopped for good. */
export type ChainEnd = "end_of_data" | "max_rows";

/** Saved progress of one target's token chain. */
export interface ChainState {
  target: string;
  /** Partition directory, relative (`target=<escaped>`). */
  dir: string;
  /** core's cursor after the last page whose rows are all committed; null = start from page 1. */
  cursor: Cursor | null;
  /** Rows of the page after `cursor` that are already committed (only when partRows < pageSize). */
  skipRows: number;
  parts: PartRecord[];
  /** Rows committed. */
  rows: number;
  /** Pages whose rows are all committed. */
  pages: number;
  /** Pages bought for this target in all runs (re-bought ones included). */
  pagesBought: number;
  /** USD spent on this target's pages in all runs. */
  cost: number;
  /** total_count of the last page seen; null before the first page. */
  totalCount: number | null;
  /** Set when the chain is finished and must not be continued. */
  end: ChainEnd | null;
  /**
   * The target's shard decision, saved before its first walk request so a resume never re-plans:
   * a plan (then `cursor` stays null and the shards' chains hold the progress; `parts`, `rows`,
   * `pages`, `pagesBought` and `cost` are their sums) or the reason for one chain.
   */
  sharding?: ShardingState;
}

/** The state of a chain that has bought nothing yet: it starts from page 1. */
export function freshChainState(target: string, dir: string): ChainState {
  return {
    target,
    dir,
    cursor: null,
    skipRows: 0,
    parts: [],
    rows: 0,
    pages: 0,
    pagesBought: 0,
    cost: 0,
    totalCount: null,
    end: null,
  };
}

/** Whole-dataset state. */
export interface ExportState {
  version: 1;
  tool: string;
  fingerprint: string;
  params: DatasetParams;
  /** First run's start. */
  startedAt: string;
  /** Runs of this dataset (1 + resumes). */
  runs: number;
  /** USD spent in all runs. */
  cost: number;
  requests: number;
  retries: number;
  /** Last known status of the dataset. */
  status: "running" | "complete" | "partial" | "interrupted";
  chains: ChainState[];
}

/** Save the state atomically with mode 0600. */
export async function saveState(sink: Sink, state: ExportState): Promise<void> {
  await sink.writeFile(STATE_FILE, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
}

/** Load the state, or null when there is none. Throws StateCorruptError when unreadable. */
export async function loadState(sink: Sink): Promise<ExportState | null> {
  const text = await sink.readFile(STATE_FILE);
  if (text === null) return null;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new StateCorruptError(sink.location.display, "not JSON", { cause: err });
  }
  const s = json as Partial<ExportState> | null;
  if (!s || typeof s !== "object" || s.version !== 1) {
    throw new StateCorruptError(sink.location.display, `unknown version ${JSON.stringify(s?.version)}`);
  }
  if (typeof s.fingerprint !== "string" || !Array.isArray(s.chains) || !s.params) {
    throw new StateCorruptError(sink.location.display, "fields missing");
  }
  for (const c of s.chains) {
    if (!c || typeof c.target !== "string" || !Array.isArray(c.parts) || typeof c.rows !== "number") {
      throw new StateCorruptError(sink.location.display, "a chain entry is malformed");
    }
  }
  return s as ExportState;
}

/**
 * Serialises saves: concurrent chains commit parts at any time, and each save writes the whole
 * snapshot, so saves run one after another and the file always holds the latest one.
 */
export class StateWriter {
  #tail: Promise<void> = Promise.resolve();
  readonly #sink: Sink;
  constructor(sink: Sink) {
    this.#sink = sink;
  }
  /** Queue a save of `snapshot()` (taken when the save starts) and wait for it. */
  save(snapshot: () => ExportState): Promise<void> {
    const run = this.#tail.then(() => saveState(this.#sink, snapshot()));
    this.#tail = run.catch(() => {});
    return run;
  }
}
