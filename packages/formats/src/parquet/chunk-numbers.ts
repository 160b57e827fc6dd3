/**
 * INT64 and BOOLEAN column chunks: numbers (and timestamps) with a dictionary when it at least
 * halves the bytes (sampled first), else PLAIN; booleans RLE encoded.
 */
import type { ParquetWriter } from "hyparquet-writer";
import { type ChunkContext, type ChunkState, flatPage, MAX_DICTIONARY } from "./chunk-state.js";
import { bitWidth, PLAIN, RLE, RLE_DICTIONARY, writeDictionaryPage, writeHybrid } from "./page-writer.js";

type ColumnMeta = NonNullable<ParquetWriter["pendingIndexes"][number]["chunk"]["meta_data"]>;

// An automatic dictionary must at least halve the PLAIN bytes (hyparquet-writer's rule, kept so
// files stay the same size); a sampled 90% distinct rejects one without building it.
const SAMPLE = 1000;
const SAMPLE_REJECT = 0.9;

/** INT64: dictionary when it at least halves the bytes (sampled first), else PLAIN. */
export function writeNumbers(
  ctx: ChunkContext,
  state: ChunkState,
  defs: Uint8Array,
  data: Float64Array,
): ColumnMeta["encodings"] {
  const rows = ctx.rows;
  const values = ctx.values;
  values.length = 0;
  let nonNull = 0;
  for (let r = 0; r < rows; r++) nonNull += defs[r]!;
  let dictionary: number[] | null = null;
  let indexes: Int32Array | null = null;
  if (nonNull > 0 && !mostlyDistinct(defs, data)) {
    const lookup = new Map<number, number>();
    const list: number[] = [];
    const idx = new Int32Array(nonNull);
    let n = 0;
    for (let r = 0; r < rows; r++) {
      if (defs[r] === 0) continue;
      const v = data[r]!;
      let i = lookup.get(v);
      if (i === undefined) {
        i = list.push(v) - 1;
        lookup.set(v, i);
      }
      idx[n++] = i;
    }
    const width = bitWidth(list.length - 1);
    if (
      list.length <= MAX_DICTIONARY &&
      2 * (8 * list.length + Math.ceil((nonNull * width) / 8)) <= 8 * nonNull
    ) {
      dictionary = list;
      indexes = idx;
    }
  }
  if (dictionary !== null && indexes !== null) {
    for (const v of dictionary) values.i64(v);
    state.dictionaryOffset = ctx.out.length;
    state.uncompressed += writeDictionaryPage(ctx.out, dictionary.length, values.view(), ctx.compress);
    state.dataOffset = ctx.out.length;
    values.length = 0;
    const width = bitWidth(dictionary.length - 1);
    values.u8(width);
    writeHybrid(values, indexes, 0, indexes.length, width);
    flatPage(ctx, state, defs, 0, rows, RLE_DICTIONARY, values.view());
    return ["PLAIN", "RLE_DICTIONARY"];
  }
  for (let r = 0; r < rows; r++) if (defs[r] === 1) values.i64(data[r]!);
  flatPage(ctx, state, defs, 0, rows, PLAIN, values.view());
  return ["PLAIN"];
}

/** Whether a sample of the non-null values is more than 90% distinct (a dictionary cannot pay). */
function mostlyDistinct(defs: Uint8Array, data: Float64Array): boolean {
  const rows = defs.length;
  const step = Math.max(1, Math.floor(rows / SAMPLE));
  const seen = new Set<number>();
  let sampled = 0;
  for (let r = 0; r < rows; r += step) {
    if (defs[r] === 0) continue;
    sampled++;
    seen.add(data[r]!);
  }
  return sampled > 0 && seen.size / sampled > SAMPLE_REJECT;
}

/** BOOLEAN, RLE encoded (4-byte length, then the hybrid at 1 bit) over the non-null values. */
export function writeBools(ctx: ChunkContext, state: ChunkState, defs: Uint8Array, data: Uint8Array): void {
  const rows = ctx.rows;
  const values = ctx.values;
  values.length = 0;
  const present = new Uint8Array(rows);
  let n = 0;
  for (let r = 0; r < rows; r++) if (defs[r] === 1) present[n++] = data[r]!;
  values.u32(0);
  writeHybrid(values, present, 0, n, 1);
  values.bytes.writeUInt32LE(values.length - 4, 0);
  flatPage(ctx, state, defs, 0, rows, RLE, values.view());
}
