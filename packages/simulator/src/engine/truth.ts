/**
 * Ground truth for tests (issue 4 part 5): the rows a full search_after_token walk of a request
 * returns, in order, and the total_count the API reports — read from the same row set the
 * engine pages through, so an export can be checked row for row.
 */
import { buildItem, type RankDivisor } from "../dataset/item.js";
import type { TargetDataset } from "../dataset/target-dataset.js";
import type { RowSet } from "./row-set.js";

/** What a full token walk of a request returns. */
export interface GroundTruth {
  /** total_count of the request. */
  readonly totalCount: number;
  /** A fresh iterator over every item of the walk (from the request's offset or token), in order. */
  items(): IterableIterator<Record<string, unknown>>;
}

/** The ground truth of a prepared request starting at position `start`. */
export function truthOf(
  ds: TargetDataset | null,
  set: RowSet,
  start: number,
  divisor: RankDivisor,
): GroundTruth {
  return {
    totalCount: set.rows.length,
    *items(): IterableIterator<Record<string, unknown>> {
      if (ds === null) return;
      for (let p = start; p < set.rows.length; p++) {
        const gc = set.groupCounts === null ? 0 : (set.groupCounts[p] as number);
        yield buildItem(ds, set.rows[p] as number, gc, divisor);
      }
    },
  };
}
