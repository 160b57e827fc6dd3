import { expect, it } from "vitest";
import { ChunkWriter } from "../src/parquet/chunk-writer.js";

it("hands out bytes per flush, keeps counting offsets, and finishes once", () => {
  const emitted: Buffer[] = [];
  const writer = new ChunkWriter((bytes) => emitted.push(bytes));
  writer.appendUint32(0x31524150);
  writer.flush();
  writer.appendBytes(new Uint8Array([1, 2, 3]));
  expect(writer.offset).toBe(7);
  writer.finish();
  writer.finish();
  writer.flush();
  expect(emitted.map((b) => [...b])).toEqual([
    [0x50, 0x41, 0x52, 0x31],
    [1, 2, 3],
  ]);
});

it("emits a copy, so reusing the buffer never changes bytes already handed out", () => {
  const emitted: Buffer[] = [];
  const writer = new ChunkWriter((bytes) => emitted.push(bytes));
  writer.appendBytes(new Uint8Array([9, 9]));
  writer.flush();
  writer.appendBytes(new Uint8Array([7, 7]));
  writer.flush();
  expect(emitted.map((b) => [...b])).toEqual([
    [9, 9],
    [7, 7],
  ]);
});
