/**
 * `--simulate`: starts the embedded DataForSEO simulator in this process on a free port and points
 * the export at it, with the simulator's own generated credentials. Without `--target` the export
 * takes the demo target (example.com, 1,000,000 live backlinks).
 */

/** A running embedded simulator. */
export interface Simulation {
  readonly api: { readonly baseUrl: string; readonly login: string; readonly password: string };
  close(): Promise<void>;
}

/**
 * Starts the simulator on 127.0.0.1, port 0 (any free port), and generates the datasets of
 * `targets` up front, so the first page (and a dry run's latency probe) does not include the
 * seconds a 1M-row dataset takes to build.
 */
export async function startSimulation(targets: readonly string[]): Promise<Simulation> {
  // Loaded only for --simulate: the simulator is not needed (nor paid for at start-up) otherwise.
  const { startSimulator } = await import("@backlinks/simulator");
  // The demo target (1M rows) is sharded by default: one cached row set per shard chain, 30 at once
  // (the simulator's default of 8 would re-sort a shard's set on nearly every page).
  const simulator = await startSimulator({ host: "127.0.0.1", port: 0, cache: { entries: 256 } });
  for (const target of targets) simulator.truth({ target }).totalCount;
  return {
    api: {
      baseUrl: simulator.url,
      login: simulator.credentials.login,
      password: simulator.credentials.password,
    },
    close: () => simulator.close(),
  };
}
