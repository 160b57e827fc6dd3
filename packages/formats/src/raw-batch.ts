/**
 * The raw batch a text stage accepts besides arrays of items: items still as the JSON text the API
 * sent. A structural type (core's `RawItems` satisfies it), so formats depends on no other package.
 */

/**
 * A batch of items held as JSON text: item `i` is the JSON value in
 * `bytes[start(i) … end(i))`, UTF-8 encoded, nothing else in that range (no surrounding whitespace).
 */
export interface RawJsonBatch {
  /** Number of items. */
  readonly length: number;
  /** The bytes every item points into. */
  readonly bytes: Uint8Array;
  /** Offset of item `i`'s first byte. */
  start(i: number): number;
  /** Offset one past item `i`'s last byte. */
  end(i: number): number;
  /**
   * The check the producer ran on every item while scanning (optional). When it is this package's
   * own `canonicalItemCheck`, items for which {@link passed} is true are trusted as canonical and not
   * walked again; any other value is ignored.
   */
  readonly checkedBy?: unknown;
  /** Whether item `i` passed {@link checkedBy} (its result was exactly `end(i)`). */
  passed?(i: number): boolean;
}

/** Whether `batch` is a {@link RawJsonBatch} (checked by shape: no class is shared across packages). */
export function isRawJsonBatch(batch: unknown): batch is RawJsonBatch {
  if (typeof batch !== "object" || batch === null) return false;
  const b = batch as Partial<RawJsonBatch>;
  return (
    b.bytes instanceof Uint8Array &&
    Number.isSafeInteger(b.length) &&
    typeof b.start === "function" &&
    typeof b.end === "function"
  );
}

/** The bytes of `batch` as a Buffer view (no copy), for Buffer's native decoders and copies. */
export function rawBuffer(batch: RawJsonBatch): Buffer {
  const b = batch.bytes;
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength);
}

/**
 * Item `i` of `batch` parsed with `JSON.parse` (the object path's view of it). Text that is not JSON
 * is returned as the marker {@link NOT_JSON}, which every row reader refuses as "not an object".
 */
export function parseRawItem(batch: RawJsonBatch, buffer: Buffer, i: number): unknown {
  const text = buffer.toString("utf8", batch.start(i), batch.end(i));
  try {
    return JSON.parse(text);
  } catch {
    return NOT_JSON;
  }
}

/** Stands for an item whose bytes are not JSON (a row reader reports it as a string "invalid JSON text"). */
export const NOT_JSON = "(invalid JSON text)";
