/** The fault plan is a pure function of (seed, request number): frequencies, schedule, determinism. */
import { describe, expect, it } from "vitest";
import { FAULT_KINDS } from "../src/faults/kinds.js";
import { createFaultPlan } from "../src/faults/plan.js";
import { resolveOptions } from "../src/options.js";
import { latencyMs } from "../src/server/latency.js";

function plan(faults: Parameters<typeof resolveOptions>[0] extends infer O ? O : never) {
  return createFaultPlan(resolveOptions(faults).faults);
}

describe("createFaultPlan", () => {
  it("is disabled when nothing can fire", () => {
    expect(plan({}).enabled).toBe(false);
    expect(plan({ faults: { http500: 0.1 } }).enabled).toBe(true);
    expect(plan({ faults: { schedule: { 3: "slowBody" } } }).enabled).toBe(true);
  });

  it("draws each kind with its probability", () => {
    const probabilities = { http502: 0.05, status50401: 0.1, resetMidBody: 0.2, expiredToken: 0.15 };
    const p = plan({ faults: { seed: 42, ...probabilities } });
    const n = 100_000;
    const counts: Record<string, number> = {};
    for (let i = 1; i <= n; i++) {
      const kind = p.decide(i) ?? "none";
      counts[kind] = (counts[kind] ?? 0) + 1;
    }
    for (const [kind, prob] of Object.entries(probabilities)) {
      expect(Math.abs((counts[kind] ?? 0) / n - prob), kind).toBeLessThan(0.01);
    }
    expect(Math.abs((counts.none ?? 0) / n - 0.5)).toBeLessThan(0.01);
    expect(Object.keys(counts).sort()).toEqual([...Object.keys(probabilities), "none"].sort());
  });

  it("gives the same decisions for the same seed in any call order, and others for another seed", () => {
    const a = plan({ faults: { seed: 5, http500: 0.3 } });
    const b = plan({ faults: { seed: 5, http500: 0.3 } });
    const c = plan({ faults: { seed: 6, http500: 0.3 } });
    const forward = Array.from({ length: 200 }, (_, i) => a.decide(i + 1));
    const backward = Array.from({ length: 200 }, (_, i) => b.decide(200 - i)).reverse();
    expect(backward).toEqual(forward);
    expect(Array.from({ length: 200 }, (_, i) => c.decide(i + 1))).not.toEqual(forward);
  });

  it("lets the schedule win over probabilities", () => {
    const p = plan({ faults: { http500: 1, schedule: { 2: "truncatedJson" } } });
    expect([p.decide(1), p.decide(2), p.decide(3)]).toEqual(["http500", "truncatedJson", "http500"]);
  });

  it("keeps the documented order of kinds (the layout of probabilities on [0, 1))", () => {
    expect(FAULT_KINDS).toEqual([
      "http500",
      "http502",
      "http503",
      "status50000",
      "status50401",
      "rateLimit40202",
      "resetMidBody",
      "truncatedJson",
      "slowBody",
      "expiredToken",
    ]);
  });
});

it("latency jitter is deterministic per (seed, request) and within [0, jitterMs)", () => {
  const latency = { fixedMs: 10, perItemMs: 0.01, jitterMs: 50 };
  const values = Array.from({ length: 500 }, (_, i) => latencyMs(latency, 3, i + 1, 1000));
  expect(values).toEqual(Array.from({ length: 500 }, (_, i) => latencyMs(latency, 3, i + 1, 1000)));
  for (const v of values) {
    expect(v).toBeGreaterThanOrEqual(20);
    expect(v).toBeLessThan(70);
  }
  expect(new Set(values.map((v) => Math.floor(v / 10))).size).toBe(5);
});
