/**
 * Bad input that validation must catch, end to end: each case runs the built CLI and gets exactly
 * one stderr line with its stable code and exit code 2, before a single request is paid (the
 * simulator behind these cases must see none).
 */
import { join } from "node:path";
import { type RunningSimulator, startSimulator } from "@backlinks/simulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ARGV_SECRET, type Case, checkBadInput, TARGET, t } from "./cli-bad-input-check.js";
import { assertBuilt, SIM_CREDENTIALS } from "./cli-e2e-support.js";

let strict: RunningSimulator;
beforeAll(async () => {
  assertBuilt();
  strict = await startSimulator({
    seed: 3,
    targets: { [TARGET]: 2000 },
    credentials: { ...SIM_CREDENTIALS },
  });
});
afterAll(async () => {
  await strict?.close();
});

const validation: Case[] = [
  {
    name: "filter syntax",
    args: () => [...t, "--filter", "dofollow ="],
    code: "ERR_FILTER_SYNTAX",
    exit: 2,
    message: /--filter/,
  },
  {
    name: "unknown filter field",
    args: () => [...t, "--filter", "no_such_field = 1"],
    code: "ERR_",
    exit: 2,
    message: /no_such_field/,
  },
  {
    name: "operator not allowed for the type",
    args: () => [...t, "--filter", "dofollow > 3"],
    code: "ERR_",
    exit: 2,
    message: /dofollow/,
  },
  {
    name: "filters JSON",
    args: () => [...t, "--filters-json", "{oops"],
    code: "ERR_INVALID_OPTION",
    exit: 2,
    message: /--filters-json/,
  },
  {
    name: "mode",
    args: () => [...t, "--mode", "everything"],
    code: "ERR_INVALID_OPTION",
    exit: 2,
    message: /--mode: expected one of as_is, one_per_domain, one_per_anchor, got "everything"/,
  },
  {
    name: "custom mode field",
    args: () => [...t, "--custom-mode", "url_to:5"],
    code: "ERR_INVALID_OPTION",
    exit: 2,
    message: /--custom-mode/,
  },
  {
    name: "page size 0",
    args: () => [...t, "--page-size", "0"],
    code: "ERR_INVALID_OPTION",
    exit: 2,
    message: /--page-size/,
  },
  {
    name: "page size 1001",
    args: () => [...t, "--page-size", "1001"],
    code: "ERR_INVALID_OPTION",
    exit: 2,
    message: /--page-size/,
  },
  {
    name: "negative max cost",
    args: () => [...t, "--max-cost", "-1"],
    code: "ERR_INVALID_OPTION",
    exit: 2,
    message: /--max-cost/,
  },
  {
    name: "max rows not a number",
    args: () => [...t, "--max-rows", "lots"],
    code: "ERR_INVALID_OPTION",
    exit: 2,
    message: /--max-rows/,
  },
  {
    name: "concurrency over 30",
    args: () => [...t, "--concurrency", "100"],
    code: "ERR_INVALID_OPTION",
    exit: 2,
    message: /--concurrency/,
  },
  {
    name: "target with a scheme only",
    args: () => ["--target", "http://"],
    code: "ERR_INVALID_REQUEST",
    exit: 2,
    message: /--target/,
  },
  {
    name: "target with spaces",
    args: () => ["--target", "not a domain"],
    code: "ERR_INVALID_REQUEST",
    exit: 2,
    message: /--target/,
  },
  {
    name: "no target",
    args: () => ["--format", "csv"],
    code: "ERR_INVALID_OPTION",
    exit: 2,
    message: /--target/,
  },
  {
    name: "order by an unknown field",
    args: () => [...t, "--order-by", "no_such,asc"],
    code: "ERR_INVALID_REQUEST",
    exit: 2,
    message: /--order-by/,
  },
  {
    name: "four order-by rules",
    args: () => [
      ...t,
      ...["rank", "first_seen", "last_seen", "anchor"].flatMap((f) => ["--order-by", `${f},asc`]),
    ],
    code: "ERR_INVALID_REQUEST",
    exit: 2,
    message: /--order-by/,
  },
  {
    name: "unknown flag",
    args: () => [...t, "--frobnicate"],
    code: "ERR_USAGE",
    exit: 2,
    message: /--frobnicate/,
  },
  {
    name: "password on argv",
    args: () => [...t, "--password", ARGV_SECRET],
    code: "ERR_SECRET_ON_ARGV",
    exit: 2,
    message: /DATAFORSEO_PASSWORD/,
  },
  {
    name: "missing credentials",
    args: () => [...t],
    env: {},
    code: "ERR_CREDENTIALS_MISSING",
    exit: 2,
    message: /DATAFORSEO_LOGIN/,
  },
  {
    name: "missing credentials file",
    args: ({ dir }) => [...t, "--credentials-file", join(dir, "nope.json")],
    env: {},
    code: "ERR_CREDENTIALS_FILE",
    exit: 2,
  },
  {
    name: "missing targets file",
    args: ({ dir }) => ["--targets-file", join(dir, "nope.txt")],
    code: "ERR_TARGETS_FILE",
    exit: 2,
  },
  {
    name: "gzip-only format with zstd",
    args: () => [...t, "--format", "ndjson", "--compression", "zstd"],
    code: "ERR_INVALID_OPTION",
    exit: 2,
    message: /--compression/,
  },
  {
    name: "S3 flag for a directory",
    args: () => [...t, "--s3-path-style"],
    code: "ERR_INVALID_OPTION",
    exit: 2,
    message: /--s3-path-style/,
  },
  {
    name: "resume and force together",
    args: () => [...t, "--resume", "--force"],
    code: "ERR_INVALID_OPTION",
    exit: 2,
  },
];

describe.concurrent("validation: one coded line, exit 2, nothing paid", () => {
  for (const c of validation) it(c.name, () => checkBadInput(c, strict));
});

describe("validation paid nothing", () => {
  it(`the simulator behind all ${validation.length} cases saw no request`, () => {
    expect(strict.stats().requests).toBe(0);
  });
});
