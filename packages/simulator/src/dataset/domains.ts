/**
 * The referring domains of one target: a table built once per target (tens of thousands of entries,
 * not one per backlink). Ids [0, internalCount) are subdomains of the target itself, so
 * `exclude_internal_backlinks` matters; the rest are external sites drawn Zipf-like by the rows.
 */
import { cumulate, hash3, pick, unit, weighted } from "./hash.js";
import {
  COUNTRIES,
  COUNTRY_CUMULATIVE,
  COUNTRY_LANGUAGE,
  ENCODINGS,
  INTERNAL_SUBDOMAINS,
  PLATFORM_TYPES,
  SYLLABLES,
  TLD_COUNTRY,
  TLD_CUMULATIVE,
  TLDS,
  WORDS,
} from "./vocab.js";

/** Country codes, id 0 = null (all dictionaries reserve id 0 for null). */
export const COUNTRY_DICT: readonly (string | null)[] = Object.freeze([
  null,
  ...new Set([...COUNTRIES, ...TLD_COUNTRY.filter((c): c is string => c !== null)]),
]);
/** Page languages, id 0 = null. */
export const LANGUAGE_DICT: readonly (string | null)[] = Object.freeze([
  null,
  ...new Set(Object.values(COUNTRY_LANGUAGE)),
]);
/** Page encodings, id 0 = null. */
export const ENCODING_DICT: readonly (string | null)[] = Object.freeze([null, ...ENCODINGS]);
/** Platform mask bit for `["unknown"]`; a mask of 0 means null. */
export const PLATFORM_UNKNOWN = 0x80;

const ENCODING_CUMULATIVE = cumulate([1, 88, 4, 3, 2, 2]);
const PLATFORM_CUMULATIVE = cumulate([8, 20, 72]);

/** Referring-domain attributes, struct-of-arrays indexed by domain id. */
export interface DomainTable {
  readonly count: number;
  readonly internalCount: number;
  readonly names: readonly string[];
  /** domain_from_ip of each domain (an IP domain's own name). */
  readonly ips: readonly string[];
  /** tld_from dictionary (id 0 = null, for IP domains). */
  readonly tldDict: readonly (string | null)[];
  readonly tld: Uint16Array;
  readonly rank: Uint16Array;
  readonly country: Uint8Array;
  readonly language: Uint8Array;
  readonly encoding: Uint8Array;
  readonly platform: Uint8Array;
  readonly https: Uint8Array;
  readonly isIp: Uint8Array;
}

/** Dotted IPv4 address of a domain (deterministic; avoids .0 and .255 hosts). */
export function domainIp(base: number, id: number): string {
  const h = hash3(base, id, 71);
  return `${1 + (h % 222)}.${(h >>> 8) & 255}.${(h >>> 16) & 255}.${1 + ((h >>> 24) % 254)}`;
}

function externalName(base: number, id: number, tld: string): string {
  const shape = pick(base, id, 2, 10);
  let label: string;
  if (shape < 4) {
    const n = 2 + pick(base, id, 3, 3);
    label = "";
    for (let i = 0; i < n; i++) label += SYLLABLES[pick(base, id, 10 + i, SYLLABLES.length)];
  } else {
    label = `${WORDS[pick(base, id, 4, WORDS.length)]}${shape < 8 ? "" : "-"}${WORDS[pick(base, id, 5, WORDS.length)]}`;
  }
  const www = unit(base, id, 6) < 0.35 ? "www." : unit(base, id, 7) < 0.1 ? "blog." : "";
  return `${www}${label}.${tld}`;
}

/**
 * Builds the domain table of a target: `internalCount` subdomains of the target, then
 * `externalCount` unique external names. Low external ids are drawn most often, so they get the
 * higher domain ranks, like big sites.
 */
export function buildDomainTable(base: number, target: string, externalCount: number): DomainTable {
  const internalCount = INTERNAL_SUBDOMAINS.length;
  const count = internalCount + externalCount;
  const targetTld = target.slice(target.indexOf(".") + 1) || target;
  const tldDict: (string | null)[] = [null, ...TLDS];
  if (!tldDict.includes(targetTld)) tldDict.push(targetTld);
  const names: string[] = new Array(count);
  const ips: string[] = new Array(count);
  const table: DomainTable = {
    count,
    internalCount,
    names,
    ips,
    tldDict,
    tld: new Uint16Array(count),
    rank: new Uint16Array(count),
    country: new Uint8Array(count),
    language: new Uint8Array(count),
    encoding: new Uint8Array(count),
    platform: new Uint8Array(count),
    https: new Uint8Array(count),
    isIp: new Uint8Array(count),
  };
  const seen = new Set<string>();
  for (let id = 0; id < count; id++) {
    let name: string;
    let tldId: number;
    let country: string | null;
    if (id < internalCount) {
      name = `${INTERNAL_SUBDOMAINS[id]}.${target}`;
      tldId = tldDict.indexOf(targetTld);
      country = "US";
    } else if (unit(base, id, 1) < 0.004) {
      table.isIp[id] = 1;
      name = domainIp(base, id);
      tldId = 0;
      country = COUNTRIES[weighted(unit(base, id, 8), COUNTRY_CUMULATIVE)] ?? null;
    } else {
      const t = weighted(unit(base, id, 9), TLD_CUMULATIVE);
      tldId = t + 1;
      name = externalName(base, id, TLDS[t] ?? "com");
      const u = unit(base, id, 8);
      country = TLD_COUNTRY[t] ?? (u < 0.1 ? null : (COUNTRIES[weighted(u, COUNTRY_CUMULATIVE)] ?? null));
    }
    for (let n = 2; seen.has(name); n++) name = name.replace(/^([^.]*?)(\d*)\./, `$1${n}.`);
    seen.add(name);
    names[id] = name;
    ips[id] = table.isIp[id] ? name : domainIp(base, id);
    table.tld[id] = tldId;
    const countryId = COUNTRY_DICT.indexOf(country);
    table.country[id] = Math.max(0, countryId);
    const lang =
      unit(base, id, 12) < 0.02 ? null : unit(base, id, 13) < 0.1 ? "en" : COUNTRY_LANGUAGE[country ?? "US"];
    table.language[id] = Math.max(0, LANGUAGE_DICT.indexOf(lang ?? null));
    table.encoding[id] = weighted(unit(base, id, 14), ENCODING_CUMULATIVE);
    const ext = id - internalCount;
    const big = ext >= 0 && ext < 32 ? 500 + pick(base, id, 15, 500) : 0;
    table.rank[id] = Math.max(big, Math.floor(1000 * unit(base, id, 16) ** 2.5));
    table.https[id] = unit(base, id, 17) < 0.85 ? 1 : 0;
    const p = weighted(unit(base, id, 18), PLATFORM_CUMULATIVE);
    if (p === 0) table.platform[id] = 0;
    else if (p === 1) table.platform[id] = PLATFORM_UNKNOWN;
    else {
      let mask = 1 << pick(base, id, 19, PLATFORM_TYPES.length);
      if (unit(base, id, 20) < 0.5) mask |= 1 << pick(base, id, 21, PLATFORM_TYPES.length);
      if (unit(base, id, 22) < 0.2) mask |= 1 << pick(base, id, 23, PLATFORM_TYPES.length);
      table.platform[id] = mask;
    }
  }
  return table;
}

const platformCache: (readonly string[] | null | undefined)[] = new Array(256);

/**
 * `domain_from_platform_type` of a platform mask (null for 0, `["unknown"]` for the unknown bit).
 * One frozen array per mask, shared by items (items are serialised, never mutated).
 */
export function platformTypes(mask: number): readonly string[] | null {
  let cached = platformCache[mask];
  if (cached === undefined) {
    if (mask === 0) cached = null;
    else if (mask === PLATFORM_UNKNOWN) cached = Object.freeze(["unknown"]);
    else {
      const out: string[] = [];
      for (let b = 0; b < PLATFORM_TYPES.length; b++)
        if (mask & (1 << b)) out.push(PLATFORM_TYPES[b] as string);
      cached = Object.freeze(out);
    }
    platformCache[mask] = cached;
  }
  return cached;
}
