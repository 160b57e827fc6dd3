/**
 * Writes every byte of a batch of buffers to a file handle. `FileHandle.write`/`writev` may write
 * fewer bytes than asked (a file-size limit, a full disk, a signal) and report it only in
 * `bytesWritten`; ignoring that would commit a truncated part whose manifest claims bytes that
 * are not on disk. So the rest is written again until done; a write that makes no progress fails.
 */
import type { FileHandle } from "node:fs/promises";

/** The part of `FileHandle` this needs (its `writev`). */
export type VectorWriter = Pick<FileHandle, "writev">;

/** Writes all of `buffers`, in order, retrying the unwritten rest after a short write. */
export async function writeFully(fh: VectorWriter, buffers: readonly Buffer[]): Promise<void> {
  let rest = buffers.filter((b) => b.length > 0);
  while (rest.length > 0) {
    const { bytesWritten } = await fh.writev(rest);
    if (bytesWritten <= 0) {
      const err = new Error("write made no progress (disk full?)") as NodeJS.ErrnoException;
      err.code = "ENOSPC";
      throw err;
    }
    rest = dropWritten(rest, bytesWritten);
  }
}

function dropWritten(buffers: readonly Buffer[], written: number): Buffer[] {
  let skip = written;
  let i = 0;
  while (i < buffers.length && skip >= buffers[i]!.length) skip -= buffers[i++]!.length;
  const rest = buffers.slice(i);
  if (rest.length > 0 && skip > 0) rest[0] = rest[0]!.subarray(skip);
  return rest;
}
