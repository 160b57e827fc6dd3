/** Options are validated once, with a one-line error naming the field, then frozen. */
import { describe, expect, it } from "vitest";
import { SimulatorOptionsError } from "../src/errors.js";
import { resolveOptions } from "../src/options.js";

describe("resolveOptions", () => {
  it("fills the documented defaults and freezes the result", () => {
    const o = resolveOptions();
    expect(o).toMatchObject({
      host: "127.0.0.1",
      port: 0,
      seed: 1,
      latency: { fixedMs: 0, perItemMs: 0, jitterMs: 0 },
      limits: { requestsPerMinute: 2000, maxConcurrent: 30, dailyCostLimit: null, balance: null },
      pricing: { perRequest: 0.02, perItem: 0.00003 },
    });
    expect(o.faults.seed).toBe(1);
    expect(o.credentials.login).toMatch(/^sim-[0-9a-f]{6}$/);
    expect(o.credentials.password).toMatch(/^[0-9a-f]{24}$/);
    expect(Object.isFrozen(o)).toBe(true);
    expect(Object.isFrozen(o.limits)).toBe(true);
    expect(resolveOptions().credentials.password).not.toBe(o.credentials.password);
  });

  it.each([
    [{ port: 70000 }, "port", /expected an integer in 0\.\.65535, got 70000/],
    [{ seed: 1.5 }, "seed", /integer/],
    [{ targets: { "example.com": -1 } }, 'targets["example.com"]', /got -1/],
    [{ targets: {} }, "targets", /at least one target/],
    [{ latency: { fixedMs: -5 } }, "latency.fixedMs", /≥ 0/],
    [{ limits: { maxConcurrent: 0 } }, "limits.maxConcurrent", /integer/],
    [{ limits: { requestsPerMinute: "many" } }, "limits.requestsPerMinute", /got "many"/],
    [{ pricing: { perItem: Number.NaN } }, "pricing.perItem", /finite number/],
    [{ faults: { http500: 1.5 } }, "faults.http500", /probability/],
    [{ faults: { http500: 0.6, http502: 0.6 } }, "faults", /sum to at most 1/],
    [{ faults: { schedule: { 0: "http500" } } }, "faults.schedule", /≥ 1/],
    [{ faults: { schedule: { 2: "explode" } } }, "faults.schedule.2", /one of http500\|/],
    [{ fault: {} }, "fault", /no such option/],
    [{ limits: { rpm: 5 } }, "limits.rpm", /no such option/],
    [{ credentials: { login: "a:b", password: "x" } }, "credentials.login", /without ':'/],
  ])("rejects %j naming %s", (input, field, message) => {
    let error: unknown;
    try {
      resolveOptions(input);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SimulatorOptionsError);
    const e = error as SimulatorOptionsError;
    expect(e.code).toBe("ERR_SIM_OPTIONS");
    expect(e.name).toBe("SimulatorOptionsError");
    expect(e.field).toBe(field);
    expect(e.message).toMatch(message);
    expect(e.message).toContain(field);
    expect(e.message.split("\n")).toHaveLength(1);
  });

  it("never puts a given password in an error", () => {
    expect(() => resolveOptions({ credentials: { login: "me", password: 12345678 } })).toThrow(
      /credentials\.password: expected a non-empty string, got number/,
    );
  });

  it("accepts null to switch a limit off", () => {
    const o = resolveOptions({
      limits: { requestsPerMinute: null, maxConcurrent: null, dailyCostLimit: null },
    });
    expect(o.limits).toMatchObject({ requestsPerMinute: null, maxConcurrent: null, dailyCostLimit: null });
  });
});
