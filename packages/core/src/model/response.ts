/**
 * The response envelope of `POST /v3/backlinks/backlinks/live` (api-notes §2.1–2.2). Every level
 * keeps unknown fields (index signatures): the API grows, and we must not drop what it sends.
 */
import type { BacklinkItem } from "./item.js";

/** `result[0]` of a successful task: one page of backlinks. */
export interface LiveResult {
  readonly target: string | null;
  readonly mode: string | null;
  readonly custom_mode: { readonly field: string; readonly value: number } | null;
  /** Total rows matching the request at request time (may drift between pages). */
  readonly total_count: number;
  /** Rows in this page as the API reports it. */
  readonly items_count: number;
  /** The rows of this page (an empty array when the API sent `null` for an empty page). */
  readonly items: BacklinkItem[];
  /** Token for the next page; `null` when absent (end of the chain). */
  readonly search_after_token: string | null;
  readonly [extra: string]: unknown;
}

/** One task of the envelope. */
export interface LiveTask {
  readonly id: string;
  readonly status_code: number;
  readonly status_message: string;
  readonly time: string | null;
  readonly cost: number;
  readonly result_count: number | null;
  readonly path: readonly string[] | null;
  /** Echo of the posted task plus `api`/`function`. */
  readonly data: Readonly<Record<string, unknown>> | null;
  readonly result: readonly LiveResult[] | null;
  readonly [extra: string]: unknown;
}

/** The top-level envelope. `tasks` is `null` on request-level failures. */
export interface LiveResponse {
  readonly version: string | null;
  readonly status_code: number;
  readonly status_message: string;
  readonly time: string | null;
  /** Total cost of all tasks, USD. */
  readonly cost: number;
  readonly tasks_count: number;
  readonly tasks_error: number;
  readonly tasks: readonly LiveTask[] | null;
  readonly [extra: string]: unknown;
}

/** What `parseLiveResponse` returns once every status check passed. */
export interface ParsedLiveResponse {
  readonly response: LiveResponse;
  /** `tasks[0]`: we always post exactly one task. */
  readonly task: LiveTask;
  /** `tasks[0].result[0]`. */
  readonly result: LiveResult;
  /** Billed cost of the call (top-level `cost`, which covers every task). */
  readonly cost: number;
}
