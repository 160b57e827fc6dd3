import { closeSync, openSync, renameSync, rmSync, writeSync } from "node:fs";
import { Writable } from "node:stream";

/**
 * A test sink like the exporter's: writes `<path>.tmp` and renames it to `path` only when the
 * stream finishes; on error the temp file is removed, so no half-written file looks complete.
 */
export function atomicFileSink(path: string): Writable {
  const tmp = `${path}.tmp`;
  let fd: number | null = openSync(tmp, "w");
  return new Writable({
    write(chunk: Buffer, _encoding, callback) {
      try {
        writeSync(fd!, chunk);
        callback();
      } catch (error) {
        callback(error as Error);
      }
    },
    final(callback) {
      closeSync(fd!);
      fd = null;
      renameSync(tmp, path);
      callback();
    },
    destroy(error, callback) {
      if (fd !== null) {
        closeSync(fd);
        fd = null;
        rmSync(tmp, { force: true });
      }
      callback(error);
    },
  });
}
