/**
 * `search_after_token`: a keyset cursor that needs no server memory (api-notes §4, §9). It is
 * base64 of JSON in the real token's shape:
 * `{"CurrentOffset", "RawRequest", "SearchAfterData": {"Version": 1, "SearchAfterValues", "TokenRealOffset"}}`.
 * `RawRequest` is every parameter but the token and offset (defaults filled); `SearchAfterValues`
 * holds the last returned row's sort values plus `row_key`, the dataset's stable unique row id
 * (deterministic from the seed), so the next page starts strictly after that row — across restarts
 * and with any number of ties. A token whose RawRequest differs from the request, or that cannot
 * be decoded, is refused with 40501 `Invalid Field: 'search_after_token'.`.
 */
import { invalidField } from "./errors.js";
import type { Query } from "./query.js";
import type { SortKey, SortValue } from "./sort-keys.js";

/** The unique-key entry of SearchAfterValues. */
export const ROW_KEY = "row_key";

/** Where a token says to resume: after (values, row), or from the start when null. */
export interface TokenPosition {
  readonly after: { readonly values: readonly SortValue[]; readonly row: number } | null;
  readonly realOffset: number;
  readonly currentOffset: number;
}

/** Builds the token for a page that ended after `lastRow` (null: nothing returned yet). */
export function encodeToken(
  query: Query,
  keys: readonly SortKey[],
  lastRow: number | null,
  currentOffset: number,
  realOffset: number,
): string {
  let values: Record<string, unknown> | null = null;
  if (lastRow !== null) {
    values = {};
    for (const key of keys) values[key.field] = key.tokenValue(lastRow);
    values[ROW_KEY] = lastRow;
  }
  const body = {
    CurrentOffset: currentOffset,
    RawRequest: query.rawRequest,
    SearchAfterData: { Version: 1, SearchAfterValues: values, TokenRealOffset: realOffset },
  };
  return Buffer.from(JSON.stringify(body), "utf8").toString("base64");
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);
const isCount = (v: unknown): v is number => typeof v === "number" && Number.isSafeInteger(v) && v >= 0;

/** Decodes and checks a token against the current request; throws 40501 when it does not fit. */
export function decodeToken(token: string, query: Query, keys: readonly SortKey[]): TokenPosition {
  const bad = (why: string): never => {
    throw invalidField("search_after_token", why);
  };
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(token)) bad("not base64");
  let body: unknown;
  try {
    body = JSON.parse(Buffer.from(token, "base64").toString("utf8"));
  } catch {
    return bad("not a token");
  }
  if (!isObject(body) || !isObject(body.SearchAfterData)) return bad("not a token");
  if (JSON.stringify(body.RawRequest) !== query.rawKey) bad("the request differs from the token's request");
  const data = body.SearchAfterData;
  if (data.Version !== 1 || !isCount(data.TokenRealOffset) || !isCount(body.CurrentOffset))
    bad("malformed token");
  const position = {
    realOffset: data.TokenRealOffset as number,
    currentOffset: body.CurrentOffset as number,
  };
  const raw = data.SearchAfterValues;
  if (raw === null) return { after: null, ...position };
  if (!isObject(raw) || Object.keys(raw).length !== keys.length + 1 || !isCount(raw[ROW_KEY])) {
    return bad("malformed SearchAfterValues");
  }
  const values: SortValue[] = [];
  for (const key of keys) {
    const v = Object.hasOwn(raw, key.field) ? key.fromToken(raw[key.field]) : undefined;
    if (v === undefined) bad(`malformed SearchAfterValues.${key.field}`);
    values.push(v as SortValue);
  }
  return { after: { values, row: raw[ROW_KEY] as number }, ...position };
}
