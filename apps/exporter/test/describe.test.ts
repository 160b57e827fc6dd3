import { expect, it } from "vitest";
import { describeExport } from "../src/index.js";

it("describes the demo export", () => {
  expect(describeExport("csv", "out")).toContain("example.com");
  expect(() => describeExport("xml", "out")).toThrow(/--format/);
});
