/** The interface every output (disk directory, S3 prefix) implements. Paths are relative, `/`-separated. */
import type { Writable } from "node:stream";
import type { OutputLocation } from "./location.js";

/** One part file being written. Invisible under its final name until `commit()` resolves. */
export interface PartUpload {
  /** Byte sink: the last stage of the part's pipeline. */
  readonly writable: Writable;
  /** Make the part visible under its final name; call once the pipeline has finished. */
  commit(): Promise<void>;
  /** Discard what was written (best effort, never throws). */
  abort(): Promise<void>;
}

/** A dataset location. Every failure is thrown as `SinkIoError` (code ERR_SINK_IO). */
export interface Sink {
  readonly location: OutputLocation;
  /** Check the output is usable (directory creatable and writable; bucket reachable) before anything is paid. */
  preflight(): Promise<void>;
  /** Relative paths of every file under the output (ours and foreign), sorted. */
  list(): Promise<string[]>;
  /** Start a part at `rel`; the caller pipes bytes into `writable`, then commits or aborts. */
  openPart(rel: string, contentType: string): PartUpload;
  /** Replace a small file atomically (disk: temp + fsync + rename; S3: one PutObject). */
  writeFile(rel: string, data: string, options?: { mode?: number; contentType?: string }): Promise<void>;
  /** A small file's text, or null when it does not exist. */
  readFile(rel: string): Promise<string | null>;
  /** Delete files (missing ones are ignored). */
  remove(rels: readonly string[]): Promise<void>;
  /** Release clients and handles. */
  close(): Promise<void>;
}
