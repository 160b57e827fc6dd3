/**
 * The simulator's targets: the demo set served when no `targets` option is given.
 */

/** The target `--simulate` exports when none is given: 1,000,000 live backlinks. */
export const DEFAULT_DEMO_TARGET = "example.com";

/**
 * Default demo targets and their sizes (live, external backlinks — what the default request
 * counts; lost and internal backlinks come on top, see the README). One large target for
 * throughput, two small ones for quick runs.
 */
export const DEFAULT_TARGETS: Readonly<Record<string, number>> = Object.freeze({
  [DEFAULT_DEMO_TARGET]: 1_000_000,
  "example.org": 50_000,
  "example.net": 2_000,
});
