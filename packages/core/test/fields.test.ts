import { describe, expect, it } from "vitest";
import { CUSTOM_MODE_FIELDS, FILTER_FIELDS, OPERATORS_BY_TYPE } from "../src/index.js";

describe("field catalogue", () => {
  it("types every custom_mode field as a filterable str or num field", () => {
    for (const f of CUSTOM_MODE_FIELDS) {
      expect(["str", "num"]).toContain(FILTER_FIELDS[f]);
    }
  });
  it("only allows has/has_not on array fields", () => {
    expect(OPERATORS_BY_TYPE["array.str"]).toEqual(["has", "has_not"]);
    expect(OPERATORS_BY_TYPE.num).not.toContain("like");
  });
  it("is frozen", () => {
    expect(Object.isFrozen(FILTER_FIELDS)).toBe(true);
  });
});
