import { mkdtemp, readdir, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDiskSink } from "../src/sinks/disk.js";
import { parseLocation } from "../src/sinks/location.js";
import { createS3Sink } from "../src/sinks/s3.js";
import type { Sink } from "../src/sinks/sink.js";
import { loadState, saveState } from "../src/state/state.js";
import { startS3, type TestS3 } from "./support/s3rver.js";

let s3: TestS3;
let dir: string;
beforeAll(async () => {
  s3 = await startS3(["sinks"]);
  dir = await mkdtemp(join(tmpdir(), "sink-"));
});
afterAll(async () => {
  await s3?.close();
  await rm(dir, { recursive: true, force: true });
});

const sinks: [string, () => Sink][] = [
  ["disk", () => createDiskSink(parseLocation(join(dir, "ds")) as never)],
  [
    "s3",
    () =>
      createS3Sink(parseLocation("s3://sinks/some/prefix") as never, {
        endpoint: s3.endpoint,
        forcePathStyle: true,
        credentials: s3.credentials,
        partSize: 5 * 1024 * 1024,
      }),
  ],
];

describe.each(sinks)("%s sink", (kind, make) => {
  it("a part is invisible until committed, then readable; abort leaves nothing", async () => {
    const sink = make();
    await sink.preflight();
    const big = Buffer.alloc(6 * 1024 * 1024 + 17, 7); // > one multipart part on S3
    const part = sink.openPart("target=a.com/part-00000.csv", "text/csv");
    const done = pipeline(Readable.from([big, Buffer.from("end")]), part.writable);
    await done;
    expect((await sink.list()).filter((f) => f.endsWith("part-00000.csv"))).toEqual([]);
    await part.commit();
    expect(await sink.list()).toContain("target=a.com/part-00000.csv");

    const failed = sink.openPart("target=a.com/part-00001.csv", "text/csv");
    await expect(
      pipeline(
        Readable.from(
          (async function* () {
            yield Buffer.from("half");
            throw new Error("boom");
          })(),
        ),
        failed.writable,
      ),
    ).rejects.toThrow("boom");
    await failed.abort();
    const files = await sink.list();
    expect(files.filter((f) => f.includes("part-00001"))).toEqual([]);
    if (kind === "disk") expect(files.filter((f) => f.endsWith(".tmp"))).toEqual([]);
    await sink.close();
  });

  it("writes, reads, replaces and removes small files", async () => {
    const sink = make();
    expect(await sink.readFile("_nothing.json")).toBeNull();
    await sink.writeFile("_x.json", "one");
    await sink.writeFile("_x.json", "two");
    expect(await sink.readFile("_x.json")).toBe("two");
    await sink.remove(["_x.json", "_missing.json"]);
    expect(await sink.readFile("_x.json")).toBeNull();
    await sink.close();
  });
});

describe("disk sink", () => {
  it("saves state with mode 0600 and leaves no temp file", async () => {
    const sink = createDiskSink(parseLocation(join(dir, "st")) as never);
    await sink.preflight();
    const state = {
      version: 1 as const,
      tool: "t",
      fingerprint: "f",
      params: {
        targets: [],
        request: {},
        pageSize: 1,
        format: "csv",
        compression: null,
        csv: null,
        partRows: 1,
        maxRows: null,
      },
      startedAt: "s",
      runs: 1,
      cost: 0,
      requests: 0,
      retries: 0,
      status: "running" as const,
      chains: [],
    };
    await saveState(sink, state);
    const st = await stat(join(dir, "st", "_state.json"));
    expect(st.mode & 0o777).toBe(0o600);
    expect(await readdir(join(dir, "st"))).toEqual(["_state.json"]);
    expect(await loadState(sink)).toEqual(state);
    await sink.writeFile("_state.json", "{not json");
    await expect(loadState(sink)).rejects.toMatchObject({ code: "ERR_STATE_CORRUPT" });
  });

  it("reports an unwritable directory as ERR_SINK_IO", async () => {
    await writeFile(join(dir, "a-file"), "x"); // root ignores modes: a file as parent dir fails for everyone
    const sink = createDiskSink(parseLocation(join(dir, "a-file", "out")) as never);
    await expect(sink.preflight()).rejects.toMatchObject({ code: "ERR_SINK_IO" });
  });
});

describe("s3 sink", () => {
  it("reports a missing bucket and a dead endpoint as ERR_SINK_IO", async () => {
    const missing = createS3Sink(parseLocation("s3://nobucket/x") as never, {
      endpoint: s3.endpoint,
      credentials: s3.credentials,
    });
    await expect(missing.preflight()).rejects.toMatchObject({
      code: "ERR_SINK_IO",
      message: expect.stringMatching(/nobucket/),
    });
    const dead = createS3Sink(parseLocation("s3://sinks/x") as never, {
      endpoint: "http://127.0.0.1:9",
      credentials: s3.credentials,
    });
    await expect(dead.preflight()).rejects.toMatchObject({ code: "ERR_SINK_IO" });
  });
});
