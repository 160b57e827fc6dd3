/**
 * Raw batches for tests: items written as JSON text in many equivalent spellings (whitespace,
 * `\u` escapes, `\/`, exponents, `-0`, reordered or repeated keys), laid out in one buffer like the
 * items array of an API body, and handed to a stage as {@link RawJsonBatch} slices.
 */
import type { RawItemCheck } from "../../src/canonical-item.js";
import type { RawJsonBatch } from "../../src/raw-batch.js";

/** A {@link RawJsonBatch} over `bytes`, as core's `RawItems` is (slices share the bytes). */
export class TestRawBatch implements RawJsonBatch {
  readonly bytes: Uint8Array;
  readonly length: number;
  readonly checkedBy?: unknown;
  readonly #starts: readonly number[];
  readonly #ends: readonly number[];
  readonly #from: number;
  readonly #passed: readonly boolean[] | undefined;

  constructor(
    bytes: Uint8Array,
    starts: readonly number[],
    ends: readonly number[],
    from = 0,
    length?: number,
    precheck?: { readonly by: unknown; readonly passed: readonly boolean[] },
  ) {
    this.bytes = bytes;
    this.#starts = starts;
    this.#ends = ends;
    this.#from = from;
    this.length = length ?? starts.length;
    this.#passed = precheck?.passed;
    if (precheck) this.checkedBy = precheck.by;
  }

  start(i: number): number {
    return this.#starts[this.#from + i]!;
  }

  end(i: number): number {
    return this.#ends[this.#from + i]!;
  }

  passed(i: number): boolean {
    return this.#passed?.[this.#from + i] ?? false;
  }

  slice(a: number, b: number): TestRawBatch {
    const precheck = this.#passed ? { by: this.checkedBy, passed: this.#passed } : undefined;
    return new TestRawBatch(this.bytes, this.#starts, this.#ends, this.#from + a, b - a, precheck);
  }

  /**
   * This batch as a producer that ran `check` while scanning hands it over (as core's raw scanner
   * does: each item checked with the whole body as its limit), or with `passed` given outright.
   */
  prechecked(check: RawItemCheck, passed?: readonly boolean[]): TestRawBatch {
    const b = this.bytes;
    const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
    const flags = passed ?? this.#starts.map((s, i) => check(b, view, s, b.length) === this.#ends[i]);
    return new TestRawBatch(this.bytes, this.#starts, this.#ends, this.#from, this.length, {
      by: check,
      passed: flags,
    });
  }
}

/**
 * Lays item texts out as `[ item , item … ]` (with some whitespace between, as a body may have)
 * and returns the whole batch. `bytes` replace an item's text when given as a Buffer (to carry
 * bytes that are not valid UTF-8).
 */
export function rawBatchOf(items: readonly (string | Buffer)[]): TestRawBatch {
  const parts: Buffer[] = [Buffer.from('{"items": [ ')];
  const starts: number[] = [];
  const ends: number[] = [];
  let at = parts[0]!.length;
  items.forEach((item, i) => {
    const bytes = typeof item === "string" ? Buffer.from(item, "utf8") : item;
    starts.push(at);
    ends.push(at + bytes.length);
    parts.push(bytes);
    at += bytes.length;
    const sep = Buffer.from(i === items.length - 1 ? " ]}" : i % 2 ? " ,\n" : ",");
    parts.push(sep);
    at += sep.length;
  });
  return new TestRawBatch(Buffer.concat(parts), starts, ends);
}

/** Splits a batch into consecutive slices of the given sizes (cycled; 0 gives an empty slice). */
export function splitRaw(batch: TestRawBatch, sizes: readonly number[]): TestRawBatch[] {
  const out: TestRawBatch[] = [];
  let i = 0;
  let k = 0;
  while (i < batch.length) {
    const size = Math.min(sizes[k++ % sizes.length]!, batch.length - i);
    out.push(batch.slice(i, i + size));
    i += size;
  }
  return out;
}

/** How a value is spelled: every choice keeps `JSON.parse` of the text equal to the value. */
export interface Spelling {
  /** Pseudo-random source of the per-token choices. */
  readonly seed: number;
  /** Chance (0..1) of whitespace around each token. */
  readonly space: number;
  /** Chance of writing a character as a `\u` escape (or `/` as `\/`). */
  readonly escape: number;
  /** Chance of writing a number in another form (exponent, trailing `.0`). */
  readonly number: number;
}

/** The plain spelling: exactly `JSON.stringify`. */
export const CANONICAL: Spelling = { seed: 1, space: 0, escape: 0, number: 0 };

/** Writes `value` as JSON text in the given spelling; `entries` of objects are written in order. */
export function spell(value: unknown, how: Spelling): string {
  let state = how.seed >>> 0 || 1;
  const rand = (): number => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
  const ws = (): string =>
    how.space > 0 && rand() < how.space ? [" ", "\n", "\t", "\r\n "][Math.floor(rand() * 4)]! : "";
  const str = (s: string): string => {
    let out = '"';
    for (const ch of s) {
      const code = ch.codePointAt(0)!;
      if (how.escape > 0 && rand() < how.escape) {
        if (ch === "/") out += "\\/";
        else
          for (let k = 0; k < ch.length; k++) out += `\\u${ch.charCodeAt(k).toString(16).padStart(4, "0")}`;
      } else if (code < 0x20 || ch === '"' || ch === "\\" || (code >= 0xd800 && code <= 0xdfff)) {
        out += JSON.stringify(ch).slice(1, -1);
      } else out += ch;
    }
    return `${out}"`;
  };
  const num = (n: number): string => {
    if (Object.is(n, -0)) return "-0";
    if (how.number > 0 && rand() < how.number) {
      const r = rand();
      if (Number.isInteger(n) && r < 0.4 && !String(n).includes("e")) return `${n}.0`;
      if (r < 0.8) return n.toExponential().replace("e+", rand() < 0.5 ? "e" : "E+");
    }
    return JSON.stringify(n);
  };
  const write = (v: unknown): string => {
    if (v === null) return "null";
    if (typeof v === "boolean") return String(v);
    if (typeof v === "number") return num(v);
    if (typeof v === "string") return str(v);
    if (v instanceof Entries) {
      return `{${v.entries.map(([k, x]) => `${ws()}${str(k)}${ws()}:${ws()}${write(x)}${ws()}`).join(",")}}`;
    }
    if (Array.isArray(v)) return `[${v.map((x) => `${ws()}${write(x)}${ws()}`).join(",")}]`;
    return write(new Entries(Object.entries(v as Record<string, unknown>)));
  };
  return write(value);
}

/** An object as an ordered list of members, which may repeat a name (JSON.parse keeps the last value). */
export class Entries {
  constructor(readonly entries: readonly (readonly [string, unknown])[]) {}
}
