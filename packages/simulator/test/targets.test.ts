import { expect, it } from "vitest";
import { SIMULATED_FILTER_FIELD_COUNT } from "../src/targets.js";

it("answers every filterable field of core's catalogue", () => {
  expect(SIMULATED_FILTER_FIELD_COUNT).toBeGreaterThan(30);
});
