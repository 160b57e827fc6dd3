import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { type BacklinksRequest, canonicalJson, requestHash } from "../src/index.js";

const base: BacklinksRequest = {
  target: "example.com",
  mode: "as_is",
  filters: [["dofollow", "=", true], "and", ["rank", ">", 100]],
  order_by: ["rank,desc"],
  limit: 1000,
};

describe("requestHash", () => {
  it("is sha256 of sorted-key JSON (pinned so a library upgrade cannot silently orphan saved cursors)", () => {
    const canonical =
      '{"filters":[["dofollow","=",true],"and",["rank",">",100]],"limit":1000,"mode":"as_is","order_by":["rank,desc"],"target":"example.com"}';
    expect(canonicalJson(base)).toBe(canonical);
    expect(requestHash(base)).toBe(createHash("sha256").update(canonical).digest("hex"));
  });
  it("does not depend on key order or undefined members", () => {
    const reordered = {
      limit: 1000,
      order_by: ["rank,desc"],
      target: "example.com",
      tag: undefined,
      filters: base.filters,
      mode: "as_is",
    } as BacklinksRequest;
    expect(requestHash(reordered)).toBe(requestHash(base));
  });
  it("ignores offset and search_after_token (position, not identity)", () => {
    expect(requestHash({ ...base, offset: 500, search_after_token: "abc" })).toBe(requestHash(base));
  });
  it("changes with any identity field, including array order", () => {
    const hashes = new Set([
      requestHash(base),
      requestHash({ ...base, target: "example.org" }),
      requestHash({ ...base, limit: 999 }),
      requestHash({ ...base, mode: "one_per_domain" }),
      requestHash({ ...base, order_by: ["rank,asc"] }),
      requestHash({ ...base, filters: [["rank", ">", 100], "and", ["dofollow", "=", true]] }),
      requestHash({ ...base, include_subdomains: false }),
      requestHash({ ...base, tag: "x" }),
    ]);
    expect(hashes.size).toBe(8);
  });
});
