/** Shared setup of the integration tests: a simulator, an s3rver, temp dirs and option builders. */
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type RunningSimulator, type SimulatorOptions, startSimulator } from "@backlinks/simulator";
import type { ExportOptions } from "../../src/index.js";
import type { DatasetRef } from "./dataset.js";
import type { TestS3 } from "./s3rver.js";

/** The API password every test simulator uses: it must never appear in anything written. */
export const SECRET_PASSWORD = "pw-9f3c1e7d-SECRET-never-written";

/** Start a simulator with fixed credentials (login "exporter-test", password SECRET_PASSWORD). */
export function startSim(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  return startSimulator({
    seed: 7,
    ...options,
    credentials: { login: "exporter-test", password: SECRET_PASSWORD },
  });
}

/** A fresh temp directory. */
export function tempDir(prefix = "export-"): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

/** Remove a directory tree. */
export function removeDir(dir: string | undefined): Promise<void> {
  return dir ? rm(dir, { recursive: true, force: true }) : Promise.resolve();
}

/** Options for an export against `sim` to `out` (disk dir or s3 location of `s3`). */
export function exportOptions(
  sim: RunningSimulator,
  out: { kind: "disk"; dir: string } | { kind: "s3"; s3: TestS3; bucket: string; prefix: string },
  patch: Partial<ExportOptions> = {},
): ExportOptions {
  return {
    targets: ["a.com"],
    request: {},
    pageSize: 500,
    format: "ndjson",
    partRows: 1000,
    concurrency: 8,
    rate: 1_000_000,
    api: { baseUrl: sim.url, login: sim.credentials.login, password: sim.credentials.password },
    ...(out.kind === "disk"
      ? { out: out.dir }
      : {
          out: `s3://${out.bucket}/${out.prefix}`,
          s3: { endpoint: out.s3.endpoint, forcePathStyle: true, credentials: out.s3.credentials },
        }),
    ...patch,
  };
}

/** The DatasetRef of the same output. */
export function datasetRef(
  out: { kind: "disk"; dir: string } | { kind: "s3"; s3: TestS3; bucket: string; prefix: string },
): DatasetRef {
  return out.kind === "disk"
    ? out
    : {
        kind: "s3",
        endpoint: out.s3.endpoint,
        bucket: out.bucket,
        prefix: out.prefix,
        credentials: out.s3.credentials,
      };
}

/** Every file under `dir` whose bytes contain `needle` (for the secret grep). */
export async function filesContaining(dir: string, needle: string): Promise<string[]> {
  const hits: string[] = [];
  const walk = async (d: string) => {
    for (const e of await readdir(d, { withFileTypes: true }).catch(() => [])) {
      const p = join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else if ((await readFile(p)).includes(needle)) hits.push(p);
    }
  };
  await walk(dir);
  return hits;
}
