/** Output formats the writers produce. */
export const FORMAT_NAMES = Object.freeze(["csv", "ndjson", "parquet"] as const);

/** One of {@link FORMAT_NAMES}. */
export type FormatName = (typeof FORMAT_NAMES)[number];
