/**
 * The shard plan: plain JSON, so an exporter can store it in its state file and resume every
 * shard's chain against exactly the same conditions (re-planning would draw different bounds).
 */
import type { BacklinksRequest, FilterExpression } from "../model/request.js";

/** A value of the shard key: a number for `num` fields, an API time string for `time` fields. */
export type KeyValue = number | string;

/** One end of a range shard; `inclusive` picks `>=`/`<=` over `>`/`<`. */
export interface RangeEnd {
  readonly value: KeyValue;
  readonly inclusive: boolean;
}

/**
 * Where a shard sits on its key.
 * - `all`: the whole request (a plan of one shard: refused, or too small to split).
 * - `range`: `lower <(=) key <(=) upper` on a `num`/`time` key; a missing end is unbounded. Half-open
 *   `[lo, hi)` in general; a single heavy value is `[v, v]` and becomes `key = v`.
 * - `pattern`: an anchored RE2 regex on a `str` key (prefix classes, see pattern.ts).
 * - `null`: rows whose key is null, which no range or regex matches ([INF] SQL-like semantics).
 * - `nested`: one piece of a single key value that held more rows than the target, split again on
 *   a second key (`outer` on the plan's key AND `inner` on `key`).
 */
export type ShardBounds =
  | { readonly kind: "all" }
  | { readonly kind: "range"; readonly lower: RangeEnd | null; readonly upper: RangeEnd | null }
  | { readonly kind: "pattern"; readonly regex: string }
  | { readonly kind: "null" }
  | {
      readonly kind: "nested";
      readonly outer: ShardBounds;
      readonly key: string;
      readonly inner: ShardBounds;
    };

/** One shard: a chain of its own. */
export interface Shard {
  /** Stable id, `s0000`, `s0001`…, in key order (what part-file folders and cursors are keyed by). */
  readonly id: string;
  /** Position in the plan (0-based); equals key order for range keys. */
  readonly index: number;
  readonly bounds: ShardBounds;
  /** The condition added to the user's filters; `null` for an `all` shard. */
  readonly condition: FilterExpression | null;
  /** The full `filters` the shard's chain sends (user filters AND condition). */
  readonly filters: FilterExpression | undefined;
  /** Rows the shard's probe reported (`total_count` at plan time). */
  readonly count: number;
}

/** Requests and cost the planner spent on probes (reported separately from the export's). */
export interface ProbeStats {
  readonly requests: number;
  readonly cost: number;
  readonly rows: number;
  /** Probes that were a final shard's real page 1, held for `paginateShards` to reuse. */
  readonly pagesKept: number;
  /**
   * Probe waves: how often probes went out after none was in flight. Each wave costs at least one
   * API round trip, so this (not the probe count) is what planning adds to the wall time.
   */
  readonly rounds: number;
}

/** The planner's answer. A refused plan has one `all` shard and a `reason`. */
export interface ShardPlan {
  readonly version: 1;
  /** The request as given (with the user's filters, order_by and page `limit`). */
  readonly request: BacklinksRequest;
  /** The shard key, or `null` when refused. */
  readonly key: string | null;
  readonly keyKind: "range" | "pattern" | null;
  readonly shards: readonly Shard[];
  /**
   * True when concatenating the shards in plan order gives the unsharded order: the user's
   * `order_by` leads with the (range) key. Otherwise the order is only per shard.
   */
  readonly ordered: boolean;
  /** The unsharded `total_count` the plan was made for. */
  readonly totalCount: number;
  /** Sum of the shards' `count`. */
  readonly shardTotal: number;
  /** `totalCount - shardTotal`: 0 when the shards provably cover the request at plan time. */
  readonly difference: number;
  /** The shard size the planner refined to. */
  readonly targetRows: number;
  /** Why the request was not split (or `null`). */
  readonly reason: string | null;
  readonly probes: ProbeStats;
}
