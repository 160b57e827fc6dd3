/**
 * Disk sink. A part is written to `.part-NNNNN.<ext>.<random>.tmp` beside its final name, fsynced,
 * renamed, and then the directory is fsynced, so after a crash a part is either complete under its
 * final name or absent (its temp file is removed on resume).
 */
import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { constants } from "node:fs";
import { type FileHandle, mkdir, open, readdir, readFile, rename, rm, rmdir } from "node:fs/promises";
import { dirname, join, posix } from "node:path";
import { Writable } from "node:stream";
import { SinkIoError } from "../errors.js";
import type { OutputLocation } from "./location.js";
import type { PartUpload, Sink } from "./sink.js";
import { writeFully } from "./write-fully.js";

/** Create a sink for a local directory. */
export function createDiskSink(location: Extract<OutputLocation, { kind: "disk" }>): Sink {
  const root = location.dir;
  const abs = (rel: string) => join(root, ...rel.split("/"));
  const fail = (op: string, rel: string, err: unknown): never => {
    throw new SinkIoError(`cannot ${op} ${join(location.display, rel)}: ${describe(err)}`, {
      cause: err,
      path: rel,
    });
  };

  return {
    location,
    async preflight() {
      try {
        await mkdir(root, { recursive: true });
        const probe = join(root, `.probe.${randomBytes(6).toString("hex")}.tmp`);
        const fh = await open(probe, "wx", 0o600);
        await fh.close();
        await rm(probe, { force: true });
      } catch (err) {
        fail("write to", "", err);
      }
    },
    async list() {
      try {
        const out: string[] = [];
        await walk(root, "", out);
        return out.sort();
      } catch (err) {
        if (isCode(err, "ENOENT")) return [];
        return fail("list", "", err);
      }
    },
    openPart(rel) {
      const final = abs(rel);
      const base = posix.basename(rel);
      const tmp = join(dirname(final), `.${base}.${randomBytes(6).toString("hex")}.tmp`);
      const writable = new FileWritable(tmp, 0o644, (err) => {
        return new SinkIoError(`cannot write ${join(location.display, rel)}: ${describe(err)}`, {
          cause: err,
          path: rel,
        });
      });
      let committed = false;
      return {
        writable,
        async commit() {
          try {
            await rename(tmp, final);
            await fsyncDir(dirname(final));
            committed = true;
          } catch (err) {
            await rm(tmp, { force: true }).catch(() => {});
            fail("commit", rel, err);
          }
        },
        async abort() {
          if (committed) return;
          // wait until the file is closed (an open may still be in flight), then delete it
          if (!writable.closed) {
            const closed = once(writable, "close").catch(() => {});
            writable.destroy();
            await closed;
          }
          await rm(tmp, { force: true }).catch(() => {});
        },
      } satisfies PartUpload;
    },
    async writeFile(rel, data, options) {
      const final = abs(rel);
      const tmp = `${final}.${randomBytes(6).toString("hex")}.tmp`;
      const mode = options?.mode ?? 0o644;
      try {
        await mkdir(dirname(final), { recursive: true });
        const fh = await open(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, mode);
        try {
          await fh.chmod(mode); // the umask may have removed bits; 0600 must be exactly 0600
          await fh.writeFile(data);
          await fh.sync();
        } finally {
          await fh.close();
        }
        await rename(tmp, final);
        await fsyncDir(dirname(final));
      } catch (err) {
        await rm(tmp, { force: true }).catch(() => {});
        fail("write", rel, err);
      }
    },
    async readFile(rel) {
      try {
        return await readFile(abs(rel), "utf8");
      } catch (err) {
        if (isCode(err, "ENOENT")) return null;
        return fail("read", rel, err);
      }
    },
    async remove(rels) {
      for (const rel of rels) {
        try {
          await rm(abs(rel), { force: true });
        } catch (err) {
          fail("delete", rel, err);
        }
      }
      // drop partition directories left empty (never the root, never foreign non-empty dirs)
      const dirs = new Set(rels.map((r) => posix.dirname(r)).filter((d) => d !== "."));
      for (const d of dirs) await rmEmptyDir(abs(d));
    },
    async close() {},
  };
}

/** A Writable over a file opened exclusively; `final` fsyncs and closes before 'finish'. */
class FileWritable extends Writable {
  #fh: FileHandle | undefined;
  readonly #path: string;
  readonly #mode: number;
  readonly #wrap: (err: unknown) => Error;

  constructor(path: string, mode: number, wrap: (err: unknown) => Error) {
    super({ highWaterMark: 1 << 20 });
    this.#path = path;
    this.#mode = mode;
    this.#wrap = wrap;
  }

  #fail(callback: (error?: Error | null) => void): (err: unknown) => void {
    return (err) => callback(this.#wrap(err));
  }

  override _construct(callback: (error?: Error | null) => void): void {
    mkdir(dirname(this.#path), { recursive: true })
      .then(() => open(this.#path, "wx", this.#mode))
      .then((fh) => {
        this.#fh = fh;
        callback();
      }, this.#fail(callback));
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, callback: (error?: Error | null) => void): void {
    writeFully(this.#fh!, [chunk]).then(() => callback(), this.#fail(callback));
  }

  override _writev(chunks: { chunk: Buffer }[], callback: (error?: Error | null) => void): void {
    writeFully(
      this.#fh!,
      chunks.map((c) => c.chunk),
    ).then(() => callback(), this.#fail(callback));
  }

  override _final(callback: (error?: Error | null) => void): void {
    const fh = this.#fh!;
    fh.sync()
      .then(() => fh.close())
      .then(() => {
        this.#fh = undefined;
        callback();
      }, this.#fail(callback));
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    const fh = this.#fh;
    this.#fh = undefined;
    if (!fh) {
      callback(error);
      return;
    }
    fh.close().then(
      () => callback(error),
      () => callback(error),
    );
  }
}

async function walk(dir: string, prefix: string, out: string[]): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true });
  for (const e of entries) {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory()) await walk(join(dir, e.name), rel, out);
    else out.push(rel);
  }
}

async function fsyncDir(dir: string): Promise<void> {
  const fh = await open(dir, "r");
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

async function rmEmptyDir(dir: string): Promise<void> {
  try {
    if ((await readdir(dir)).length === 0) await rmdir(dir);
  } catch {
    // not empty / gone: leave it
  }
}

function isCode(err: unknown, code: string): boolean {
  return typeof err === "object" && err !== null && (err as { code?: unknown }).code === code;
}

function describe(err: unknown): string {
  if (err && typeof err === "object") {
    const e = err as { code?: unknown; message?: unknown };
    return typeof e.message === "string" ? e.message : String(e.code ?? err);
  }
  return String(err);
}
