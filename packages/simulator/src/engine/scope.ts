/**
 * Which dataset rows a request's target and switches select (api-notes §1.2):
 * the target (a configured domain, one of its subdomains, or a page URL), `backlinks_status_type`,
 * `include_subdomains`, `exclude_internal_backlinks` and `include_indirect_links`.
 */
import { urlToDictId, urlToOfDictId } from "../dataset/row-fields.js";
import { FLAG, type TargetDataset } from "../dataset/target-dataset.js";
import { TARGET_SELF_HOSTS } from "../dataset/vocab.js";
import type { Query } from "./query.js";

/** The dataset that answers a target, and how the target narrows it. */
export interface TargetScope {
  readonly dataset: string;
  /** Host (domain_to) the target names, or null for the dataset's own domain. */
  readonly host: string | null;
  /** Page URL (exact url_to), or null. */
  readonly page: string | null;
}

const stripWww = (host: string): string => (host.startsWith("www.") ? host.slice(4) : host);

/**
 * Finds the configured dataset for a normalised target: the domain itself, a subdomain of it
 * (`blog.example.com` → example.com's backlinks pointing to that host), or a page URL on it.
 * Unknown targets have no backlinks ([INF]: the API answers an empty result, not an error).
 */
export function resolveScope(target: string, configured: ReadonlySet<string>): TargetScope | null {
  let host = target;
  let page: string | null = null;
  if (/^https?:\/\//.test(target)) {
    page = target;
    host = new URL(target).hostname;
  }
  const bare = stripWww(host);
  for (let name = bare; name.includes("."); name = name.slice(name.indexOf(".") + 1)) {
    if (configured.has(name)) return { dataset: name, host: name === bare ? null : bare, page };
  }
  return null;
}

/** Rows (ascending ids) the scope and the request's switches select. */
export function selectRows(ds: TargetDataset, scope: TargetScope, query: Query): Uint32Array {
  const hostOk = new Uint8Array(ds.hosts.length);
  ds.hosts.forEach((h, i) => {
    const self = scope.host === null ? i < TARGET_SELF_HOSTS : h === scope.host || h === `www.${scope.host}`;
    const sub = scope.host === null || h.endsWith(`.${scope.host}`);
    hostOk[i] = self || (query.includeSubdomains && sub) ? 1 : 0;
  });
  let pageIds: Set<number> | null = null;
  if (scope.page !== null) {
    pageIds = new Set();
    for (let i = 0; i < ds.urlTo.length; i++) {
      if (urlToOfDictId(ds, 2 * i) === scope.page) pageIds.add(2 * i);
      if (urlToOfDictId(ds, 2 * i + 1) === scope.page) pageIds.add(2 * i + 1);
    }
  }
  const wantLost = query.status === "lost";
  const anyStatus = query.status === "all";
  const out = new Uint32Array(ds.rowCount);
  let n = 0;
  for (let row = 0; row < ds.rowCount; row++) {
    const flags = ds.flags[row] as number;
    if (!anyStatus && ((flags & FLAG.lost) !== 0) !== wantLost) continue;
    if (query.excludeInternal && flags & FLAG.internal) continue;
    if (!query.includeIndirect && flags & FLAG.indirect) continue;
    const to = ds.urlToId[row] as number;
    if (hostOk[Math.floor(to / ds.pathCount)] !== 1) continue;
    if (pageIds !== null && !pageIds.has(urlToDictId(ds, row))) continue;
    out[n++] = row;
  }
  return out.subarray(0, n); // a view: the caller copies what it keeps
}
