import { expect, it } from "vitest";
import { FORMAT_NAMES } from "../src/index.js";

it("lists the three formats", () => {
  expect(FORMAT_NAMES).toEqual(["csv", "ndjson", "parquet"]);
});
