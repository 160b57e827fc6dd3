/** The limit counters on a fake clock: sliding window, midnight reset, concurrency high-water mark. */
import { describe, expect, it } from "vitest";
import { Account, toUnits, toUsd } from "../src/limits/account.js";
import { ConcurrencyGate } from "../src/limits/concurrency.js";
import { SlidingWindowRateLimiter } from "../src/limits/rate.js";

describe("SlidingWindowRateLimiter", () => {
  it("admits `limit` requests in any 60 s window and frees slots as they age out", () => {
    let now = 1_000_000;
    const limiter = new SlidingWindowRateLimiter(3, () => now);
    expect([limiter.tryAcquire(), limiter.tryAcquire()]).toEqual([true, true]);
    now += 30_000;
    expect(limiter.tryAcquire()).toBe(true);
    expect(limiter.tryAcquire()).toBe(false);
    expect(limiter.remaining()).toBe(0);
    now += 30_000; // the first two are exactly 60 s old: out of the window
    expect(limiter.remaining()).toBe(2);
    expect([limiter.tryAcquire(), limiter.tryAcquire(), limiter.tryAcquire()]).toEqual([true, true, false]);
  });

  it("stays exact over many requests (compaction keeps order)", () => {
    let now = 0;
    const limiter = new SlidingWindowRateLimiter(2000, () => now);
    let admitted = 0;
    for (let i = 0; i < 10_000; i++) {
      now += 10; // 6000 per minute offered
      if (limiter.tryAcquire()) admitted++;
    }
    // 100 s offered → at most 2000 per sliding minute, so about 2000 × 100/60.
    expect(admitted).toBeGreaterThanOrEqual(3333);
    expect(admitted).toBeLessThanOrEqual(4000);
    expect(limiter.used()).toBeLessThanOrEqual(2000);
  });
});

describe("Account", () => {
  it("resets the daily spend at 00:00 UTC", () => {
    let now = Date.UTC(2026, 10, 28, 23, 59);
    const account = new Account(0.05, null, () => now);
    account.charge(toUnits(0.05));
    expect(account.refusal()).toBe("dailyCost");
    now = Date.UTC(2026, 10, 29, 0, 0, 1);
    expect(account.refusal()).toBeNull();
    expect(account.spentToday).toBe(0);
  });

  it("keeps money exact in integer units", () => {
    const account = new Account(null, 1, () => 0);
    for (let i = 0; i < 1000; i++) account.charge(toUnits(0.00003));
    expect(account.balance).toBe(0.97);
    expect(toUsd(toUnits(0.02) + 5 * toUnits(0.00003))).toBe(0.02015);
  });
});

it("ConcurrencyGate counts refused entries in maxSeen", () => {
  const gate = new ConcurrencyGate(2);
  expect([gate.enter(), gate.enter(), gate.enter()]).toEqual([true, true, false]);
  expect(gate.maxSeen).toBe(3);
  gate.leave();
  gate.leave();
  gate.leave();
  expect(gate.inFlight).toBe(0);
});
