import { describe, expect, it } from "vitest";
import { smallEngine, walkItems } from "./engine-support.js";

const engine = smallEngine(21);

describe("truth(request)", () => {
  it("reports the total_count the API reports, and fresh iterators each call", () => {
    const request = { target: "small.test", mode: "one_per_anchor", filters: ["dofollow", "=", false] };
    const truth = engine.truth(request);
    expect(truth.totalCount).toBe(engine.execute(request).total_count);
    const first = [...truth.items()];
    expect(first).toHaveLength(truth.totalCount);
    expect([...truth.items()]).toEqual(first);
  });

  it("starts where a request's token points, like the rest of its walk", () => {
    const request = { target: "small.test", custom_mode: { field: "tld_from", value: 40 }, limit: 30 };
    const page = engine.execute(request);
    const rest = [...engine.truth({ ...request, search_after_token: page.search_after_token }).items()];
    expect(rest).toEqual(walkItems(engine, request).slice(30));
  });

  it("refuses an invalid request like execute does", () => {
    expect(() => engine.truth({ target: "small.test", limit: 5000 })).toThrowError(
      expect.objectContaining({ statusCode: 40501, statusMessage: "Invalid Field: 'limit'." }),
    );
  });
});
