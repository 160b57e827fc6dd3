/** The page prefetcher on a counting stand-in engine: what it computes, when, and what it keeps. */
import { setImmediate as tick } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { canonicalJson, PagePrefetcher } from "../src/server/prefetch.js";
import { fakeEngine } from "./support/fake-engine.js";

describe("PagePrefetcher", () => {
  it("computes the next page of a full page once the loop is free, and hands it out once", async () => {
    const engine = fakeEngine(5000);
    const prefetch = new PagePrefetcher(engine);
    prefetch.ahead({ target: "example.com", limit: 100 }, 100, "100");
    expect(engine.executed).toHaveLength(0); // not before the event loop is free
    await tick();
    expect(engine.executed).toEqual([{ target: "example.com", limit: 100, search_after_token: "100" }]);
    const page = prefetch.take({ search_after_token: "100", limit: 100, target: "example.com" });
    expect(page?.itemsCount).toBe(100);
    expect(page?.token).toBe("200");
    expect(JSON.parse(page?.json.toString("utf8") ?? "null")).toEqual(
      engine.execute({ target: "example.com", limit: 100, search_after_token: "100" }),
    );
    expect(prefetch.take({ target: "example.com", limit: 100, search_after_token: "100" })).toBeUndefined();
  });

  it("does nothing after a short page (the walk is over), without a token, or for another task", async () => {
    const engine = fakeEngine();
    const prefetch = new PagePrefetcher(engine);
    prefetch.ahead({ target: "example.com", limit: 100 }, 40, "2500");
    prefetch.ahead({ target: "example.com" }, 100, null);
    prefetch.ahead({ target: "example.com" }, 99, "99"); // default limit is 100
    await tick();
    expect(engine.executed).toHaveLength(0);
    prefetch.ahead({ target: "example.com", limit: 10 }, 10, "10");
    await tick();
    expect(prefetch.take({ target: "example.com", limit: 11, search_after_token: "10" })).toBeUndefined();
    expect(prefetch.take({ target: "example.com", limit: 10 })).toBeUndefined();
  });

  it("drops the background job when the request comes first, and stops on close", async () => {
    const engine = fakeEngine();
    const prefetch = new PagePrefetcher(engine);
    prefetch.ahead({ target: "example.com", limit: 10 }, 10, "10");
    expect(prefetch.take({ target: "example.com", limit: 10, search_after_token: "10" })).toBeUndefined();
    prefetch.ahead({ target: "example.com", limit: 10 }, 10, "20");
    prefetch.close();
    await tick();
    expect(engine.executed).toHaveLength(0);
  });

  it("keeps at most maxBytes of pages, oldest out first", async () => {
    const engine = fakeEngine(10_000);
    const one = JSON.stringify(
      engine.execute({ target: "a.com", limit: 100, search_after_token: "100" }),
    ).length;
    const prefetch = new PagePrefetcher(engine, one * 2 + 10);
    for (const target of ["a.com", "b.com", "c.com"]) prefetch.ahead({ target, limit: 100 }, 100, "100");
    await tick();
    expect(prefetch.size).toBe(2);
    expect(prefetch.take({ target: "a.com", limit: 100, search_after_token: "100" })).toBeUndefined();
    expect(prefetch.take({ target: "c.com", limit: 100, search_after_token: "100" })).toBeDefined();
  });

  it("keys tasks by canonical JSON (key order does not matter, array order does)", () => {
    expect(canonicalJson({ b: 1, a: { d: [2, 1], c: null } })).toBe('{"a":{"c":null,"d":[2,1]},"b":1}');
    expect(canonicalJson({ a: [1, 2] })).not.toBe(canonicalJson({ a: [2, 1] }));
  });
});
