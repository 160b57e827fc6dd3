/**
 * Every format × disk and S3 × one and several targets: the built CLI exports from the simulator
 * over HTTP, and the dataset read back equals the simulator's ground truth row for row.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { type RunningSimulator, startSimulator } from "@backlinks/simulator";
import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  allFileTexts,
  apiEnv,
  assertBuilt,
  childEnv,
  datasetRows,
  diskParts,
  lines,
  runCli,
  S3_ENV,
  SIM_CREDENTIALS,
  s3Client,
  s3Keys,
  s3Object,
  s3Parts,
  tempDir,
  truthRows,
} from "./cli-e2e-support.js";
import { startS3, type TestS3 } from "./support/s3rver.js";

const TARGETS = { "alpha.example": 3000, "beta.example": 1700, "gamma.example": 2300 } as const;
const BUCKET = "e2e-matrix";
const FORMATS = ["csv", "ndjson", "parquet"] as const;

let simulator: RunningSimulator;
let s3: TestS3;

beforeAll(async () => {
  assertBuilt();
  simulator = await startSimulator({ seed: 7, targets: { ...TARGETS }, credentials: { ...SIM_CREDENTIALS } });
  s3 = await startS3([BUCKET]);
});
afterAll(async () => {
  await simulator?.close();
  await s3?.close();
});

describe.concurrent.each(FORMATS)("%s", (format) => {
  for (const sink of ["disk", "s3"] as const) {
    for (const targets of [["alpha.example"], ["alpha.example", "beta.example", "gamma.example"]]) {
      it(`${sink}, ${targets.length} target(s): rows equal the simulator's truth`, async () => {
        const dir = await tempDir(`${format}-${sink}`);
        const prefix = `${format}/${targets.length}`;
        const out = sink === "disk" ? join(dir, "out") : `s3://${BUCKET}/${prefix}`;
        const compression =
          format === "parquet" ? [] : ["--compression", targets.length > 1 ? "gzip" : "none"];
        const result = await runCli(
          [
            ...targets.flatMap((t) => ["--target", t]),
            "--format",
            format,
            ...compression,
            "--page-size",
            "500",
            "--part-rows",
            "1000",
            "--out",
            out,
            "--api",
            simulator.url,
            "--log-format",
            "json",
            ...(sink === "s3" ? ["--s3-endpoint", s3.endpoint, "--s3-path-style"] : []),
          ],
          { env: childEnv({ ...apiEnv(), ...(sink === "s3" ? S3_ENV : {}) }) },
        );
        expect(result.stderr).toBe("");
        expect(result.code).toBe(0);
        // no dependency warning either (the SDK's "Stream of unknown length" for the empty _SUCCESS)
        expect(result.stdout).not.toMatch(/warn/i);
        const summary = JSON.parse(lines(result.stdout).at(-1)!);
        expect(summary).toMatchObject({ type: "summary", status: "complete" });

        const client = s3Client(s3.endpoint);
        const parts =
          sink === "disk" ? await diskParts(join(dir, "out")) : await s3Parts(client, BUCKET, `${prefix}/`);
        const rows = await datasetRows(parts);
        expect([...rows.keys()].sort()).toEqual([...targets].sort());
        for (const target of targets) {
          const truth = truthRows(simulator, { target });
          expect(truth.length).toBe(TARGETS[target as keyof typeof TARGETS]);
          expect(rows.get(target)).toEqual(truth);
          expect(new Set(rows.get(target)).size).toBe(truth.length);
        }
        expect(summary.rows).toBe(targets.reduce((s, t) => s + TARGETS[t as keyof typeof TARGETS], 0));

        // _SUCCESS last, a manifest, and no secret anywhere.
        const texts =
          sink === "disk"
            ? await allFileTexts(join(dir, "out"))
            : await Promise.all(
                (await s3Keys(client, BUCKET, `${prefix}/`)).map(async (key) => ({
                  path: key,
                  text: (await s3Object(client, BUCKET, key)).toString("latin1"),
                })),
              );
        const names = texts.map((t) => t.path);
        expect(names.some((n) => n.endsWith("_SUCCESS"))).toBe(true);
        expect(names.some((n) => n.endsWith("_manifest.json"))).toBe(true);
        for (const { path, text } of texts) expect(text.includes(SIM_CREDENTIALS.password), path).toBe(false);
        expect(result.stdout).not.toContain(SIM_CREDENTIALS.password);
        client.destroy();

        if (format === "parquet" && sink === "disk") {
          // An independent reader: DuckDB reads the dataset as one hive-partitioned table.
          const instance = await DuckDBInstance.create(":memory:");
          const connection = await instance.connect();
          const glob = join(dir, "out", "**", "*.parquet").replace(/'/g, "''");
          const reader = await connection.runAndReadAll(
            `SELECT target, count(*) AS n FROM read_parquet('${glob}', hive_partitioning=true) GROUP BY target ORDER BY target`,
          );
          const counts = reader.getRowObjects().map((r) => [String(r.target), Number(r.n)]);
          expect(counts).toEqual([...targets].sort().map((t) => [t, TARGETS[t as keyof typeof TARGETS]]));
          connection.closeSync();
          instance.closeSync();
          const manifest = JSON.parse(await readFile(join(dir, "out", "_manifest.json"), "utf8"));
          expect(JSON.stringify(manifest)).not.toContain(SIM_CREDENTIALS.password);
        }
      });
    }
  }
});
