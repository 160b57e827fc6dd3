/** Property tests of the limit counters: any arrival pattern, the invariants hold. */
import fc from "fast-check";
import { expect, it } from "vitest";
import { ConcurrencyGate } from "../src/limits/concurrency.js";
import { RATE_WINDOW_MS, SlidingWindowRateLimiter } from "../src/limits/rate.js";
import { canonicalJson } from "../src/server/prefetch.js";

it("never admits more than `limit` requests in any 60 s window, and refuses only when full", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 20 }),
      fc.array(fc.integer({ min: 0, max: 30_000 }), { minLength: 1, maxLength: 300 }),
      (limit, gaps) => {
        let now = 0;
        const limiter = new SlidingWindowRateLimiter(limit, () => now);
        const admitted: number[] = [];
        for (const gap of gaps) {
          now += gap;
          const inWindow = admitted.filter((t) => t > now - RATE_WINDOW_MS).length;
          const ok = limiter.tryAcquire();
          // Admitted exactly when the window had room.
          expect(ok).toBe(inWindow < limit);
          if (ok) admitted.push(now);
          expect(limiter.remaining()).toBe(limit - admitted.filter((t) => t > now - RATE_WINDOW_MS).length);
        }
      },
    ),
  );
});

it("the concurrency gate refuses exactly the entries beyond max and tracks the peak", () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 10 }), fc.array(fc.boolean(), { maxLength: 200 }), (max, steps) => {
      const gate = new ConcurrencyGate(max);
      let inFlight = 0;
      let peak = 0;
      for (const enter of steps) {
        if (enter) {
          inFlight++;
          peak = Math.max(peak, inFlight);
          expect(gate.enter()).toBe(inFlight <= max);
        } else if (inFlight > 0) {
          inFlight--;
          gate.leave();
        }
        expect(gate.inFlight).toBe(inFlight);
      }
      expect(gate.maxSeen).toBe(peak);
    }),
  );
});

it("canonical task keys ignore key order at every level", () => {
  expect(canonicalJson(JSON.parse('{"__proto__":1,"a":2}'))).toBe('{"__proto__":1,"a":2}');
  fc.assert(
    fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (task) => {
      const reversed = Object.fromEntries(Object.entries(task).reverse());
      expect(canonicalJson(reversed)).toBe(canonicalJson(task));
      expect(JSON.parse(canonicalJson(task))).toEqual(JSON.parse(JSON.stringify(task)));
    }),
  );
});
