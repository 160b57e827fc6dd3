/**
 * An in-memory backlinks/live for the shard planner's unit tests: a fixed table of rows, the
 * filter, grouping, order, offset/limit and token rules the simulator documents (nulls never match
 * a comparison but `= null`; nulls sort last; a group keeps its first rows in the request's order;
 * ties broken by row id). It implements only the client's `live`, so the planner and
 * `paginateShards` run unchanged; the simulator's integration tests repeat the checks over HTTP.
 */
import type { BacklinksRequest, FilterExpression, LiveCallResult } from "../src/index.js";

export type Row = Record<string, string | number | null> & { id: number };

/** A small deterministic PRNG (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ANCHORS = [
  "click here",
  "example",
  "Example.com",
  "https://example.com",
  "",
  "read more",
  "seo [tips]",
];
const TLDS = ["com", "org", "net", "de", "co.uk", "io"];
const LANGS = ["en", "de", "fr", null];

function time(seconds: number): string {
  const iso = new Date(seconds * 1000).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} +00:00`;
}

/**
 * `n` rows over `domains` referring domains. Heavy ties on purpose: `domain_from_rank` is skewed
 * (many domains at 0), `first_seen` repeats a few instants, anchors repeat a few texts and are
 * sometimes null, and `page_from_status_code` is nearly always 200; `prev_seen` almost never ties.
 */
export function makeRows(n: number, seed = 1, domains = 300): Row[] {
  const r = rng(seed);
  const dom = Array.from({ length: domains }, (_, i) => {
    const name = `${r() < 0.3 ? "www." : ""}${String.fromCharCode(97 + Math.floor(r() * 26))}${Math.floor(r() * 1000)}x${i}.${TLDS[Math.floor(r() * TLDS.length)]}`;
    const rank = r() < 0.3 ? 0 : Math.floor(1000 * r() ** 3);
    return {
      name,
      rank,
      tld: name.slice(name.indexOf(".", 4) + 1),
      lang: LANGS[Math.floor(r() * LANGS.length)] ?? null,
    };
  });
  const rows: Row[] = [];
  const base = Date.UTC(2020, 0, 1) / 1000;
  for (let id = 0; id < n; id++) {
    const d = dom[Math.floor(domains * r() ** 2)] as (typeof dom)[number];
    const u = r();
    const anchor =
      u < 0.05
        ? null
        : u < 0.5
          ? (ANCHORS[Math.floor(r() * ANCHORS.length)] as string)
          : `word${Math.floor(r() * 400)} ${id % 7}`;
    rows.push({
      id,
      domain_from: d.name,
      domain_from_rank: d.rank,
      tld_from: d.tld,
      page_from_language: d.lang,
      anchor,
      rank: Math.floor(r() * 100),
      first_seen: time(r() < 0.2 ? base : base + Math.floor(r() * 50) * 86_400),
      last_seen: time(base + 100 * 86_400 + Math.floor(r() * 1000) * 3600),
      page_from_status_code: r() < 0.9 ? 200 : 404,
      url_from: `https://${d.name}/p/${id}`,
      url_to: `https://example.com/${id % 13}`,
      dofollow: r() < 0.7 ? 1 : 0,
      // Nearly unique: a key without ties.
      prev_seen: time(base + Math.floor(r() * 1e8)),
    });
  }
  return rows;
}

type Test = (row: Row) => boolean;

function compare(v: string | number, op: string, x: string | number): boolean {
  switch (op) {
    case "<":
      return v < x;
    case "<=":
      return v <= x;
    case ">":
      return v > x;
    case ">=":
      return v >= x;
    case "=":
      return v === x;
    case "<>":
      return v !== x;
    default:
      throw new Error(`fake api: operator ${op}`);
  }
}

function compile(expr: FilterExpression | undefined): Test {
  if (expr === undefined) return () => true;
  if (typeof expr[0] === "string") {
    const [field, op, raw] = expr as readonly [string, string, unknown];
    return (row) => {
      const v = row[field] ?? null;
      if (raw === null) return op === "=" ? v === null : v !== null;
      if (v === null) return false;
      if (op === "regex") return new RegExp(raw as string).test(String(v));
      if (op === "not_regex") return !new RegExp(raw as string).test(String(v));
      if (op === "in") return (raw as unknown[]).includes(v);
      if (op === "like")
        return new RegExp(
          `^${String(raw)
            .replace(/[.*+?^${}()|[\]\\]/g, "\\$&")
            .replaceAll("%", ".*")}$`,
        ).test(String(v));
      return compare(v, op, raw as string | number);
    };
  }
  const parts = expr as readonly (FilterExpression | string)[];
  let acc = compile(parts[0] as FilterExpression);
  for (let i = 1; i < parts.length; i += 2) {
    const left = acc;
    const right = compile(parts[i + 1] as FilterExpression);
    acc = parts[i] === "or" ? (row) => left(row) || right(row) : (row) => left(row) && right(row);
  }
  return acc;
}

function sortKey(field: string, v: string | number | null): string | number | null {
  if (v === null || field !== "domain_from") return v;
  return `${String(v).split(".").reverse().join(".")}.`;
}

/** The full ordered result of a request (what the whole token walk returns). */
export function answer(rows: readonly Row[], task: BacklinksRequest): Row[] {
  const test = compile(task.filters);
  const rules = (task.order_by ?? ["rank,desc"]).map((r) => {
    const [f, d] = r.split(",");
    return { field: f as string, desc: d === "desc" };
  });
  const sorted = rows.filter(test).sort((a, b) => {
    for (const { field, desc } of rules) {
      const x = sortKey(field, a[field] ?? null);
      const y = sortKey(field, b[field] ?? null);
      if (x === y) continue;
      if (x === null) return 1;
      if (y === null) return -1;
      return (x < y ? -1 : 1) * (desc ? -1 : 1);
    }
    return a.id - b.id;
  });
  const group = task.custom_mode
    ? { field: task.custom_mode.field as string, n: task.custom_mode.value }
    : task.mode === "one_per_domain"
      ? { field: "domain_from", n: 1 }
      : task.mode === "one_per_anchor"
        ? { field: "anchor", n: 1 }
        : null;
  if (group === null) return sorted;
  const taken = new Map<unknown, number>();
  return sorted.filter((row) => {
    const g = row[group.field] ?? null;
    const t = taken.get(g) ?? 0;
    taken.set(g, t + 1);
    return t < group.n;
  });
}

/** A `live`-only client over `rows`, counting requests and the most in flight at once. */
export function fakeClient(rows: readonly Row[]) {
  const stats = { requests: 0, inFlight: 0, maxInFlight: 0 };
  // A chain's pages share one result (like the simulator's row-set cache); keeps the tests fast.
  const results = new Map<string, Row[]>();
  const resultOf = (task: BacklinksRequest): Row[] => {
    const key = JSON.stringify([task.filters, task.order_by, task.mode, task.custom_mode]);
    let rowsOut = results.get(key);
    if (rowsOut === undefined) {
      rowsOut = answer(rows, task);
      if (results.size > 256) results.clear();
      results.set(key, rowsOut);
    }
    return rowsOut;
  };
  return {
    stats,
    async live(task: BacklinksRequest): Promise<LiveCallResult> {
      stats.requests++;
      stats.inFlight++;
      stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
      try {
        await new Promise((r) => setImmediate(r));
        const { search_after_token: token, offset: _o, ...rest } = task;
        const all = resultOf(rest);
        const limit = task.limit ?? 100;
        const start = token
          ? (JSON.parse(Buffer.from(token, "base64").toString()) as { at: number }).at
          : (task.offset ?? 0);
        const items = all.slice(start, start + limit);
        const next = Buffer.from(JSON.stringify({ at: start + items.length })).toString("base64");
        const result = {
          target: task.target,
          mode: task.mode ?? "as_is",
          custom_mode: task.custom_mode ?? null,
          total_count: all.length,
          items_count: items.length,
          items,
          search_after_token: items.length > 0 ? next : null,
        };
        return {
          result: result as unknown as LiveCallResult["result"],
          cost: 0.02 + items.length * 0.00003,
          taskId: `t${stats.requests}`,
          attempts: 1,
        };
      } finally {
        stats.inFlight--;
      }
    },
  };
}
