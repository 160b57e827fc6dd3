// Low-level Parquet page writing: RLE/bit-packed hybrid levels and indexes, page headers (Thrift
// compact), data page v2 and dictionary page assembly.
import type { ByteSink } from "./byte-sink.js";

/** Parquet Encoding enum values used here. */
export const PLAIN = 0;
export const RLE = 3;
export const RLE_DICTIONARY = 8;

const DICTIONARY_PAGE = 2;
const DATA_PAGE_V2 = 3;

/** Compresses one page's values (identity for UNCOMPRESSED). */
export type PageCompressor = (input: Uint8Array) => Uint8Array;

/** Bits needed for values 0..max. */
export function bitWidth(max: number): number {
  return max <= 0 ? 0 : 32 - Math.clz32(max);
}

/**
 * RLE / bit-packed hybrid of `values[start..end)` at `width` bits (no length prefix): runs of ≥ 8
 * equal values as RLE runs, everything else in bit-packed groups of 8 (padded with zeros).
 */
export function writeHybrid(
  out: ByteSink,
  values: ArrayLike<number>,
  start: number,
  end: number,
  width: number,
): void {
  let i = start;
  let groups = 0;
  let packedStart = start;
  const valueBytes = (width + 7) >> 3;
  while (i < end) {
    const first = values[i]!;
    let run = 1;
    while (i + run < end && values[i + run] === first) run++;
    if (run >= 8) {
      if (groups > 0) {
        writePacked(out, values, packedStart, groups, end, width);
        groups = 0;
      }
      out.varint(run << 1);
      for (let b = 0; b < valueBytes; b++) out.u8((first >>> (b << 3)) & 0xff);
      i += run;
    } else {
      if (groups === 0) packedStart = i;
      groups++;
      i += 8;
    }
  }
  if (groups > 0) writePacked(out, values, packedStart, groups, end, width);
}

function writePacked(
  out: ByteSink,
  values: ArrayLike<number>,
  start: number,
  groups: number,
  end: number,
  width: number,
): void {
  out.varint((groups << 1) | 1);
  if (width === 0) return;
  // width ≤ 24 (levels, or dictionary indexes of < 16M entries): `used` < 8 before adding, so
  // v << used always fits the 32-bit buffer.
  const mask = (1 << width) - 1;
  const total = groups * 8;
  out.ensure(groups * width);
  let buffer = 0;
  let used = 0;
  for (let k = 0; k < total; k++) {
    const idx = start + k;
    const v = idx < end ? values[idx]! & mask : 0;
    buffer |= v << used;
    used += width;
    while (used >= 8) {
      out.bytes[out.length++] = buffer & 0xff;
      buffer >>>= 8;
      used -= 8;
    }
  }
  if (used > 0) out.bytes[out.length++] = buffer & 0xff;
}

/** Thrift compact: field header for a field `delta` ids after the previous one. */
function field(out: ByteSink, delta: number, type: number): void {
  out.u8((delta << 4) | type);
}

function i32(out: ByteSink, value: number): void {
  out.varint(((value << 1) ^ (value >> 31)) >>> 0);
}

const T_I32 = 5;
const T_STRUCT = 12;

/** Data page v2 fields (the page header's `data_page_header_v2`). */
export interface DataPageV2 {
  numValues: number;
  numNulls: number;
  numRows: number;
  encoding: number;
  defLength: number;
  repLength: number;
}

/**
 * Writes one DATA_PAGE_V2: header, then the levels (uncompressed, as v2 requires), then the
 * compressed values. Returns the page's uncompressed size including its header.
 */
export function writeDataPage(
  out: ByteSink,
  page: DataPageV2,
  levels: Uint8Array,
  values: Uint8Array,
  compress: PageCompressor,
): number {
  const compressed = compress(values);
  const headerStart = out.length;
  field(out, 1, T_I32);
  i32(out, DATA_PAGE_V2);
  field(out, 1, T_I32);
  i32(out, levels.length + values.length);
  field(out, 1, T_I32);
  i32(out, levels.length + compressed.length);
  field(out, 5, T_STRUCT); // field 8: data_page_header_v2
  field(out, 1, T_I32);
  i32(out, page.numValues);
  field(out, 1, T_I32);
  i32(out, page.numNulls);
  field(out, 1, T_I32);
  i32(out, page.numRows);
  field(out, 1, T_I32);
  i32(out, page.encoding);
  field(out, 1, T_I32);
  i32(out, page.defLength);
  field(out, 1, T_I32);
  i32(out, page.repLength);
  out.u8(0); // end of data_page_header_v2 (is_compressed: default true)
  out.u8(0); // end of PageHeader
  const headerLength = out.length - headerStart;
  out.append(levels);
  out.append(compressed);
  return headerLength + levels.length + values.length;
}

/** Writes a DICTIONARY_PAGE of PLAIN values; returns its uncompressed size including the header. */
export function writeDictionaryPage(
  out: ByteSink,
  count: number,
  values: Uint8Array,
  compress: PageCompressor,
): number {
  const compressed = compress(values);
  const headerStart = out.length;
  field(out, 1, T_I32);
  i32(out, DICTIONARY_PAGE);
  field(out, 1, T_I32);
  i32(out, values.length);
  field(out, 1, T_I32);
  i32(out, compressed.length);
  field(out, 4, T_STRUCT); // field 7: dictionary_page_header
  field(out, 1, T_I32);
  i32(out, count);
  field(out, 1, T_I32);
  i32(out, PLAIN);
  out.u8(0);
  out.u8(0);
  const headerLength = out.length - headerStart;
  out.append(compressed);
  return headerLength + values.length;
}
