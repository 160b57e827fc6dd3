import { FILTER_FIELDS } from "@backlinks/core";

/** The target `--simulate` exports when none is given: 1,000,000 live backlinks. */
export const DEFAULT_DEMO_TARGET = "example.com";

/** Number of filterable fields the simulator answers (all of core's catalogue). */
export const SIMULATED_FILTER_FIELD_COUNT = Object.keys(FILTER_FIELDS).length;
