/**
 * Short writes: the kernel may accept only part of a write (a file-size limit, a nearly full disk)
 * and say so only in bytesWritten. writeFully must write the rest, in order, or fail.
 */
import { mkdtemp, open, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type VectorWriter, writeFully } from "../src/sinks/write-fully.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "write-fully-"));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** A real file whose writev accepts at most `cap(call)` bytes per call, as a kernel may. */
function shortWriter(fh: Awaited<ReturnType<typeof open>>, cap: (call: number) => number): VectorWriter {
  let call = 0;
  return {
    async writev(buffers: readonly NodeJS.ArrayBufferView[]) {
      const all = Buffer.concat(buffers.map((b) => Buffer.from(b.buffer, b.byteOffset, b.byteLength)));
      const n = Math.min(all.length, cap(call++));
      const { bytesWritten } = await fh.write(all, 0, n);
      return { bytesWritten, buffers: buffers as NodeJS.ArrayBufferView[] };
    },
  } as VectorWriter;
}

describe("writeFully", () => {
  it("writes every byte in order however short each write is", async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 8 }),
        fc.array(fc.integer({ min: 1, max: 257 }), { minLength: 1, maxLength: 10 }),
        async (chunks, caps) => {
          const path = join(dir, `f${n++}`);
          const fh = await open(path, "wx");
          try {
            const buffers = chunks.map((c) => Buffer.from(c));
            await writeFully(
              shortWriter(fh, (i) => caps[i % caps.length]!),
              buffers,
            );
          } finally {
            await fh.close();
          }
          expect(await readFile(path)).toEqual(Buffer.concat(chunks.map((c) => Buffer.from(c))));
        },
      ),
      { numRuns: 100 },
    );
  });

  it("fails instead of looping when a write makes no progress (disk full)", async () => {
    const fh = await open(join(dir, "full"), "wx");
    try {
      await expect(
        writeFully(
          shortWriter(fh, (i) => (i === 0 ? 10 : 0)),
          [Buffer.alloc(100, 1)],
        ),
      ).rejects.toMatchObject({ code: "ENOSPC" });
    } finally {
      await fh.close();
    }
  });
});
