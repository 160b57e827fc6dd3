/**
 * `--shards` / `--shard-key` through the built CLI: bad values are one coded line and exit 2
 * before any request; a sharded Parquet export of a simulator target is exactly its ground truth,
 * in the unsharded order (order_by leads with the shard key), read back by DuckDB over the whole
 * dataset with hive_partitioning.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type RunningSimulator, startSimulator } from "@backlinks/simulator";
import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, beforeAll, expect, it } from "vitest";
import {
  apiEnv,
  assertBuilt,
  childEnv,
  lines,
  runCli,
  SIM_CREDENTIALS,
  tempDir,
  truthRows,
} from "./cli-e2e-support.js";

let sim: RunningSimulator;
beforeAll(async () => {
  assertBuilt();
  sim = await startSimulator({
    seed: 11,
    targets: { "shard.example": 12_000 },
    credentials: SIM_CREDENTIALS,
  });
});
afterAll(async () => {
  await sim?.close();
});

it.each([
  [["--shards", "many"], "--shards", "many"],
  [["--shards", "0"], "--shards", "0"],
  [["--shards", "10001"], "--shards", "10001"],
  [["--shard-key", "no_such_field"], "--shard-key", "no_such_field"],
])("%j → one ERR_INVALID_OPTION line, exit 2", async (flags, flag, value) => {
  const dir = await tempDir("shards-bad");
  const before = sim.stats().requests;
  const r = await runCli(
    ["--target", "shard.example", "--api", sim.url, "--out", join(dir, "out"), ...flags],
    {
      env: childEnv(apiEnv()),
    },
  );
  expect(r.code).toBe(2);
  const err = lines(r.stderr);
  expect(err).toHaveLength(1);
  expect(err[0]).toContain("ERR_INVALID_OPTION");
  expect(err[0]).toContain(flag);
  expect(err[0]).toContain(value);
  expect(sim.stats().requests).toBe(before);
});

it("--shards 4 --shard-key first_seen: exact rows in the unsharded order; DuckDB reads the dataset", async () => {
  const dir = await tempDir("shards-e2e");
  const out = join(dir, "out");
  const r = await runCli(
    [
      "--target",
      "shard.example",
      "--api",
      sim.url,
      "--out",
      out,
      "--format",
      "parquet",
      "--page-size",
      "500",
      "--part-rows",
      "2000",
      "--order-by",
      "first_seen,asc",
      "--shards",
      "4",
      "--shard-key",
      "first_seen",
      "--log-format",
      "json",
    ],
    { env: childEnv(apiEnv()) },
  );
  expect(r.code, r.stderr).toBe(0);
  const manifest = JSON.parse(readFileSync(join(out, "_manifest.json"), "utf8"));
  const sharding = manifest.targets[0].sharding;
  expect(sharding).toMatchObject({ sharded: true, key: "first_seen", order: "global", difference: 0 });
  expect(sharding.shards.length).toBeGreaterThan(1);
  const truth = truthRows(sim, { target: "shard.example", order_by: ["first_seen,asc"] });

  const db = await DuckDBInstance.create(":memory:");
  const conn = await db.connect();
  try {
    const reader = await conn.runAndReadAll(
      `SELECT target, url_from, url_to, anchor, domain_from_rank, dofollow
       FROM read_parquet('${out}/**/*.parquet', hive_partitioning = true, filename = true, file_row_number = true)
       ORDER BY filename, file_row_number`,
    );
    const rows = reader.getRowObjectsJS();
    expect(new Set(rows.map((row) => row.target))).toEqual(new Set(["shard.example"]));
    const keys = rows.map((row) =>
      ["url_from", "url_to", "anchor", "domain_from_rank", "dofollow"]
        .map((c) => (row[c] === null || row[c] === undefined ? "" : String(row[c])))
        .join("\t"),
    );
    expect(keys).toEqual(truth); // file name order is shard (key) order: the unsharded order
  } finally {
    conn.closeSync();
    db.closeSync();
  }
});
