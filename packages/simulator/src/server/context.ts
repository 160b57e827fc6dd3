import { createFaultPlan, type FaultPlan } from "../faults/plan.js";
import { Account, toUnits } from "../limits/account.js";
import { ConcurrencyGate } from "../limits/concurrency.js";
import { SlidingWindowRateLimiter } from "../limits/rate.js";
import type { ResolvedOptions } from "../options.js";
import { StatsRecorder } from "../stats.js";
import { createBasicAuth } from "./auth.js";
import type { SimulatorEngine } from "./engine-port.js";
import { apiVersion } from "./envelope.js";
import { PageBufferPool } from "./page-buffers.js";
import { PagePrefetcher } from "./prefetch.js";

/** Everything a request handler reads or counts; one per running server. */
export interface ServerContext {
  readonly options: ResolvedOptions;
  readonly engine: SimulatorEngine;
  readonly stats: StatsRecorder;
  readonly gate: ConcurrencyGate;
  readonly limiter: SlidingWindowRateLimiter | null;
  readonly account: Account;
  readonly plan: FaultPlan;
  /** `version` of every envelope: `0.1.<start date>`. */
  readonly version: string;
  readonly checkAuth: (authorization: string | undefined) => boolean;
  /** Aborted by `close()`: pending latency sleeps and slow bodies stop. */
  readonly signal: AbortSignal;
  readonly perRequestUnits: number;
  readonly perItemUnits: number;
  /** Next pages of token walks, computed while clients are busy. */
  readonly prefetch: PagePrefetcher;
  /** Buffers pages are written into; a page's goes back once its response is sent. */
  readonly pages: PageBufferPool;
  /** Live requests numbered so far (fault schedule and jitter are keyed by this number). */
  liveRequests: number;
}

/** Build the per-server state from validated options. */
export function createContext(
  options: ResolvedOptions,
  engine: SimulatorEngine,
  signal: AbortSignal,
): ServerContext {
  const { limits, pricing, credentials } = options;
  const pages = new PageBufferPool();
  return {
    options,
    engine,
    stats: new StatsRecorder(),
    gate: new ConcurrencyGate(limits.maxConcurrent),
    limiter:
      limits.requestsPerMinute === null ? null : new SlidingWindowRateLimiter(limits.requestsPerMinute),
    account: new Account(limits.dailyCostLimit, limits.balance),
    plan: createFaultPlan(options.faults),
    version: apiVersion(),
    checkAuth: createBasicAuth(credentials.login, credentials.password),
    signal,
    perRequestUnits: toUnits(pricing.perRequest),
    perItemUnits: toUnits(pricing.perItem),
    prefetch: new PagePrefetcher(engine, undefined, pages),
    pages,
    liveRequests: 0,
  };
}
