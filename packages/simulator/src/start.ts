import type { BacklinksRequest } from "@backlinks/core";
import { createEngine } from "./engine/engine.js";
import type { GroundTruth } from "./engine/truth.js";
import { type ResolvedOptions, resolveOptions, type SimulatorOptions } from "./options.js";
import { listen } from "./server/server.js";
import type { SimulatorStats } from "./stats.js";

/** A simulator listening on `url`; see {@link startSimulator}. */
export interface RunningSimulator {
  /** `http://127.0.0.1:PORT` — the base URL a client uses instead of `https://api.dataforseo.com`. */
  readonly url: string;
  /** The HTTP Basic credentials it accepts. */
  readonly credentials: { readonly login: string; readonly password: string };
  /** Stop: closes the listener and every connection (keep-alive ones too), cancels pending delays. Idempotent. */
  close(): Promise<void>;
  /** Counters since start: requests, status codes, injected faults, refusals, cost, peak concurrency. */
  stats(): SimulatorStats;
  /** Every row a full token walk of `request` returns, in order, and its `total_count`. */
  truth(request: BacklinksRequest | Readonly<Record<string, unknown>>): GroundTruth;
}

/**
 * Start a local DataForSEO Backlinks API: options are validated (throws `SimulatorOptionsError`
 * naming the field), the engine is created (datasets are generated lazily on a target's first
 * request), and the server listens on `host:port` (port 0 by default: read `url`).
 *
 * @example
 * const sim = await startSimulator({ targets: { "example.com": 10_000 } });
 * // POST `${sim.url}/v3/backlinks/backlinks/live` with Basic sim.credentials …
 * await sim.close();
 */
export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  return startResolved(resolveOptions(options), { warm: false });
}

/**
 * Start from validated options. `warm` generates every target's dataset before listening (the
 * CLI does, so a user's first request is not the one that waits seconds for a 1M-row target).
 * @internal
 */
export async function startResolved(
  resolved: ResolvedOptions,
  { warm }: { readonly warm: boolean },
): Promise<RunningSimulator> {
  const engine = createEngine({ seed: resolved.seed, targets: resolved.targets, cache: resolved.cache });
  if (warm) engine.warm();
  const server = await listen(resolved, engine);
  return Object.freeze({
    url: server.url,
    credentials: resolved.credentials,
    close: () => server.close(),
    stats: () => server.stats(),
    truth: (request: BacklinksRequest | Readonly<Record<string, unknown>>) => engine.truth(request),
  });
}
