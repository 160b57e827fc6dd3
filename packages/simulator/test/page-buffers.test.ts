/** The server's page buffer pool: reuses only what it handed out, each buffer once, and grows with the pages. */
import { describe, expect, it } from "vitest";
import { PageBufferPool } from "../src/server/page-buffers.js";

describe("PageBufferPool", () => {
  it("hands a released buffer out again, whole", () => {
    const pool = new PageBufferPool();
    const a = pool.acquire();
    a.write("page one", 0, "latin1");
    pool.release(a.subarray(0, 8));
    const b = pool.acquire();
    expect(b.buffer).toBe(a.buffer);
    expect(b.length).toBe(a.length);
    expect(b.byteOffset).toBe(0);
  });

  it("takes back each buffer once, and never one it did not hand out", () => {
    const pool = new PageBufferPool();
    const a = pool.acquire();
    pool.release(a.subarray(0, 100));
    pool.release(a.subarray(0, 100)); // a second release of the same page must not put it in the pool twice
    const foreign = Buffer.allocUnsafeSlow(a.length);
    pool.release(foreign);
    const shared = Buffer.from("a small buffer from Node's shared slab");
    pool.release(shared);
    const first = pool.acquire();
    const second = pool.acquire();
    expect(first.buffer).toBe(a.buffer);
    expect(second.buffer).not.toBe(a.buffer);
    expect(second.buffer).not.toBe(foreign.buffer);
    expect(second.buffer).not.toBe(shared.buffer);
  });

  it("makes new buffers large enough for the largest page seen, and drops smaller ones", () => {
    const pool = new PageBufferPool();
    const a = pool.acquire();
    pool.release(a); // a page that (nearly) filled its buffer: the next buffers are bigger
    const b = pool.acquire();
    expect(b.buffer).not.toBe(a.buffer);
    expect(b.length).toBeGreaterThanOrEqual(a.length * 1.25);
  });

  it("keeps at most a few free buffers", () => {
    const pool = new PageBufferPool();
    const taken = Array.from({ length: 10 }, () => pool.acquire());
    for (const buf of taken) pool.release(buf.subarray(0, 10));
    const again = Array.from({ length: 10 }, () => pool.acquire());
    const reused = again.filter((buf) => taken.some((t) => t.buffer === buf.buffer));
    expect(reused.length).toBe(4);
  });
});
