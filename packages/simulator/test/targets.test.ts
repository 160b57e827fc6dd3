import { FILTER_FIELDS } from "@backlinks/core";
import { describe, expect, it } from "vitest";
import { generateTarget } from "../src/dataset/target-dataset.js";
import { buildAccessors } from "../src/engine/fields.js";
import { DEFAULT_DEMO_TARGET, DEFAULT_TARGETS } from "../src/targets.js";

describe("default targets", () => {
  it("include the demo target with at least 1,000,000 live backlinks and smaller ones", () => {
    expect(DEFAULT_DEMO_TARGET).toBe("example.com");
    expect(DEFAULT_TARGETS[DEFAULT_DEMO_TARGET]).toBeGreaterThanOrEqual(1_000_000);
    const small = Object.values(DEFAULT_TARGETS).filter((n) => n < 100_000);
    expect(small.length).toBeGreaterThanOrEqual(2);
  });

  it("answer every filterable field of core's catalogue", () => {
    const fields = buildAccessors(generateTarget(1, "example.net", 100), 1);
    expect([...fields.keys()].sort()).toEqual(Object.keys(FILTER_FIELDS).sort());
  });
});
