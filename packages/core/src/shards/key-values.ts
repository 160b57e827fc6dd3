/**
 * Arithmetic on shard-key values. Range keys are `num` fields (numbers) or `time` fields (API time
 * strings, `"yyyy-mm-dd hh:mm:ss +00:00"`, whole seconds); cuts are computed on numbers and written
 * back in the field's own format.
 */
import type { KeyValue } from "./model.js";

const TIME = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?\s*(?:([+-])(\d{2}):?(\d{2})|Z)?$/;

/** Converts between a key's values and numbers. */
export interface KeyCodec {
  /** A number for ordering and cutting, or `undefined` for null / unreadable values. */
  toNumber(value: unknown): number | undefined;
  /** A filter value for the cut at `n`. */
  fromNumber(n: number): KeyValue;
  /** True when every value is a whole number (time keys: whole seconds). */
  readonly integral: boolean;
}

/** Seconds since the epoch of an API time string, or `undefined`. */
export function parseApiTime(value: string): number | undefined {
  const m = TIME.exec(value);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const sign = m[7] === "-" ? -1 : 1;
  const offset = m[7] ? sign * (Number(m[8]) * 3600 + Number(m[9]) * 60) : 0;
  return Date.UTC(y, mo - 1, d, h, mi, s) / 1000 - offset;
}

/** The API time string (UTC) of `seconds` since the epoch. */
export function formatApiTime(seconds: number): string {
  const iso = new Date(seconds * 1000).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} +00:00`;
}

const TIME_CODEC: KeyCodec = Object.freeze({
  toNumber: (v: unknown) => (typeof v === "string" ? parseApiTime(v) : undefined),
  fromNumber: (n: number) => formatApiTime(Math.round(n)),
  integral: true,
});

/**
 * The codec of a range key. `integral` for numbers is what the data showed so far: cuts between
 * whole numbers are rounded up to whole numbers (a cut at 12.5 would be just as correct, but a
 * whole cut reads better in a manifest and cannot hit float noise).
 */
export function codecFor(type: "num" | "time", integral = true): KeyCodec {
  if (type === "time") return TIME_CODEC;
  return {
    toNumber: (v: unknown) => {
      const n = typeof v === "number" ? v : typeof v === "string" && v.trim() !== "" ? Number(v) : Number.NaN;
      return Number.isFinite(n) ? n : undefined;
    },
    fromNumber: (n: number) => n,
    integral,
  };
}

/**
 * Up to `k - 1` distinct cut points strictly above `min` and at most `max`, evenly spaced in value:
 * splitting at them gives `k` value ranges that each hold at least one candidate value.
 */
export function evenCuts(min: number, max: number, k: number, integral: boolean): number[] {
  const cuts: number[] = [];
  for (let j = 1; j < k; j++) {
    let c = min + ((max - min) * j) / k;
    if (integral) c = Math.ceil(c);
    if (c > min && c <= max && c !== cuts[cuts.length - 1]) cuts.push(c);
  }
  return cuts;
}
