/**
 * Helpers for the engine tests: small deterministic engines, full token walks, row keys.
 */

import type { LiveResultObject } from "../src/engine/engine.js";
import { createEngine, type Engine } from "../src/engine/engine.js";

/** Small targets keep the engine tests fast. */
export const SMALL_TARGETS = Object.freeze({ "tiny.test": 600, "small.test": 3_000 });

/** A fresh engine over the small targets. */
export function smallEngine(seed = 7): Engine {
  return createEngine({ seed, targets: SMALL_TARGETS });
}

/** The row key of an item: (url_from, url_to) is unique within a target. */
export function rowKey(item: Record<string, unknown>): string {
  return `${String(item.url_from)} -> ${String(item.url_to)}`;
}

/** Every page of a search_after_token walk of `request` (stops on an empty page). */
export function walkPages(
  engine: Engine,
  request: Record<string, unknown>,
  maxPages = 10_000,
): LiveResultObject[] {
  const pages: LiveResultObject[] = [];
  let page = engine.execute(request);
  pages.push(page);
  while (page.items_count > 0) {
    if (pages.length > maxPages) throw new Error("token walk did not end");
    page = engine.execute({ ...request, search_after_token: page.search_after_token });
    pages.push(page);
  }
  return pages;
}

/** Every item of a full token walk. */
export function walkItems(engine: Engine, request: Record<string, unknown>): Record<string, unknown>[] {
  return walkPages(engine, request).flatMap((p) => p.items);
}

/** Every row of a target: all statuses, internal and indirect links included, as_is. */
export function allRows(engine: Engine, target: string): Record<string, unknown>[] {
  return [
    ...engine
      .truth({
        target,
        backlinks_status_type: "all",
        exclude_internal_backlinks: false,
        include_indirect_links: true,
        include_subdomains: true,
      })
      .items(),
  ];
}

/** Decodes a search_after_token's JSON. */
export function decodeTokenJson(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token, "base64").toString("utf8")) as Record<string, unknown>;
}
