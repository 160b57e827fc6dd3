/**
 * Which shard keys commute with a request's grouping. A shard condition is a filter; the API
 * filters rows before it groups them ([INF], the only reading under which filters and modes make
 * sense together). A key is safe when it is constant within every group: then each group lies
 * wholly inside one shard, keeps the same representative and `group_count`, and the union of the
 * shards' rows is exactly the unsharded result.
 */
import { FILTER_FIELDS, type FieldType } from "../model/fields.js";
import type { BacklinksRequest } from "../model/request.js";

/** How a key is split: value ranges (`num`, `time`) or anchored regex classes (`str`). */
export type ShardKeyKind = "range" | "pattern";

/** A usable shard key. */
export interface ShardKey {
  readonly field: string;
  readonly kind: ShardKeyKind;
  readonly type: FieldType;
}

/** What a request groups by: nothing (`as_is`) or one field. */
export type Grouping = { readonly by: null } | { readonly by: string; readonly perGroup: number };

/**
 * Fields constant within one value of the grouping field ([INF]: `domain_from_rank` and `tld_from`
 * are properties of the referring domain; we do not list `domain_from_ip`/`_country`, which a real
 * index may record per crawl). Every other grouping field only commutes with itself.
 */
const CONSTANT_WITHIN: Readonly<Record<string, readonly string[]>> = Object.freeze({
  domain_from: Object.freeze(["domain_from_rank", "domain_from", "tld_from"]),
});

/**
 * Preferred keys when the user names none and `order_by` does not lead with a usable one.
 * `first_seen` first: a time with whole seconds rarely ties, while a domain's rank is shared by
 * every backlink from that domain (one big referring domain can hold several % of a target).
 */
const PREFERRED_AS_IS = Object.freeze(["first_seen", "domain_from_rank"]);

/** The grouping of a request: `custom_mode` wins over `mode` (api-notes §1.2). */
export function groupingOf(request: BacklinksRequest): Grouping {
  if (request.custom_mode) return { by: request.custom_mode.field, perGroup: request.custom_mode.value };
  if (request.mode === "one_per_domain") return { by: "domain_from", perGroup: 1 };
  if (request.mode === "one_per_anchor") return { by: "anchor", perGroup: 1 };
  return { by: null };
}

/** The key kind of a filter field, or `undefined` when the field cannot shard (bool, arrays). */
export function keyKindOf(field: string): ShardKey | undefined {
  if (!Object.hasOwn(FILTER_FIELDS, field)) return undefined;
  const type = FILTER_FIELDS[field as keyof typeof FILTER_FIELDS] as FieldType;
  if (type === "num" || type === "time") return { field, kind: "range", type };
  if (type === "str") return { field, kind: "pattern", type };
  return undefined;
}

/** Every key that commutes with the request's grouping, in no particular order. */
export function commutingKeys(request: BacklinksRequest): readonly ShardKey[] {
  const { by } = groupingOf(request);
  const fields = by === null ? Object.keys(FILTER_FIELDS) : (CONSTANT_WITHIN[by] ?? [by]);
  return fields.map(keyKindOf).filter((k): k is ShardKey => k !== undefined);
}

/** The field the user's `order_by` leads with, and its direction. */
export function leadingOrder(request: BacklinksRequest): { field: string; dir: "asc" | "desc" } | undefined {
  const rule = request.order_by?.[0];
  if (rule === undefined) return undefined;
  const comma = rule.lastIndexOf(",");
  const dir = rule.slice(comma + 1).trim();
  return { field: rule.slice(0, comma).trim(), dir: dir === "desc" ? "desc" : "asc" };
}

/** Outcome of choosing a key: a key, or a reason why none is safe. */
export type KeyChoice = { readonly key: ShardKey } | { readonly reason: string };

function describeGrouping(request: BacklinksRequest): string {
  if (request.custom_mode) return `custom_mode on "${request.custom_mode.field}"`;
  return `mode "${request.mode ?? "as_is"}"`;
}

/**
 * Picks the shard key. A key the user names must commute with the grouping; otherwise the key is,
 * in order: the field `order_by` leads with (so shards can be emitted in the unsharded order),
 * the mode's natural key, any commuting key. Range keys need two free filter conditions for a
 * middle shard (`>= lo` and `< hi`); with one free condition only pattern keys (one regex each)
 * can split, so the choice falls back to one of them.
 */
export function chooseShardKey(
  request: BacklinksRequest,
  options: { readonly key?: string | undefined; readonly freeConditions: number; readonly exclude?: string },
): KeyChoice {
  const allowed = commutingKeys(request).filter((k) => k.field !== options.exclude);
  const fits = (k: ShardKey): boolean => k.kind === "pattern" || options.freeConditions >= 2;
  if (options.key !== undefined) {
    const named = keyKindOf(options.key);
    if (named === undefined) {
      return { reason: `shard key "${options.key}" is not a filterable num, time or str field` };
    }
    if (!allowed.some((k) => k.field === options.key)) {
      const list = allowed.map((k) => k.field).join(", ");
      return {
        reason: `shard key "${options.key}" does not commute with ${describeGrouping(request)} (safe keys: ${list})`,
      };
    }
    if (!fits(named)) {
      return {
        reason: `shard key "${options.key}" needs 2 free filter conditions for a range, the filters leave ${options.freeConditions}`,
      };
    }
    return { key: named };
  }
  const candidates: string[] = [];
  const lead = leadingOrder(request);
  if (lead) candidates.push(lead.field);
  const { by } = groupingOf(request);
  if (by === null) candidates.push(...PREFERRED_AS_IS, "domain_from");
  else candidates.push(...(CONSTANT_WITHIN[by] ?? [by]));
  for (const field of candidates) {
    const key = allowed.find((k) => k.field === field);
    if (key && fits(key)) return { key };
  }
  const any = allowed.find(fits);
  if (any) return { key: any };
  if (allowed.length === 0) {
    return { reason: `no filterable field is constant within the groups of ${describeGrouping(request)}` };
  }
  return {
    reason: `the only safe keys for ${describeGrouping(request)} (${allowed.map((k) => k.field).join(", ")}) need 2 free filter conditions, the filters leave ${options.freeConditions}`,
  };
}
