/**
 * One target's synthetic backlinks, held as compact typed-array columns (about 25 bytes a row) for
 * the fields that sorting, filtering and grouping touch most; every other field is recomputed from
 * the row index on demand (see row-fields.ts), so a million-row target never exists as objects.
 *
 * Row layout (exact counts, so the default request answers exactly `size` rows):
 * - rows [0, size): live, external backlinks (the default request: live, internal excluded);
 * - rows [size, size + lost): lost external backlinks (`backlinks_status_type` lost/all);
 * - rows [size + lost, rowCount): internal backlinks from subdomains of the target (15 % lost).
 * Values inside each range are hashed from (seed, target, row), so the layout never leaks into order.
 */
import { DATASET_NOW, DATASET_START } from "./dates.js";
import { buildDomainTable, type DomainTable } from "./domains.js";
import { hash3, hashString, mix32, pick, pow2, pow3, unit, weighted, zipfSampler } from "./hash.js";
import { buildAnchorPool, buildSnippetPool, buildTitlePool, type TextPool } from "./pools.js";
import {
  ITEM,
  ITEM_TYPE_CUMULATIVE,
  TARGET_HOST_CUMULATIVE,
  TARGET_HOSTS,
  TARGET_PATHS,
  WORDS,
} from "./vocab.js";

/** Row flag bits. */
export const FLAG = Object.freeze({ lost: 1, internal: 2, indirect: 4, httpTo: 8 });

const DAY = 86_400;

/** A target's dataset: sizes, dictionaries and hot columns. */
export interface TargetDataset {
  readonly target: string;
  /** Per-target hash base derived from (seed, target). */
  readonly base: number;
  /** Live external backlinks: what the default request counts. */
  readonly size: number;
  readonly rowCount: number;
  readonly domains: DomainTable;
  readonly anchors: TextPool;
  readonly titles: TextPool;
  readonly snippets: TextPool;
  /** url_to dictionary: id = host * paths.length + path (no null). */
  readonly urlTo: readonly string[];
  /** domain_to by host index. */
  readonly hosts: readonly string[];
  readonly pathCount: number;
  readonly rank: Uint16Array;
  readonly pageRank: Uint16Array;
  readonly domainId: Uint32Array;
  readonly anchorId: Uint32Array;
  readonly firstSeen: Uint32Array;
  readonly lastSeen: Uint32Array;
  readonly urlToId: Uint16Array;
  readonly itemType: Uint8Array;
  readonly attrs: Uint8Array;
  readonly flags: Uint8Array;
}

/** Largest target size the generator accepts (~50 bytes a row with its tables: 20M ≈ 1 GB). */
export const MAX_TARGET_SIZE = 20_000_000;

function targetPaths(base: number, count: number): string[] {
  const paths = [...TARGET_PATHS];
  for (let i = 0; paths.length < count; i++) {
    const a = WORDS[pick(base, i, 300, WORDS.length)];
    const b = WORDS[pick(base, i, 301, WORDS.length)];
    paths.push(`/blog/${a}-${b}-${i + 1}`);
  }
  return paths.slice(0, count);
}

/** Generates a target's dataset from (seed, target, size). Deterministic; ~0.8 s of CPU per million rows. */
export function generateTarget(seed: number, target: string, size: number): TargetDataset {
  const base = mix32(hashString(target) ^ mix32(seed | 0));
  const lostCount = Math.round(size * 0.12);
  const internalRows = Math.max(size > 0 ? 2 : 0, Math.round(size * 0.03));
  const rowCount = size + lostCount + internalRows;
  const domains = buildDomainTable(base, target, Math.max(16, Math.round(size / 12)));
  const anchorCount = Math.max(30, Math.min(50_000, Math.round(size / 25)));
  const pathCount = Math.max(12, Math.min(10_000, Math.round(size / 400)));
  const paths = targetPaths(base, pathCount);
  const hosts = TARGET_HOSTS.map((h) => `${h}${target}`);
  const urlTo: string[] = [];
  for (const host of hosts) for (const path of paths) urlTo.push(`https://${host}${path}`);

  const ds: TargetDataset = {
    target,
    base,
    size,
    rowCount,
    domains,
    anchors: buildAnchorPool(base, target, anchorCount),
    titles: buildTitlePool(base, Math.max(50, Math.min(20_000, Math.round(size / 50)))),
    snippets: buildSnippetPool(base, 400, Math.max(50, Math.min(20_000, Math.round(size / 50)))),
    urlTo,
    hosts,
    pathCount,
    rank: new Uint16Array(rowCount),
    pageRank: new Uint16Array(rowCount),
    domainId: new Uint32Array(rowCount),
    anchorId: new Uint32Array(rowCount),
    firstSeen: new Uint32Array(rowCount),
    lastSeen: new Uint32Array(rowCount),
    urlToId: new Uint16Array(rowCount),
    itemType: new Uint8Array(rowCount),
    attrs: new Uint8Array(rowCount),
    flags: new Uint8Array(rowCount),
  };
  const zipfDomain = zipfSampler(domains.count - domains.internalCount);
  const zipfAnchor = zipfSampler(ds.anchors.length - 1);
  const zipfPath = zipfSampler(pathCount);
  const span = DATASET_NOW - DATASET_START - 2 * DAY;
  for (let row = 0; row < rowCount; row++) {
    const internal = row >= size + lostCount;
    const lost = internal ? unit(base, row, 1) < 0.15 : row >= size;
    const d = internal
      ? pick(base, row, 2, domains.internalCount)
      : domains.internalCount + zipfDomain(unit(base, row, 3));
    ds.domainId[row] = d;
    const type = weighted(unit(base, row, 4), ITEM_TYPE_CUMULATIVE);
    ds.itemType[row] = type;
    ds.anchorId[row] = type === ITEM.anchor || type === ITEM.link ? 1 + zipfAnchor(unit(base, row, 5)) : 0;
    const u6 = unit(base, row, 6);
    const pageRank = u6 < 0.3 ? 0 : Math.floor(1000 * pow3(u6));
    ds.pageRank[row] = pageRank;
    const domainRank = domains.rank[d] ?? 0;
    ds.rank[row] = Math.min(
      1000,
      Math.floor(pageRank * (0.4 + 0.6 * unit(base, row, 7)) + domainRank * 0.3 * pow2(unit(base, row, 8))),
    );
    const first = DATASET_START + Math.floor(span * unit(base, row, 9) ** 0.6);
    ds.firstSeen[row] = first;
    // Live links were seen in the last 45 days; lost ones stopped being seen at least 30 days ago.
    const last = lost
      ? first + Math.floor(Math.max(0, DATASET_NOW - 30 * DAY - first) * unit(base, row, 10))
      : Math.max(first, DATASET_NOW - Math.floor(45 * DAY * unit(base, row, 10)));
    ds.lastSeen[row] = last;
    let attrs = 0;
    if (type === ITEM.anchor || type === ITEM.image || type === ITEM.link) {
      const h = hash3(base, row, 11);
      if ((h & 1023) < 184) attrs |= 1; // nofollow 18 %
      if (((h >>> 10) & 1023) < 41) attrs |= 2; // ugc 4 %
      if (((h >>> 20) & 1023) < 31) attrs |= 4; // sponsored 3 %
      const g = hash3(base, row, 12);
      if ((g & 1023) < 205) attrs |= 8; // noopener 20 %
      if (((g >>> 10) & 1023) < 102) attrs |= 16; // noreferrer 10 %
      if (((g >>> 20) & 1023) < 307) attrs |= 32; // external 30 %
    }
    ds.attrs[row] = attrs;
    const host = weighted(unit(base, row, 13), TARGET_HOST_CUMULATIVE);
    ds.urlToId[row] = host * pathCount + zipfPath(unit(base, row, 14));
    ds.flags[row] =
      (lost ? FLAG.lost : 0) |
      (internal ? FLAG.internal : 0) |
      (unit(base, row, 15) < 0.03 ? FLAG.indirect : 0) |
      (unit(base, row, 16) < 0.08 ? FLAG.httpTo : 0);
  }
  return ds;
}
