/**
 * The simulator's query engine: a deterministic dataset per configured target and the execution
 * of backlinks/live tasks against it (validation → 40501, scope, filters, order, grouping,
 * limit/offset, search_after_token, total_count). Synchronous and pure apart from its caches.
 */
import { normalizeTarget } from "@backlinks/core";
import { buildItem } from "../dataset/item.js";
import { writeItemsJson } from "../dataset/item-json.js";
import { ByteWriter } from "../dataset/json-bytes.js";
import { generateTarget, MAX_TARGET_SIZE, type TargetDataset } from "../dataset/target-dataset.js";
import { DEFAULT_TARGETS } from "../targets.js";
import { EngineConfigError } from "./errors.js";
import { buildAccessors, type FieldAccess } from "./fields.js";
import { Lru } from "./lru.js";
import { positionAfter } from "./order.js";
import type { DictOrderCache } from "./ordinals.js";
import { type Query, toQuery } from "./query.js";
import { computeRowSet, hasCheapTop, type RowSet, topRows } from "./row-set.js";
import { resolveScope } from "./scope.js";
import { decodeToken, encodeToken } from "./token.js";
import { type GroundTruth, truthOf } from "./truth.js";

/** Options of {@link createEngine}. */
export interface EngineOptions {
  /** Dataset seed (any safe integer); default 1. */
  readonly seed?: number;
  /** Target → number of live external backlinks; default {@link DEFAULT_TARGETS}. */
  readonly targets?: Readonly<Record<string, number>>;
  /** Row sets kept for token walks (default 8 queries, at most 32M rows in total). */
  readonly cache?: { readonly entries?: number; readonly rows?: number };
}

/** `tasks[0].result[0]` of a successful backlinks/live task (api-notes §2.2). */
export interface LiveResultObject {
  readonly target: string;
  readonly mode: string | null;
  readonly custom_mode: { readonly field: string; readonly value: number } | null;
  readonly total_count: number;
  readonly items_count: number;
  readonly items: Record<string, unknown>[];
  readonly search_after_token: string;
}

/** A page as JSON bytes: `JSON.stringify(execute(task))`, byte for byte, built without item objects. */
export interface LivePageJson {
  readonly itemsCount: number;
  readonly token: string;
  /** UTF-8 JSON of the `result[0]` object. */
  readonly json: Buffer;
}

/** Where {@link Engine.executeJson} may take the buffer a page is written into (see the server's pool). */
export interface PageBufferSource {
  /** A buffer the page may be written into; the page returned is then a view of it (or of a larger one). */
  acquire(): Buffer;
}

/** The query engine behind the simulator's HTTP server. */
export interface Engine {
  readonly seed: number;
  readonly targets: Readonly<Record<string, number>>;
  /** Runs one task; throws `SimTaskError` (40501 …) for a task the API would refuse. */
  execute(task: unknown): LiveResultObject;
  /**
   * {@link Engine.execute} as JSON bytes (what the server sends); same errors. With `buffers`,
   * the page is written straight into a buffer from it (no copy) and `json` is a view of that
   * buffer, so it can be recycled once sent; without, `json` is a buffer of its own.
   */
  executeJson(task: unknown, buffers?: PageBufferSource): LivePageJson;
  /** Every row a full token walk of `request` returns, in order, and its total_count. */
  truth(request: unknown): GroundTruth;
  /** Generates the datasets of the given targets (default: all) now instead of on first use. */
  warm(targets?: readonly string[]): void;
}

interface Prepared {
  readonly query: Query;
  readonly ds: TargetDataset | null;
  /** The ordered rows from position 0 — all of them, or only the first ones (see topRows). */
  readonly set: RowSet;
  readonly start: number;
  /** total_count. */
  readonly total: number;
}

/** First pages up to this many rows (offset + limit) of as_is requests skip the full sort. */
const CHEAP_TOP_ROWS = 100;

function checkOptions(options: EngineOptions): { seed: number; targets: Record<string, number> } {
  for (const name of ["entries", "rows"] as const) {
    const n = options.cache?.[name];
    if (n !== undefined && (!Number.isSafeInteger(n) || n < 1)) {
      throw new EngineConfigError(`engine cache.${name}: expected a positive integer, got ${String(n)}`);
    }
  }
  const seed = options.seed ?? 1;
  if (!Number.isSafeInteger(seed)) {
    throw new EngineConfigError(`engine seed: expected a safe integer, got ${String(seed)}`);
  }
  const targets: Record<string, number> = {};
  for (const [name, size] of Object.entries(options.targets ?? DEFAULT_TARGETS)) {
    let target: string;
    try {
      target = normalizeTarget(name);
    } catch (error) {
      throw new EngineConfigError(`engine targets: "${name}" is not a domain`, { cause: error });
    }
    if (/^https?:/.test(target))
      throw new EngineConfigError(`engine targets: "${name}" must be a domain, not a page`);
    if (!Number.isSafeInteger(size) || size < 0 || size > MAX_TARGET_SIZE) {
      throw new EngineConfigError(
        `engine targets["${name}"]: expected an integer from 0 to ${MAX_TARGET_SIZE}, got ${String(size)}`,
      );
    }
    targets[target] = size;
  }
  return { seed, targets };
}

const EMPTY_SET: RowSet = { rows: new Uint32Array(0), groupCounts: null, keys: [] };

/** Creates an engine over a deterministic dataset: same seed and targets, same rows, same order. */
export function createEngine(options: EngineOptions = {}): Engine {
  const { seed, targets } = checkOptions(options);
  const configured = new Set(Object.keys(targets));
  const datasets = new Map<string, TargetDataset>();
  const accessors = new Map<string, ReadonlyMap<string, FieldAccess>>();
  const dictOrders: DictOrderCache = new Map();
  const sets = new Lru<RowSet>(options.cache?.entries ?? 8, options.cache?.rows ?? 32_000_000);

  const dataset = (name: string): TargetDataset => {
    let ds = datasets.get(name);
    if (ds === undefined) {
      ds = generateTarget(seed, name, targets[name] ?? 0);
      datasets.set(name, ds);
    }
    return ds;
  };
  const fieldsOf = (ds: TargetDataset, query: Query): ReadonlyMap<string, FieldAccess> => {
    const key = `${ds.target}\u0000${query.divisor}`;
    let fields = accessors.get(key);
    if (fields === undefined) {
      fields = buildAccessors(ds, query.divisor);
      accessors.set(key, fields);
    }
    return fields;
  };

  const rowSetOf = (query: Query): { ds: TargetDataset | null; set: RowSet } => {
    const scope = resolveScope(query.target, configured);
    if (scope === null) return { ds: null, set: EMPTY_SET };
    const ds = dataset(scope.dataset);
    let set = sets.get(query.setKey);
    if (set === undefined) {
      set = computeRowSet(ds, scope, query, fieldsOf(ds, query), dictOrders);
      sets.set(query.setKey, set, set.groupCounts === null ? set.rows.length : 2 * set.rows.length);
    }
    return { ds, set };
  };

  const prepare = (task: unknown, whole: boolean): Prepared => {
    const query = toQuery(task);
    const k = query.offset + query.limit;
    if (!whole && query.token === null && k <= CHEAP_TOP_ROWS && hasCheapTop(query)) {
      // A small first page (a count probe, a preview): no need to order every row for it.
      const scope = resolveScope(query.target, configured);
      if (scope !== null && !sets.has(query.setKey)) {
        const ds = dataset(scope.dataset);
        const { set, total } = topRows(ds, scope, query, fieldsOf(ds, query), k);
        return { query, ds, set, start: query.offset, total };
      }
    }
    const { ds, set } = rowSetOf(query);
    let start = query.offset;
    if (query.token !== null) {
      // A token wins over offset ([INF]): it already encodes the position.
      const { after } = decodeToken(query.token, query, set.keys);
      start = after === null ? 0 : positionAfter(set.rows, set.keys, after.values, after.row);
    }
    return { query, ds, set, start, total: set.rows.length };
  };

  /** What execute() and executeJson() share: the rows of the page and the result's other fields. */
  const pageOf = (task: unknown) => {
    const { query, ds, set, start, total } = prepare(task, false);
    const given = (task as { target?: unknown }).target;
    const end = Math.min(start + query.limit, set.rows.length);
    const consumed = Math.max(Math.min(start, total), end);
    const lastRow = consumed > 0 ? (set.rows[consumed - 1] as number) : null;
    return {
      ds,
      set,
      start,
      end,
      total,
      divisor: query.divisor,
      // The API echoes the target as sent; the normalised form only selects the rows.
      target: typeof given === "string" ? given : query.target,
      mode: query.modeEcho,
      customMode: query.customMode,
      token: encodeToken(query, set.keys, lastRow, start, consumed),
    };
  };
  // One buffer reused by every executeJson() (synchronous, so never shared by two pages at once).
  const writer = new ByteWriter();

  return {
    seed,
    targets: Object.freeze({ ...targets }),
    execute(task: unknown): LiveResultObject {
      const page = pageOf(task);
      const items: Record<string, unknown>[] = [];
      const { ds, set, start, end, divisor } = page;
      if (ds !== null) {
        for (let p = start; p < end; p++) {
          const gc = set.groupCounts === null ? 0 : (set.groupCounts[p] as number);
          items.push(buildItem(ds, set.rows[p] as number, gc, divisor));
        }
      }
      return {
        target: page.target,
        mode: page.mode,
        custom_mode: page.customMode,
        total_count: page.total,
        items_count: items.length,
        items,
        search_after_token: page.token,
      };
    },
    executeJson(task: unknown, buffers?: PageBufferSource): LivePageJson {
      const page = pageOf(task);
      const { ds, set, start, end, divisor } = page;
      const w = buffers === undefined ? writer : new ByteWriter(buffers.acquire());
      // Key order of LiveResultObject; the items are written straight from the columns.
      const count = ds === null ? 0 : Math.max(0, end - start);
      w.text(
        `{"target":${JSON.stringify(page.target)},"mode":${JSON.stringify(page.mode)}` +
          `,"custom_mode":${JSON.stringify(page.customMode)},"total_count":${page.total}` +
          `,"items_count":${count},"items":[`,
      );
      if (ds !== null) writeItemsJson(w, ds, set.rows, set.groupCounts, start, end, divisor);
      w.text(`],"search_after_token":${JSON.stringify(page.token)}}`);
      return { itemsCount: count, token: page.token, json: buffers === undefined ? w.take() : w.written() };
    },
    truth(request: unknown): GroundTruth {
      const { query, ds, set, start } = prepare(request, true);
      return truthOf(ds, set, start, query.divisor);
    },
    warm(names?: readonly string[]): void {
      for (const name of names ?? Object.keys(targets)) {
        const scope = resolveScope(normalizeTarget(name), configured);
        if (scope !== null) dataset(scope.dataset);
      }
    },
  };
}
