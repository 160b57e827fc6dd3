/**
 * The planner's probes under `maxCost`: the client core's `planShards` gets reserves each probe in
 * the export's `Budget` before sending it (the same rule as a page: spent + everything in flight +
 * this estimate must stay within maxCost) and settles it with the real cost. When a probe would
 * pass the limit, planning stops with `ProbeBudgetStop` and nothing of the plan is used.
 */
import type { BacklinksClient, BacklinksRequest, ShardClient } from "@backlinks/core";
import type { Budget } from "./budget.js";

/** Thrown by the planning client when the next probe could pass maxCost. */
export class ProbeBudgetStop extends Error {
  override readonly name = "ProbeBudgetStop";
  /** The estimate of the probe that was not sent. */
  readonly estimate: number;

  constructor(estimate: number) {
    super(`the next shard probe (~$${estimate.toFixed(5)}) would pass maxCost`);
    this.estimate = estimate;
  }
}

/**
 * A `ShardClient` over `client` that books every probe in `budget`. Probes of a few rows and
 * probes that are a whole page (a shard's page 1) are estimated apart (`<target> probe` /
 * `<target> probe page`), each from the last of its kind; the first from the dataset's largest
 * page seen, or the published price (see `Budget`) — the safe side.
 */
export function budgetedProbes(client: BacklinksClient, budget: Budget, target: string): ShardClient {
  return {
    async live(task: BacklinksRequest, options?: { signal?: AbortSignal }) {
      const kind = `${target}\u0000probe${(task.limit ?? 100) > 10 ? " page" : ""}`;
      const reserved = budget.reserve(kind);
      if (reserved === null) throw new ProbeBudgetStop(budget.estimate(kind));
      let cost: number | undefined;
      try {
        const answer = await client.live(task, options ?? {});
        cost = answer.cost;
        return answer;
      } finally {
        budget.settle(kind, reserved, cost);
      }
    },
  };
}
