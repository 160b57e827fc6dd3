import { describe, expect, it } from "vitest";
import type { ExportOptions } from "../src/export/types.js";
import { resolveOptions } from "../src/options.js";
import { diffParams, fingerprint } from "../src/state/fingerprint.js";

const SECRET = "s3cr3t-PASSWORD";
const base = (): ExportOptions => ({
  targets: ["example.com"],
  request: { mode: "as_is" },
  pageSize: 1000,
  format: "ndjson",
  out: "./out",
  partRows: 1_000_000,
  concurrency: 30,
  rate: 2000,
  api: { baseUrl: "http://127.0.0.1:1", login: "user", password: SECRET },
});

describe("resolveOptions", () => {
  it("resolves and freezes", () => {
    const o = resolveOptions({ ...base(), targets: ["HTTPS://WWW.Example.com/", "b.org"], maxRows: 10 });
    expect(o.tasks.map((t) => t.target)).toEqual(["example.com", "b.org"]);
    expect(o.limit).toBe(10);
    expect(o.tasks[0]!.request).toMatchObject({ target: "example.com", limit: 10, mode: "as_is" });
    expect(o.output.extension).toBe(".ndjson");
    expect(Object.isFrozen(o)).toBe(true);
    expect(Object.isFrozen(o.params)).toBe(true);
    expect(() => {
      (o as { pageSize: number }).pageSize = 5;
    }).toThrow();
  });

  it("applies defaults for omitted numbers", () => {
    const { pageSize: _p, partRows: _r, concurrency: _c, rate: _t, ...rest } = base();
    const o = resolveOptions(rest as ExportOptions);
    expect([o.pageSize, o.partRows, o.concurrency, o.rate]).toEqual([1000, 1_000_000, 30, 2000]);
  });

  const bad: [string, Partial<ExportOptions> | Record<string, unknown>, string][] = [
    ["no targets", { targets: [] }, "targets"],
    ["bad target", { targets: ["not a domain"] }, "targets[0]"],
    ["duplicate target", { targets: ["a.com", "www.a.com"] }, "targets[1]"],
    ["pageSize 0", { pageSize: 0 }, "pageSize"],
    ["pageSize 1001", { pageSize: 1001 }, "pageSize"],
    ["partRows 0", { partRows: 0 }, "partRows"],
    ["maxRows -1", { maxRows: -1 }, "maxRows"],
    ["maxCost 0", { maxCost: 0 }, "maxCost"],
    ["concurrency 31", { concurrency: 31 }, "concurrency"],
    ["rate 0", { rate: 0 }, "rate"],
    ["format xml", { format: "xml" }, "format"],
    ["csv snappy", { format: "csv", compression: "snappy" }, "compression"],
    ["limit in request", { request: { limit: 5 } }, "request.limit"],
    ["token in request", { request: { search_after_token: "x" } }, "request.search_after_token"],
    ["bad mode", { request: { mode: "all" } }, "request.mode"],
    ["bad filter", { request: { filters: ["nope", "=", 1] } }, "request.filters[0]"],
    ["resume+force", { resume: true, force: true }, "resume"],
    ["bad out", { out: "gs://bucket/x" }, "out"],
    ["s3 with disk out", { s3: { endpoint: "http://127.0.0.1:1" } }, "s3"],
    ["bad s3 endpoint", { out: "s3://bucket/x", s3: { endpoint: "nope" } }, "s3.endpoint"],
    ["no password", { api: { baseUrl: "live", login: "u", password: "" } }, "api.password"],
    ["bad baseUrl", { api: { baseUrl: "ftp://x", login: "u", password: SECRET } }, "api.baseUrl"],
  ];
  it.each(bad)("%s → ERR_INVALID_OPTIONS", (_name, patch, field) => {
    let caught: unknown;
    try {
      resolveOptions({ ...base(), ...patch } as ExportOptions);
    } catch (err) {
      caught = err;
    }
    expect(caught).toMatchObject({ code: "ERR_INVALID_OPTIONS", name: "InvalidOptionsError" });
    const e = caught as Error & { issues: { field: string }[] };
    expect(e.issues.map((i) => i.field)).toContain(field);
    expect(e.message.split("\n")).toHaveLength(1);
    expect(e.message).not.toContain(SECRET);
    expect(JSON.stringify(e.issues)).not.toContain(SECRET);
  });
});

describe("fingerprint", () => {
  it("ignores control options and the API URL, not the request", () => {
    const a = resolveOptions(base()).params;
    const b = resolveOptions({
      ...base(),
      maxCost: 3,
      concurrency: 2,
      api: { ...base().api, baseUrl: "live" },
    }).params;
    const c = resolveOptions({ ...base(), request: { mode: "one_per_domain" } }).params;
    expect(fingerprint(a)).toBe(fingerprint(b));
    expect(fingerprint(a)).not.toBe(fingerprint(c));
    expect(diffParams(a, c)).toEqual([expect.stringMatching(/^request: /)]);
    expect(JSON.stringify(a)).not.toContain(SECRET);
  });
});
