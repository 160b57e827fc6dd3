import { describe, expect, it } from "vitest";
import { createRedactor, errorLine } from "../src/cli/error-line.js";
import { invocation, resumeCommand, shellQuote } from "../src/cli/signals.js";
import { computeEstimate } from "../src/dry-run.js";
import { prettyEstimate } from "../src/progress/estimate.js";
import { createJsonLines } from "../src/progress/json-lines.js";
import { formatDuration, formatUsd } from "../src/progress/numbers.js";
import { jsonSummary, prettySummary, queryOneLiner } from "../src/progress/summary.js";

const summary = {
  status: "complete" as const,
  out: "/data/backlinks",
  targets: [
    { target: "example.com", totalCount: 3000, rows: 3000, parts: 3, pages: 6, cost: 0.21, complete: true },
  ],
  rows: 3000,
  requests: 6,
  retries: 1,
  cost: 0.21,
  startedAt: "2026-11-28T10:00:00.000Z",
  endedAt: "2026-11-28T10:00:03.000Z",
  manifestPath: "/data/backlinks/_manifest.json",
};

describe("resume command", () => {
  it("repeats the flags without --force, adds --resume and quotes for a shell", () => {
    const argv = ["--target", "example.com", "--filter", "anchor like '%seo%'", "--force", "--out", "./o"];
    expect(resumeCommand(argv, "backlinks-export")).toBe(
      `backlinks-export --target example.com --filter 'anchor like '\\''%seo%'\\''' --out ./o --resume`,
    );
    expect(shellQuote("a b")).toBe("'a b'");
    expect(invocation("/repo/apps/exporter/dist/cli.js", "/repo")).toBe("node apps/exporter/dist/cli.js");
    expect(invocation("/usr/local/bin/backlinks-export", "/x")).toBe("backlinks-export");
  });
});

describe("error lines", () => {
  it("are one line with code, advice and exit code, secrets redacted", () => {
    const redact = createRedactor(["p4ssw0rd-secret"]);
    const error = Object.assign(new Error("bad\nthing with p4ssw0rd-secret inside"), { code: "ERR_SINK_IO" });
    const { line, exitCode } = errorLine(error, "pretty", redact);
    expect(exitCode).toBe(5);
    expect(line).toMatch(
      /^backlinks-export: ERR_SINK_IO: bad thing with \*\*\* inside; check --out.* \(exit 5\)$/,
    );
    const json = JSON.parse(errorLine(new RangeError("oops"), "json", redact).line);
    expect(json).toMatchObject({ type: "error", code: "ERR_INTERNAL", exitCode: 1 });
    expect(json.message).toMatch(/^RangeError: oops; this is a bug/);
  });

  it("names flags where the library names options", () => {
    const exists = Object.assign(
      new Error("output o is not empty; pass force to replace the dataset or resume to continue it"),
      {
        code: "ERR_OUTPUT_EXISTS",
      },
    );
    expect(errorLine(exists, "pretty", (s) => s).line).toContain(
      "pass --force to replace the dataset or --resume to continue",
    );
    const budget = Object.assign(new Error("stopped before passing maxCost $1"), {
      code: "ERR_BUDGET_EXCEEDED",
    });
    expect(errorLine(budget, "pretty", (s) => s).line).toContain("stopped before passing --max-cost $1");
  });

  it("names the flag for the library's option errors", () => {
    const error = Object.assign(new Error("targets[1]: duplicate of targets[0]"), {
      code: "ERR_INVALID_OPTIONS",
    });
    expect(errorLine(error, "pretty", (s) => s).line).toContain("ERR_INVALID_OPTIONS: --target: duplicate");
  });
});

describe("summary", () => {
  it("prints status, rows vs total_count, cost, where the dataset is and how to query it", () => {
    const lines = prettySummary(summary, "parquet", undefined);
    expect(lines[0]).toMatch(
      /^✔ complete: 3,000 of 3,000 rows .*6 requests \(1 retry\), \$0\.2100 spent, 3\.0s/,
    );
    expect(lines[1]).toContain("dataset:  /data/backlinks");
    expect(lines[2]).toContain("read_parquet('/data/backlinks/**/*.parquet', hive_partitioning=true)");
    const json = JSON.parse(jsonSummary(summary, "csv", "to continue: x"));
    expect(json).toMatchObject({
      type: "summary",
      rows: 3000,
      dataset: "/data/backlinks",
      hint: "to continue: x",
    });
    expect(prettySummary(summary, "csv", undefined, undefined, true)[0]).toMatch(/, 3\.0s \(this run\)$/);
    const capped = prettySummary({ ...summary, rows: 1000 }, "csv", undefined, 1000);
    expect(capped[0]).toMatch(
      /^✔ complete: 1,000 of 1,000 rows \(total_count 3,000, --max-rows 1,000 per target\)/,
    );
    expect(queryOneLiner("s3://b/p", "ndjson")).toContain("read_json('s3://b/p/**/*.ndjson*'");
  });
});

describe("JSON progress lines", () => {
  it("write totals per interval and a last line on stop", async () => {
    const lines: string[] = [];
    const r = createJsonLines((l) => lines.push(l), 2, 20);
    const event = { rows: 500, totalCount: 3000, pages: 1, cost: 0.035, retries: 0, rowsPerSecond: 1000 };
    r.progress({ target: "a.com", ...event });
    r.progress({ target: "b.com", ...event, cost: 0.07 });
    await new Promise((resolve) => setTimeout(resolve, 60));
    r.progress({ target: "a.com", ...event, rows: 1000, pages: 2, cost: 0.1 });
    r.stop();
    const parsed = lines.map((l) => JSON.parse(l));
    expect(parsed.length).toBe(2);
    expect(parsed[0]).toMatchObject({
      type: "progress",
      rows: 1000,
      totalCount: 6000,
      cost: 0.07,
      targetsStarted: 2,
    });
    expect(parsed[1]).toMatchObject({ rows: 1500, pages: 3, cost: 0.1 });
  });
});

describe("dry-run estimate", () => {
  it("computes rows, requests, cost and time from total_count", () => {
    const e = computeEstimate(
      { pageSize: 1000, maxRows: undefined, rate: 2000, concurrency: 30 },
      [
        { target: "a.com", totalCount: 1_000_000 },
        { target: "b.com", totalCount: 0 },
      ],
      { probed: true, probeCost: 0.04003, latencySeconds: 0.5, scale: 1 },
    );
    expect(e.rows).toBe(1_000_000);
    expect(e.requests).toBe(1001);
    expect(e.cost).toBeCloseTo(1001 * 0.02 + 1_000_000 * 0.00003, 6);
    expect(e.time?.ceilingSeconds).toBeCloseTo((1001 / 2000) * 60, 6);
    expect(e.time?.longestChainSeconds).toBeCloseTo(500, 6);
    expect(e.time?.estimateSeconds).toBeCloseTo(500, 6);
    const text = prettyEstimate(e, 10).join("\n");
    expect(text).toMatch(/made 2 minimal paid requests \(limit 1\)/);
    expect(text).toMatch(/estimate \(not a quote\): 1,000,000 rows, 1,001 requests, cost \$50\.02/);
    expect(text).toMatch(/--max-cost \$10\.00 would stop the export early/);
  });

  it("without a probe says total_count is unknown", () => {
    const e = computeEstimate(
      { pageSize: 1000, maxRows: undefined, rate: 2000, concurrency: 30 },
      [{ target: "a.com", totalCount: undefined }],
      { probed: false, probeCost: 0, latencySeconds: undefined, scale: 1 },
    );
    expect(e.rows).toBeUndefined();
    expect(prettyEstimate(e, undefined)[0]).toMatch(/no request made \(--no-probe\)/);
  });

  it("formats money and durations", () => {
    expect(formatUsd(0.02003)).toBe("$0.0200");
    expect(formatUsd(50.5)).toBe("$50.50");
    expect(formatDuration(125)).toBe("2m 05s");
    expect(formatDuration(7380)).toBe("2h 03m");
  });
});
