/**
 * Sort keys (api-notes §1.2, §9): up to 3 request keys, then `last_seen desc` (unless already a
 * key); the row id ascending is the final, unique key (see order.ts). `domain_from` compares by
 * its labels reversed (`www.a.co.zw` → `zw.co.a.www.`); nulls sort last in both directions ([INF],
 * like Elasticsearch's default `missing: _last`, which the real token shape suggests).
 */
import { formatTokenTime, parseApiTime } from "../dataset/dates.js";
import type { Accessor, DictValue, FieldAccess } from "./fields.js";
import type { SortRule } from "./query.js";

/** A comparable sort value: number, string, or null (NaN is normalised to null). */
export type SortValue = number | string | null;

/** One effective sort key. */
export interface SortKey {
  readonly field: string;
  readonly desc: boolean;
  /** The row's comparable value. */
  readonly value: (row: number) => SortValue;
  /** The row's value as the token stores it (ISO time, boolean, reversed domain, …). */
  readonly tokenValue: (row: number) => unknown;
  /** A token value back to a comparable value; undefined when it is malformed. */
  readonly fromToken: (json: unknown) => SortValue | undefined;
  readonly access: Accessor;
}

/** `www.velocitybroadband.co.zw` → `zw.co.velocitybroadband.www.` (api-notes §9). */
export function reverseLabels(host: string): string {
  return `${host.split(".").reverse().join(".")}.`;
}

/** A dictionary or accessor value as a sort value (NaN → null). */
export const normalise = (v: DictValue): SortValue =>
  v === null || (typeof v === "number" && Number.isNaN(v)) ? null : (v as number | string);

/** Compares two sort values (nulls last in both directions). */
export function compareValues(a: SortValue, b: SortValue, desc: boolean): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  const c = a < b ? -1 : a > b ? 1 : 0;
  return desc ? -c : c;
}

function keyOf(rule: SortRule, fa: FieldAccess, groupCountOf: (row: number) => number): SortKey {
  const access = fa.access;
  let raw: (row: number) => SortValue;
  if (access.kind === "dict") {
    // Memoised per dictionary id: grouping and token lookups compare the same values many times.
    const { id, value, size } = access;
    const reverse = rule.field === "domain_from";
    const memo: (SortValue | undefined)[] = new Array(size);
    raw = (row) => {
      const i = id(row);
      let v = memo[i];
      if (v === undefined) {
        const x = normalise(value(i));
        v = reverse && x !== null ? reverseLabels(x as string) : x;
        memo[i] = v;
      }
      return v;
    };
  } else if (access.kind === "group_count") {
    raw = groupCountOf;
  } else {
    const get = access.get;
    raw = (row) => normalise(get(row));
  }
  const type = fa.type;
  const tokenValue =
    type === "time"
      ? (row: number) => {
          const v = raw(row);
          return v === null ? null : formatTokenTime(v as number);
        }
      : type === "bool"
        ? (row: number) => {
            const v = raw(row);
            return v === null ? null : v === 1;
          }
        : raw;
  const fromToken = (json: unknown): SortValue | undefined => {
    if (json === null) return null;
    if (type === "time") {
      if (typeof json !== "string") return undefined;
      const t = parseApiTime(json);
      return Number.isFinite(t) ? t : undefined;
    }
    if (type === "bool") return typeof json === "boolean" ? (json ? 1 : 0) : undefined;
    if (type === "num") return typeof json === "number" && Number.isFinite(json) ? json : undefined;
    return typeof json === "string" ? json : undefined;
  };
  return { field: rule.field, desc: rule.desc, value: raw, tokenValue, fromToken, access };
}

/**
 * The effective keys: the request's rules, then `last_seen desc` unless present. `groupCountOf`
 * gives a row's group size, for `group_count` as a sort key (0 in as_is).
 */
export function sortKeys(
  orderBy: readonly SortRule[],
  fields: ReadonlyMap<string, FieldAccess>,
  groupCountOf: (row: number) => number = () => 0,
): SortKey[] {
  const rules = [...orderBy];
  if (!rules.some((r) => r.field === "last_seen")) rules.push({ field: "last_seen", desc: true });
  return rules.map((rule) => {
    const fa = fields.get(rule.field);
    if (fa === undefined) throw new Error(`simulator: no accessor for sort field "${rule.field}"`);
    return keyOf(rule, fa, groupCountOf);
  });
}
