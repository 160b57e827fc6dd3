/**
 * Turns a validated request into the engine's query: documented defaults filled in (api-notes
 * §1.2), the canonical "raw request" a token embeds, and the cache key of its row set.
 */
import {
  type BacklinksRequest,
  type CustomMode,
  type FilterExpression,
  LIMITS,
  type Mode,
  validateRequest,
} from "@backlinks/core";
import type { RankDivisor } from "../dataset/item.js";
import { invalidField } from "./errors.js";

/** One sort rule. */
export interface SortRule {
  readonly field: string;
  readonly desc: boolean;
}

/** A request with its defaults applied. */
export interface Query {
  readonly target: string;
  /** The result's `mode` echo: the request's mode, or null when only custom_mode was given. */
  readonly modeEcho: Mode | null;
  readonly mode: Mode;
  readonly customMode: CustomMode | null;
  readonly filters: FilterExpression | null;
  /** The request's order_by, or the default `rank,desc`. */
  readonly orderBy: readonly SortRule[];
  readonly limit: number;
  readonly offset: number;
  readonly token: string | null;
  readonly status: "all" | "live" | "lost";
  readonly includeSubdomains: boolean;
  readonly includeIndirect: boolean;
  readonly excludeInternal: boolean;
  readonly divisor: RankDivisor;
  /** Every parameter except search_after_token and offset, defaults filled: what a token pins. */
  readonly rawRequest: Readonly<Record<string, unknown>>;
  /** JSON of rawRequest (canonical: fixed key order). */
  readonly rawKey: string;
  /** Cache key of the ordered, grouped row set: rawRequest without limit and tag. */
  readonly setKey: string;
}

/** Default order when order_by is absent ([DOC] rank desc). */
export const DEFAULT_ORDER: readonly SortRule[] = Object.freeze([{ field: "rank", desc: true }]);

/**
 * Validates a task with core's `validateRequest` and fills in defaults. The first issue becomes
 * task error 40501 `Invalid Field: '<field>'.` (the API reports one field).
 */
export function toQuery(task: unknown): Query {
  const checked = validateRequest(task);
  if (!checked.ok) {
    const first = checked.issues[0];
    throw invalidField(first?.field || first?.path || "task", first?.message);
  }
  return queryOf(checked.request);
}

/** Defaults of a validated request. */
export function queryOf(request: Readonly<BacklinksRequest>): Query {
  const customMode = request.custom_mode ?? null;
  const orderBy =
    request.order_by === undefined
      ? DEFAULT_ORDER
      : request.order_by.map((rule) => {
          const comma = rule.lastIndexOf(",");
          return { field: rule.slice(0, comma), desc: rule.slice(comma + 1) === "desc" };
        });
  const offset = request.offset ?? 0;
  if (offset > LIMITS.maxOffset) throw invalidField("offset", `offset must be at most ${LIMITS.maxOffset}`);
  const q = {
    target: request.target,
    modeEcho: request.mode ?? (customMode === null ? "as_is" : null),
    mode: request.mode ?? "as_is",
    customMode: customMode === null ? null : { field: customMode.field, value: customMode.value },
    filters: request.filters ?? null,
    orderBy,
    limit: request.limit ?? LIMITS.defaultLimit,
    offset,
    token: request.search_after_token ?? null,
    status: request.backlinks_status_type ?? "live",
    includeSubdomains: request.include_subdomains ?? true,
    includeIndirect: request.include_indirect_links ?? true,
    excludeInternal: request.exclude_internal_backlinks ?? true,
    divisor: request.rank_scale === "one_hundred" ? 10 : 1,
  } as const;
  const setPart = {
    target: q.target,
    mode: q.customMode === null ? q.mode : null,
    custom_mode: q.customMode,
    filters: q.filters,
    order_by: q.orderBy.map((r) => `${r.field},${r.desc ? "desc" : "asc"}`),
    backlinks_status_type: q.status,
    include_subdomains: q.includeSubdomains,
    include_indirect_links: q.includeIndirect,
    exclude_internal_backlinks: q.excludeInternal,
    rank_scale: q.divisor === 10 ? "one_hundred" : "one_thousand",
  };
  const rawRequest = Object.freeze({
    ...setPart,
    mode: q.modeEcho,
    limit: q.limit,
    tag: request.tag ?? null,
  });
  return {
    ...q,
    divisor: q.divisor as RankDivisor,
    rawRequest,
    rawKey: JSON.stringify(rawRequest),
    setKey: JSON.stringify(setPart),
  };
}
