import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { flagsToPlan } from "../src/cli/argv-to-options.js";
import { refuseSecretsOnArgv } from "../src/cli/credentials.js";
import { parseArgv } from "../src/cli/program.js";

const env = { DATAFORSEO_LOGIN: "user@example.com", DATAFORSEO_PASSWORD: "s3cret-pass-123" };
const dir = mkdtempSync(join(tmpdir(), "cli-argv-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function plan(argv: string[], environment: Record<string, string | undefined> = env) {
  refuseSecretsOnArgv(argv);
  const flags = parseArgv(argv, "0.0.0", () => {});
  if (flags === undefined) throw new Error("help printed");
  return flagsToPlan(flags, environment);
}

async function failure(argv: string[], environment: Record<string, string | undefined> = env) {
  try {
    await plan(argv, environment);
  } catch (error) {
    return error as Error & { code: string };
  }
  throw new Error(`expected ${argv.join(" ")} to fail`);
}

describe("argv → ExportOptions", () => {
  it("maps every request, output and control flag", async () => {
    const p = await plan([
      "--target",
      "example.com",
      "--target",
      "https://example.org/page",
      "--mode",
      "one_per_domain",
      "--custom-mode",
      "domain_from:100",
      "--filter",
      "dofollow = true and domain_from_rank >= 100",
      "--order-by",
      "domain_from_rank,desc",
      "--order-by",
      "first_seen,asc",
      "--status",
      "all",
      "--no-include-subdomains",
      "--no-exclude-internal",
      "--include-indirect",
      "--rank-scale",
      "one_hundred",
      "--page-size",
      "500",
      "--format",
      "csv",
      "--compression",
      "gzip",
      "--csv-bom",
      "--out",
      "s3://my-bucket/some/prefix",
      "--s3-endpoint",
      "http://127.0.0.1:9000/",
      "--s3-path-style",
      "--s3-region",
      "eu-west-1",
      "--part-rows",
      "100_000",
      "--max-rows",
      "5000",
      "--max-cost",
      "$2.50",
      "--allow-partial",
      "--concurrency",
      "10",
      "--rate",
      "600",
      "--force",
      "--api",
      "sandbox",
    ]);
    expect(p.dryRun).toBe(false);
    expect(Object.isFrozen(p)).toBe(true);
    expect(p.options).toMatchObject({
      targets: ["example.com", "https://example.org/page"],
      request: {
        mode: "one_per_domain",
        custom_mode: { field: "domain_from", value: 100 },
        order_by: ["domain_from_rank,desc", "first_seen,asc"],
        backlinks_status_type: "all",
        include_subdomains: false,
        exclude_internal_backlinks: false,
        include_indirect_links: true,
        rank_scale: "one_hundred",
      },
      pageSize: 500,
      format: "csv",
      compression: "gzip",
      csv: { bom: true, escapeFormulas: false },
      out: "s3://my-bucket/some/prefix",
      s3: { endpoint: "http://127.0.0.1:9000", forcePathStyle: true, region: "eu-west-1" },
      partRows: 100_000,
      maxRows: 5000,
      maxCost: 2.5,
      allowPartial: true,
      concurrency: 10,
      rate: 600,
      force: true,
      resume: false,
      api: { baseUrl: "sandbox", login: env.DATAFORSEO_LOGIN, password: env.DATAFORSEO_PASSWORD },
    });
    expect(Array.isArray(p.options.request.filters)).toBe(true);
  });

  it("uses defaults and leaves unset request fields to the API", async () => {
    const p = await plan(["--target", "example.com", "--out", "./x"]);
    expect(p.options).toMatchObject({
      request: {},
      pageSize: 1000,
      format: "parquet",
      partRows: 1_000_000,
      concurrency: 30,
      rate: 2000,
      allowPartial: false,
      api: { baseUrl: "live" },
    });
    expect(p.presentation).toEqual({ logFormat: "pretty", quiet: false, progressIntervalMs: 1000 });
  });

  it("--simulate takes the demo target and needs no credentials", async () => {
    const p = await plan(["--simulate", "--out", "./demo"], {});
    expect(p.simulate).toBe(true);
    expect(p.options.targets).toEqual(["example.com"]);
  });

  it("merges --targets-file with --target, dropping comments, headers and duplicates", async () => {
    const file = join(dir, "targets.csv");
    writeFileSync(file, "target,notes\n# a comment\nexample.org, x\n\nexample.com\nexample.net # inline\n");
    const p = await plan(["--target", "example.com", "--targets-file", file, "--out", "o"]);
    expect(p.options.targets).toEqual(["example.com", "example.org", "example.net"]);
  });

  it("reads credentials from a JSON or KEY=VALUE file", async () => {
    const json = join(dir, "creds.json");
    writeFileSync(json, JSON.stringify({ login: "json-user", password: "json-password" }));
    const kv = join(dir, "creds.env");
    writeFileSync(kv, "# creds\nexport DATAFORSEO_LOGIN=kv-user\nDATAFORSEO_PASSWORD='kv-password'\n");
    const a = await plan(["--target", "example.com", "--out", "o", "--credentials-file", json], {});
    expect(a.options.api).toMatchObject({ login: "json-user", password: "json-password" });
    const b = await plan(["--target", "example.com", "--out", "o", "--credentials-file", kv], {});
    expect(b.options.api).toMatchObject({ login: "kv-user", password: "kv-password" });
  });

  const bad: [string, string[], string, RegExp, Record<string, string | undefined>?][] = [
    ["unknown flag", ["--target", "a.com", "--out", "o", "--frobnicate"], "ERR_USAGE", /--frobnicate/],
    ["flag without value", ["--target", "a.com", "--out"], "ERR_USAGE", /--out/],
    [
      "page size",
      ["--target", "a.com", "--out", "o", "--page-size", "5000"],
      "ERR_INVALID_OPTION",
      /--page-size: expected an integer from 1 to 1000, got "5000"/,
    ],
    [
      "mode",
      ["--target", "a.com", "--out", "o", "--mode", "all"],
      "ERR_INVALID_OPTION",
      /--mode: expected one of as_is/,
    ],
    [
      "custom mode",
      ["--target", "a.com", "--out", "o", "--custom-mode", "domain:5"],
      "ERR_INVALID_OPTION",
      /--custom-mode/,
    ],
    [
      "custom mode value",
      ["--target", "a.com", "--out", "o", "--custom-mode", "domain_from:0"],
      "ERR_INVALID_OPTION",
      /--custom-mode: expected an integer from 1 to 1000, got "0"/,
    ],
    [
      "filter syntax",
      ["--target", "a.com", "--out", "o", "--filter", "dofollow = "],
      "ERR_FILTER_SYNTAX",
      /--filter/,
    ],
    ["filter field", ["--target", "a.com", "--out", "o", "--filter", "nosuchfield = 1"], "ERR_", /--filter/],
    [
      "filters json",
      ["--target", "a.com", "--out", "o", "--filters-json", "{nope"],
      "ERR_INVALID_OPTION",
      /--filters-json/,
    ],
    [
      "both filters",
      ["--target", "a.com", "--out", "o", "--filter", "dofollow = true", "--filters-json", "[]"],
      "ERR_INVALID_OPTION",
      /not both/,
    ],
    [
      "order by",
      ["--target", "a.com", "--out", "o", "--order-by", "rank"],
      "ERR_INVALID_OPTION",
      /--order-by/,
    ],
    ["status", ["--target", "a.com", "--out", "o", "--status", "dead"], "ERR_INVALID_OPTION", /--status/],
    [
      "format",
      ["--target", "a.com", "--out", "o", "--format", "xlsx"],
      "ERR_INVALID_OPTION",
      /--format: expected one of csv, ndjson, parquet, got "xlsx"/,
    ],
    [
      "compression",
      ["--target", "a.com", "--out", "o", "--format", "csv", "--compression", "zstd"],
      "ERR_INVALID_OPTION",
      /--compression/,
    ],
    ["max cost", ["--target", "a.com", "--out", "o", "--max-cost", "-3"], "ERR_INVALID_OPTION", /--max-cost/],
    [
      "max rows",
      ["--target", "a.com", "--out", "o", "--max-rows", "1.5"],
      "ERR_INVALID_OPTION",
      /--max-rows/,
    ],
    [
      "concurrency",
      ["--target", "a.com", "--out", "o", "--concurrency", "31"],
      "ERR_INVALID_OPTION",
      /--concurrency/,
    ],
    ["no target", ["--out", "o"], "ERR_INVALID_OPTION", /--target: expected at least one target/],
    ["bad target", ["--target", "https://", "--out", "o"], "ERR_INVALID_REQUEST", /--target/],
    ["no out", ["--target", "a.com"], "ERR_INVALID_OPTION", /--out/],
    ["bad bucket", ["--target", "a.com", "--out", "s3://A_B/x"], "ERR_INVALID_OPTION", /--out/],
    [
      "s3 flag for a directory",
      ["--target", "a.com", "--out", "o", "--s3-endpoint", "http://x"],
      "ERR_INVALID_OPTION",
      /--s3-endpoint/,
    ],
    [
      "resume and force",
      ["--target", "a.com", "--out", "o", "--resume", "--force"],
      "ERR_INVALID_OPTION",
      /--force/,
    ],
    ["api", ["--target", "a.com", "--out", "o", "--api", "ftp://x"], "ERR_INVALID_OPTION", /--api/],
    [
      "missing credentials",
      ["--target", "a.com", "--out", "o"],
      "ERR_CREDENTIALS_MISSING",
      /DATAFORSEO_PASSWORD/,
      { DATAFORSEO_LOGIN: "x" },
    ],
    [
      "missing credentials file",
      ["--target", "a.com", "--out", "o", "--credentials-file", "/nonexistent/c"],
      "ERR_CREDENTIALS_FILE",
      /ENOENT/,
    ],
    [
      "missing targets file",
      ["--targets-file", "/nonexistent/t", "--out", "o"],
      "ERR_TARGETS_FILE",
      /--targets-file/,
    ],
    [
      "password on argv",
      ["--target", "a.com", "--password", "hunter2hunter2"],
      "ERR_SECRET_ON_ARGV",
      /DATAFORSEO_PASSWORD/,
    ],
    [
      "password assignment",
      ["--target", "a.com", "--password=hunter2hunter2"],
      "ERR_SECRET_ON_ARGV",
      /--password/,
    ],
  ];
  for (const [name, argv, code, pattern, environment] of bad) {
    it(`rejects ${name} with one coded line`, async () => {
      const error = await failure(argv, environment ?? env);
      expect(error.code.startsWith(code)).toBe(true);
      expect(error.message).toMatch(pattern);
      expect(error.message).not.toMatch(/\n/);
      expect(error.message).not.toContain("hunter2");
      expect(error.message).not.toContain(env.DATAFORSEO_PASSWORD);
    });
  }
});

it("the demo target --simulate uses is the simulator's", async () => {
  const { DEFAULT_DEMO_TARGET } = await import("@backlinks/simulator");
  const { SIMULATOR_DEMO_TARGET } = await import("../src/cli/argv-to-options.js");
  expect(SIMULATOR_DEMO_TARGET).toBe(DEFAULT_DEMO_TARGET);
});

it("--help lists every flag of the issue, with examples, and exits without parsing further", () => {
  let help = "";
  expect(parseArgv(["--help"], "0.0.0", (text) => (help += text))).toBeUndefined();
  const flags = [
    "--target",
    "--targets-file",
    "--mode",
    "--custom-mode",
    "--filter",
    "--filters-json",
    "--order-by",
    "--status",
    "--include-subdomains",
    "--no-include-subdomains",
    "--exclude-internal",
    "--no-exclude-internal",
    "--include-indirect",
    "--no-include-indirect",
    "--rank-scale",
    "--page-size",
    "--format",
    "--compression",
    "--out",
    "--part-rows",
    "--s3-endpoint",
    "--s3-path-style",
    "--s3-region",
    "--max-rows",
    "--max-cost",
    "--allow-partial",
    "--concurrency",
    "--rate",
    "--dry-run",
    "--no-probe",
    "--resume",
    "--force",
    "--log-format",
    "--quiet",
    "--api",
    "--simulate",
    "--credentials-file",
  ];
  for (const flag of flags) expect(help).toContain(`${flag} `);
  expect(help).toContain("Examples:");
  expect(help).toContain("backlinks-export --simulate --format parquet --out ./backlinks-demo --force");
  expect(help).not.toMatch(/--password/);
});
