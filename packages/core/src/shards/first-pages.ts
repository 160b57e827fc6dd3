/**
 * First pages the planner fetched as probes, kept beside a plan for `paginateShards` to yield
 * instead of fetching them again. They live in a WeakMap, not in the plan: the plan stays small
 * plain JSON for a state file, and the pages go away with the plan object (a plan read back from
 * JSON has none, and its shards simply start at page 1).
 */
import type { ShardPlan } from "./model.js";
import type { HeldPage } from "./probe.js";

const HELD = new WeakMap<ShardPlan, Map<string, HeldPage>>();

/** Keeps `pages` (by shard id) for `plan`. */
export function holdFirstPages(plan: ShardPlan, pages: Map<string, HeldPage>): void {
  if (pages.size > 0) HELD.set(plan, pages);
}

/** Removes and returns the held first page of a shard (each is handed out once, then freed). */
export function takeFirstPage(plan: ShardPlan, shardId: string): HeldPage | undefined {
  const pages = HELD.get(plan);
  const page = pages?.get(shardId);
  if (page) pages?.delete(shardId);
  return page;
}

/** Number of first pages still held for `plan`. */
export function heldFirstPages(plan: ShardPlan): number {
  return HELD.get(plan)?.size ?? 0;
}

/** Drops every held first page of `plan` (e.g. when it will only be stored, not run). */
export function releaseFirstPages(plan: ShardPlan): void {
  HELD.delete(plan);
}
