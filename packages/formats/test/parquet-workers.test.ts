import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable, type Transform, Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { afterAll, describe, expect, it } from "vitest";
import { type FormatOptions, getFormat } from "../src/index.js";
import { encodeRowGroup } from "../src/parquet/row-group.js";
import { RowGroupPool } from "../src/parquet/worker-pool.js";
import { fixtureRows, fullItem, toBatches } from "./support/fixtures.js";
import { expectFileHolds } from "./support/round-trip.js";
import { encode } from "./support/variants.js";

const dir = mkdtempSync(join(tmpdir(), "formats-workers-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Rows a stage has taken. */
const rowsOf = (stage: Transform): number => (stage as unknown as { rows: number }).rows;

/** Worker threads a Parquet stage has alive (started, no `exit` yet). */
const liveWorkers = (stage: Transform): number => (stage as unknown as { liveWorkers: number }).liveWorkers;

const parquet = (parquetOptions: FormatOptions["parquet"]) =>
  getFormat("parquet", { parquet: parquetOptions }).createStage();

/**
 * Waits for the stage's `close`: pipeline() settles on the first error without waiting for every
 * stream to finish destroying, and terminating a worker completes asynchronously.
 */
const closed = async (stage: Transform): Promise<void> => {
  if (!stage.closed) await new Promise((resolve) => stage.once("close", resolve));
};

/** A sink that discards bytes. */
const discard = () =>
  new Writable({
    write(_chunk, _encoding, callback) {
      callback();
    },
  });

describe("Parquet row groups on worker threads", () => {
  it("writes the fixture rows byte for byte as the in-thread path, and they read back", async () => {
    const rows = fixtureRows();
    const variant = (workers: number) => ({
      label: `parquet workers ${workers}`,
      format: "parquet" as const,
      options: { parquet: { rowGroupSize: 3, workers } },
    });
    const inThread = await encode(variant(0), toBatches(rows, [4]));
    const pooled = await encode(variant(2), toBatches(rows, [1, 5]));
    expect(pooled.equals(inThread)).toBe(true);
    await expectFileHolds(variant(2), pooled, rows, dir);
  });

  it("terminates its workers when the file ends", async () => {
    const stage = parquet({ rowGroupSize: 2, workers: 2 });
    let seen = 0;
    async function* source() {
      for (let i = 0; i < 6; i++) {
        yield [fullItem({ rank: i })];
        seen = Math.max(seen, liveWorkers(stage));
      }
    }
    await pipeline(Readable.from(source()), stage, discard());
    expect(seen).toBeGreaterThan(0);
    expect(liveWorkers(stage)).toBe(0);
  });

  it("leaves no live worker when the pipeline fails upstream", async () => {
    const stage = parquet({ rowGroupSize: 2, workers: 2 });
    const boom = new Error("upstream failed");
    let seen = 0;
    async function* source() {
      for (let i = 0; i < 6; i++) {
        yield [fullItem({ rank: i })];
        seen = Math.max(seen, liveWorkers(stage));
      }
      throw boom;
    }
    await expect(pipeline(Readable.from(source()), stage, discard())).rejects.toBe(boom);
    expect(seen).toBeGreaterThan(0);
    await closed(stage);
    expect(liveWorkers(stage)).toBe(0);
  });

  it("fails with the row's RowTypeError while groups are on workers, and stops them", async () => {
    const stage = parquet({ rowGroupSize: 2, workers: 2 });
    const batches = [
      [fullItem(), fullItem(), fullItem()],
      [fullItem(), fullItem({ rank: "12" })],
    ];
    await expect(pipeline(Readable.from(batches), stage, discard())).rejects.toMatchObject({
      code: "ERR_ROW_TYPE",
      row: 4,
      column: "rank",
    });
    await closed(stage);
    expect(liveWorkers(stage)).toBe(0);
  });

  it("fails a batch holding an unserializable json value the same way with or without workers", async () => {
    // A cyclic object passes validation (it is an object) but has no JSON text: the stage's thread
    // turns json values into text as it buffers them, so both paths fail with the same TypeError
    // before any worker sees the group.
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    const run = async (workers: number) => {
      const stage = parquet({ rowGroupSize: 2, workers });
      const batches = [
        [fullItem(), fullItem()],
        [fullItem({ ranked_keywords_info: cyclic }), fullItem()],
      ];
      const error = await pipeline(Readable.from(batches), stage, discard()).then(
        () => null,
        (e: unknown) => e,
      );
      await closed(stage);
      return { error, live: liveWorkers(stage) };
    };
    const inThread = await run(0);
    const pooled = await run(2);
    expect(inThread.error).toBeInstanceOf(TypeError);
    expect((inThread.error as Error).message).toMatch(/circular/);
    expect(pooled.error).toBeInstanceOf(TypeError);
    expect((pooled.error as Error).message).toBe((inThread.error as Error).message);
    expect(pooled.live).toBe(0);
  });

  it("passes an error thrown inside a worker on unchanged, as encoding it in-thread throws it", async () => {
    // A group whose column data is malformed (an internal error: the stage never builds one) makes
    // the encoder throw inside the worker; the pool must reject with that same error.
    const malformed = () => ({ rows: 1, columns: [{ kind: "number", defs: new Uint8Array(1) }] }) as never;
    const inThread = (() => {
      try {
        encodeRowGroup(malformed(), "snappy");
        return null;
      } catch (error) {
        return error;
      }
    })();
    const pool = new RowGroupPool(1, "snappy", 10);
    const pooled = await pool.encode(malformed()).then(
      () => null,
      (e: unknown) => e,
    );
    await pool.close();
    expect(inThread).toBeInstanceOf(TypeError);
    expect(pooled).toBeInstanceOf(TypeError);
    expect((pooled as Error).message).toBe((inThread as Error).message);
    expect(pool.liveWorkers).toBe(0);
  });

  it("terminates its workers when destroyed mid-file", async () => {
    const stage = parquet({ rowGroupSize: 2, workers: 2 });
    for (let i = 0; i < 3; i++) stage.write([fullItem(), fullItem()]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(liveWorkers(stage)).toBeGreaterThan(0);
    stage.destroy();
    await closed(stage);
    expect(liveWorkers(stage)).toBe(0);
  });

  it("stops taking batches at workers + 1 row groups in flight behind a stalled sink", async () => {
    const workers = 2;
    const rowGroupSize = 20;
    const stage = parquet({ rowGroupSize, workers });
    stage.pipe(
      new Writable({
        highWaterMark: 1,
        write() {
          // never calls back: the sink is stalled after its first chunk
        },
      }),
    );
    const limit = 40 * rowGroupSize;
    while (rowsOf(stage) < limit) {
      // ~1 KB of incompressible text a row: every encoded group (20 KB) exceeds the readable
      // side's 16 KiB highWaterMark on its own.
      const title = randomBytes(768).toString("base64");
      if (stage.write([fullItem({ rank: rowsOf(stage), page_from_title: title })])) continue;
      const drained = await Promise.race([
        new Promise((resolve) => stage.once("drain", () => resolve(true))),
        new Promise((resolve) => setTimeout(() => resolve(false), 1000)),
      ]);
      if (!drained) break;
    }
    // Rows taken: `workers` groups on workers + 1 being filled, 1 encoded group in the readable
    // buffer, 1 in the stalled sink's write, plus the one batch the writable side may hold.
    expect(rowsOf(stage)).toBeGreaterThanOrEqual(rowGroupSize);
    expect(rowsOf(stage)).toBeLessThanOrEqual((workers + 3) * rowGroupSize + 1);
    stage.destroy();
    await closed(stage);
    expect(liveWorkers(stage)).toBe(0);
  });
});
