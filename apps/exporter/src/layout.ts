/**
 * The dataset layout (Hive-style, one partition per target):
 *
 *   <out>/target=<escaped target>/part-00000.<ext>
 *   <out>/target=<escaped target>/part-s0003-00000.<ext>   (part 0 of shard s0003 of a sharded target)
 *   <out>/_state.json   (while running and after: resume state, mode 0600)
 *   <out>/_manifest.json
 *   <out>/_SUCCESS      (last, only when the run finished)
 *
 * Readers (DuckDB, Spark) skip names starting with `_` or `.`, so in-progress temp files
 * (`.part-00000.<ext>.<random>.tmp`) and the bookkeeping files never show up as data.
 */
import { createHash } from "node:crypto";

export const STATE_FILE = "_state.json";
export const MANIFEST_FILE = "_manifest.json";
export const SUCCESS_FILE = "_SUCCESS";

// Hive's FileUtils.escapePathName set (also Spark's): these bytes become %XX in a partition value.
const ESCAPE = new Set(['"', "#", "%", "'", "*", "/", ":", "=", "?", "\\", "\u007f", "{", "[", "]", "^"]);
/** Partition directory names longer than this are cut and suffixed with a hash (file-name limits). */
const MAX_VALUE_BYTES = 180;

/**
 * The partition value of a target: Hive/Spark escaping (`/`, `:`, `=`, `%`, `?`, … and control
 * characters → `%XX`), so `https://a.com/x` → `https%3A%2F%2Fa.com%2Fx`. DuckDB and Spark decode it
 * back. Values over 180 bytes are cut and end in `~<12 hex of sha256>` (the manifest maps both ways).
 */
export function partitionValue(target: string): string {
  let out = "";
  for (const ch of target) {
    const code = ch.codePointAt(0) ?? 0;
    if (code < 0x20 || ESCAPE.has(ch)) out += `%${code.toString(16).toUpperCase().padStart(2, "0")}`;
    else out += ch;
  }
  if (out === "" || out === "." || out === "..") out = encodeURIComponent(out || "_").replace(/\./g, "%2E");
  if (Buffer.byteLength(out) > MAX_VALUE_BYTES) {
    const hash = createHash("sha256").update(target).digest("hex").slice(0, 12);
    let cut = out.slice(0, MAX_VALUE_BYTES - 13);
    // never cut inside a %XX escape
    cut = cut.replace(/%[0-9A-F]?$/, "");
    while (Buffer.byteLength(cut) > MAX_VALUE_BYTES - 13) cut = cut.slice(0, -1);
    out = `${cut}~${hash}`;
  }
  return out;
}

/** Directory of a target's partition, relative to the dataset root. */
export function partitionDir(target: string): string {
  return `target=${partitionValue(target)}`;
}

/** Relative path of part `index` (0-based) of a target. */
export function partPath(target: string, index: number, extension: string): string {
  return `${partitionDir(target)}/part-${String(index).padStart(5, "0")}${extension}`;
}

/**
 * Relative path of part `index` of shard `shardId` (`s0003`) of a sharded target. Shard parts stay
 * in the target's partition (same depth as unsharded parts, so `hive_partitioning` sees one
 * `target` column everywhere), and sort by shard, then part: name order is plan (key) order.
 */
export function shardPartPath(target: string, shardId: string, index: number, extension: string): string {
  return `${partitionDir(target)}/part-${shardId}-${String(index).padStart(5, "0")}${extension}`;
}

/** True for a relative path this tool writes (so `force` deletes only these). */
export function isOwnPath(rel: string): boolean {
  if (rel === STATE_FILE || rel === MANIFEST_FILE || rel === SUCCESS_FILE) return true;
  if (/^_state\.json\.[^/]+\.tmp$/.test(rel) || /^_manifest\.json\.[^/]+\.tmp$/.test(rel)) return true;
  return /^target=[^/]+\/(part-(?:s\d{4,}-)?\d{5}\.[a-z0-9.]+|\.part-(?:s\d{4,}-)?\d{5}\.[a-z0-9.]+\.[^/]+\.tmp)$/.test(
    rel,
  );
}

/** True for an in-progress temp file of this tool (removed on resume). */
export function isTempPath(rel: string): boolean {
  return isOwnPath(rel) && rel.endsWith(".tmp");
}
