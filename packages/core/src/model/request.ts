/**
 * The task object of `POST /v3/backlinks/backlinks/live` (api-notes §1.2), as types only.
 * Validation lives in `validate.ts`; this file has no behaviour.
 */
import type { CustomModeField, FilterField, FilterOperator } from "./fields.js";

/** Grouping mode ([DOC]): all backlinks, one per referring domain, or one per anchor. */
export type Mode = "as_is" | "one_per_domain" | "one_per_anchor";

/** Which backlinks are counted and returned ([DOC], default `live`). */
export type BacklinksStatusType = "all" | "live" | "lost";

/** Scale of `rank`, `domain_from_rank`, `page_from_rank` ([DOC], default `one_thousand`). */
export type RankScale = "one_hundred" | "one_thousand";

/** N backlinks per distinct value of `field`; when set, `mode` is ignored by the API. */
export interface CustomMode {
  readonly field: CustomModeField;
  /** 1..1000 */
  readonly value: number;
}

/** A scalar filter value: strings for str/time fields, numbers for num, booleans for bool. */
export type FilterScalar = string | number | boolean | null;

/** One condition: `[field, operator, value]`; `in`/`not_in` take an array value. */
export type FilterCondition = readonly [
  field: FilterField | (string & {}),
  operator: FilterOperator | (string & {}),
  value: FilterScalar | readonly FilterScalar[],
];

/** `"and"` / `"or"` joining two filter expressions. */
export type FilterJoin = "and" | "or";

/**
 * A filter expression as the API takes it: either one condition, or a list alternating
 * expressions and joins (`[[c1], "and", [[c2], "or", [c3]]]`).
 */
export type FilterExpression = FilterCondition | readonly (FilterExpression | FilterJoin)[];

/** `"<field>,asc"` or `"<field>,desc"`. */
export type OrderByRule = `${string},${"asc" | "desc"}`;

/** A task for the backlinks/live endpoint, exactly the documented fields. */
export interface BacklinksRequest {
  readonly target: string;
  readonly mode?: Mode;
  readonly custom_mode?: CustomMode;
  readonly filters?: FilterExpression;
  readonly order_by?: readonly OrderByRule[];
  readonly offset?: number;
  readonly search_after_token?: string;
  readonly limit?: number;
  readonly backlinks_status_type?: BacklinksStatusType;
  readonly include_subdomains?: boolean;
  readonly include_indirect_links?: boolean;
  readonly exclude_internal_backlinks?: boolean;
  readonly rank_scale?: RankScale;
  readonly tag?: string;
}
