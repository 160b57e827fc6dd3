import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable, Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { afterAll, describe, expect, it } from "vitest";
import { getFormat } from "../src/index.js";
import { atomicFileSink } from "./support/atomic-file.js";
import { fixtureRows, fullItem, toBatches } from "./support/fixtures.js";
import { expectFileHolds } from "./support/round-trip.js";
import { encode, VARIANTS, type Variant } from "./support/variants.js";

const dir = mkdtempSync(join(tmpdir(), "formats-contract-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The contract every format × compression variant must meet. */
function contractSuite(variant: Variant): void {
  const format = () => getFormat(variant.format, variant.options);

  it("round-trips every fixture row through an independent reader", async () => {
    const rows = fixtureRows();
    const bytes = await encode(variant, toBatches(rows, [3, 1, 5]));
    await expectFileHolds(variant, bytes, rows, dir);
  });

  it("writes a valid empty file for empty input (and for empty batches)", async () => {
    const none = await encode(variant, []);
    await expectFileHolds(variant, none, [], dir);
    const empties = await encode(variant, [[], []]);
    expect(empties.length > 0 || variant.format === "ndjson").toBe(true);
    await expectFileHolds(variant, empties, [], dir);
    if (variant.format === "ndjson" && variant.options.compression !== "gzip") expect(none.length).toBe(0);
  });

  it("cuts parts at row boundaries: each part a complete file, together all rows", async () => {
    const rows = fixtureRows();
    const first = await encode(variant, toBatches(rows.slice(0, 7), [2]));
    const second = await encode(variant, toBatches(rows.slice(7), [4]));
    await expectFileHolds(variant, first, rows.slice(0, 7), dir);
    await expectFileHolds(variant, second, rows.slice(7), dir);
  });

  it("propagates an upstream error and leaves no completed file", async () => {
    const path = join(dir, `failed-${variant.label.replaceAll(/\W/g, "_")}${format().extension}`);
    const boom = new Error("upstream failed");
    async function* source() {
      yield [fullItem()];
      yield [fullItem(), fullItem()];
      throw boom;
    }
    await expect(
      pipeline(Readable.from(source()), format().createStage(), atomicFileSink(path)),
    ).rejects.toBe(boom);
    expect(existsSync(path)).toBe(false);
    expect(existsSync(`${path}.tmp`)).toBe(false);
  });

  it("commits the file when the pipeline succeeds (sink used above works)", async () => {
    const path = join(dir, `ok-${variant.label.replaceAll(/\W/g, "_")}${format().extension}`);
    const rows = fixtureRows().slice(0, 6);
    await pipeline(Readable.from(toBatches(rows, [2])), format().createStage(), atomicFileSink(path));
    await expectFileHolds(variant, readFileSync(path), rows, dir);
  });

  it("never buffers more than highWaterMark + one batch or row group behind a slow sink", async () => {
    const batch = Array.from({ length: 50 }, (_, i) => fullItem({ rank: i, page_from_title: `title ${i}` }));
    // The largest unit a stage emits at once: one batch (text) or one row group (Parquet, 50 rows).
    const options = { ...variant.options, parquet: { rowGroupSize: 50 } };
    const unit = (await encode({ ...variant, options }, [batch])).length;
    const stage = getFormat(variant.format, options).createStage();
    let maxReadable = 0;
    let maxWritable = 0;
    let pulled = 0;
    let written = 0;
    let sourceDone = false;
    // Sampled while batches flow; at the end _flush adds the Parquet footer (grows with row groups).
    const sample = () => {
      if (sourceDone) return;
      maxReadable = Math.max(maxReadable, stage.readableLength);
      maxWritable = Math.max(maxWritable, stage.writableLength);
    };
    async function* source() {
      for (let i = 0; i < 40; i++) {
        pulled++;
        sample();
        yield batch;
      }
      sourceDone = true;
    }
    const slow = new Writable({
      highWaterMark: 1024,
      write(chunk: Buffer, _encoding, callback) {
        written += chunk.length;
        sample();
        setTimeout(callback, 1);
      },
    });
    await pipeline(Readable.from(source()), stage, slow);
    expect(pulled).toBe(40);
    expect(written).toBeGreaterThan(0);
    expect(maxWritable).toBeLessThanOrEqual(stage.writableHighWaterMark + 1);
    expect(maxReadable).toBeLessThanOrEqual(stage.readableHighWaterMark + unit + 1024);
  });
}

describe.each(VARIANTS)("$label", (variant) => {
  contractSuite(variant);
});

it("leaves no temp files behind in the suite's directory after failures", () => {
  expect(readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
});
