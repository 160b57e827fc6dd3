import { ApiStatusError, HttpError, RetriesExhaustedError } from "@backlinks/core";
import { describe, expect, it } from "vitest";
import { EXPORT_ERROR_CODES, ExportError, nextUtcMidnight } from "../src/errors.js";
import { classifyApiFailure, toExportError } from "../src/export/api-errors.js";
import { Budget } from "../src/export/budget.js";
import { expectedRows, isComplete, mismatches } from "../src/export/completeness.js";
import type { ExportSummary } from "../src/index.js";
import type { ChainState } from "../src/state/state.js";

describe("Budget", () => {
  it("reserves estimates so concurrent chains never pass maxCost", () => {
    let spent = 0;
    const b = new Budget({ maxCost: 0.1, spent: () => spent, limit: 1000, largestPageSeen: 0 });
    expect(b.estimate("a")).toBeCloseTo(0.024 + 0.036, 9); // list price before any page
    const r1 = b.reserve("a");
    expect(r1).not.toBeNull();
    expect(b.reserve("b")).toBeNull(); // 0.06 + 0.06 > 0.1
    spent += 0.05;
    b.settle("a", r1!, 0.05);
    expect(b.estimate("a")).toBe(0.05); // previous page of the chain
    expect(b.estimate("b")).toBe(0.05); // largest page seen
    const r2 = b.reserve("a");
    expect(r2).toBe(0.05);
    expect(b.reserve("b")).toBeNull();
    spent += 0.05;
    b.settle("a", r2!, 0.05);
    expect(b.reserve("a")).toBeNull(); // exactly at the limit: the next page would pass it
  });

  it("without maxCost always reserves", () => {
    const b = new Budget({ maxCost: undefined, spent: () => 1e9, limit: 10, largestPageSeen: 0 });
    expect(b.reserve("x")).not.toBeNull();
  });
});

const chain = (patch: Partial<ChainState>): ChainState => ({
  target: "a.com",
  dir: "target=a.com",
  cursor: null,
  skipRows: 0,
  parts: [],
  rows: 0,
  pages: 0,
  pagesBought: 0,
  cost: 0,
  totalCount: null,
  end: null,
  ...patch,
});

describe("completeness", () => {
  it("compares rows with the last total_count, capped by maxRows", () => {
    expect(isComplete(chain({ rows: 10, totalCount: 10, end: "end_of_data" }), null)).toBe(true);
    expect(isComplete(chain({ rows: 10, totalCount: 10, end: null }), null)).toBe(false);
    expect(isComplete(chain({ rows: 5, totalCount: 10, end: "max_rows" }), 5)).toBe(true);
    expect(expectedRows(chain({ totalCount: 3 }), 5)).toBe(3);
    expect(
      mismatches(
        [
          chain({ rows: 9, totalCount: 10, end: "end_of_data" }),
          chain({ target: "b", rows: 12, totalCount: 11, end: "end_of_data" }),
        ],
        null,
      ),
    ).toEqual([
      { target: "a.com", expected: 10, rows: 9 },
      { target: "b", expected: 11, rows: 12 },
    ]);
  });
});

describe("API failures", () => {
  const summary = { status: "partial" } as ExportSummary;
  const status = (statusCode: number) =>
    new ApiStatusError({ statusCode, statusMessage: "x", level: "request", retryable: false });

  it.each([
    [status(40203), "ERR_DAILY_COST_LIMIT"],
    [status(40210), "ERR_INSUFFICIENT_FUNDS"],
    [new HttpError(402), "ERR_INSUFFICIENT_FUNDS"],
    [new HttpError(401), "ERR_API_AUTH"],
    [status(40100), "ERR_API_AUTH"],
    [status(40501), "ERR_API"],
    [new RetriesExhaustedError(6, 1000, "attempts", status(50000)), "ERR_API"],
  ])("%s → %s", (err, code) => {
    const e = toExportError(err, summary);
    expect(e).toBeInstanceOf(ExportError);
    expect(e.code).toBe(code);
    expect(EXPORT_ERROR_CODES).toContain(e.code);
    expect(e.cause).toBe(err);
  });

  it("finds the status through the cause chain and says when the daily limit resets", () => {
    const wrapped = new RetriesExhaustedError(2, 10, "attempts", status(40203));
    expect(classifyApiFailure(wrapped).kind).toBe("daily_cost_limit");
    expect(toExportError(wrapped, summary).message).toMatch(/resets at 00:00 UTC/);
    expect(nextUtcMidnight(new Date("2026-11-28T23:59:59Z")).toISOString()).toBe("2026-11-29T00:00:00.000Z");
  });
});
