import { describe, expect, it } from "vitest";
import { Lru } from "../src/engine/lru.js";

describe("row-set LRU", () => {
  it("evicts the least recently used entry beyond the entry bound", () => {
    const lru = new Lru<string>(2, 1000);
    lru.set("a", "A", 1);
    lru.set("b", "B", 1);
    expect(lru.get("a")).toBe("A"); // a is now the most recent
    lru.set("c", "C", 1);
    expect(lru.get("b")).toBeUndefined();
    expect(lru.get("a")).toBe("A");
    expect(lru.get("c")).toBe("C");
    expect(lru.size).toBe(2);
  });

  it("evicts by weight but always keeps the newest entry", () => {
    const lru = new Lru<string>(10, 100);
    lru.set("a", "A", 60);
    lru.set("b", "B", 30);
    lru.set("c", "C", 50);
    expect(lru.get("a")).toBeUndefined();
    expect(lru.get("b")).toBe("B");
    lru.set("huge", "H", 500);
    expect(lru.get("huge")).toBe("H");
    expect(lru.size).toBe(1);
  });
});
