/**
 * Byte-level checks that a JSON token is canonical: written exactly as `JSON.stringify(JSON.parse(token))`
 * would write it. The raw NDJSON path copies such tokens unchanged; anything these checks do not
 * prove canonical goes the object path instead. Each check reads `b` from `p` up to `end` and
 * returns the offset after the token, or -1 (not provably canonical, or not JSON at all).
 */

export const QUOTE = 0x22;
export const BACKSLASH = 0x5c;
export const COMMA = 0x2c;
export const COLON = 0x3a;
export const OPEN_OBJECT = 0x7b;
export const CLOSE_OBJECT = 0x7d;
export const OPEN_ARRAY = 0x5b;
export const CLOSE_ARRAY = 0x5d;
const MINUS = 0x2d;
const ZERO = 0x30;

/** Deepest nesting of a nested value proven canonical; deeper goes the object path. */
const MAX_DEPTH = 32;
/** Most members of one nested object checked for duplicate names; more goes the object path. */
const MAX_MEMBERS = 64;

const TRUE = [0x74, 0x72, 0x75, 0x65];
const FALSE = [0x66, 0x61, 0x6c, 0x73, 0x65];

/** `null` at `p`: the offset after it, or -1. */
export function nullAt(b: Uint8Array, p: number, end: number): number {
  return p + 4 <= end && b[p] === 0x6e && b[p + 1] === 0x75 && b[p + 2] === 0x6c && b[p + 3] === 0x6c
    ? p + 4
    : -1;
}

/** `true` or `false` at `p`. */
export function booleanAt(b: Uint8Array, p: number, end: number): number {
  if (b[p] === 0x74) return word(b, p, end, TRUE);
  if (b[p] === 0x66) return word(b, p, end, FALSE);
  return -1;
}

function word(b: Uint8Array, p: number, end: number, w: readonly number[]): number {
  if (p + w.length > end) return -1;
  for (let i = 0; i < w.length; i++) if (b[p + i] !== w[i]) return -1;
  return p + w.length;
}

/**
 * A string whose every escape is one `JSON.stringify` writes (`\"`, `\\`, `\b`, `\f`, `\n`, `\r`,
 * `\t`) and that holds no raw control character. `\u` escapes and `\/` are refused: stringify
 * writes most of those characters literally. (UTF-8 validity is checked separately, per batch.)
 */
export function stringAt(b: Uint8Array, p: number, end: number): number {
  if (b[p] !== QUOTE) return -1;
  p++;
  while (p < end) {
    const c = b[p]!;
    if (c === QUOTE) return p + 1;
    if (c === BACKSLASH) {
      const x = b[p + 1];
      if (
        x === QUOTE ||
        x === BACKSLASH ||
        x === 0x62 ||
        x === 0x66 ||
        x === 0x6e ||
        x === 0x72 ||
        x === 0x74
      ) {
        p += 2;
      } else return -1;
    } else if (c < 0x20) return -1;
    else p++;
  }
  return -1;
}

/**
 * An integer without fraction, exponent, leading zero or `-0`, of at most 15 digits: always a safe
 * integer, and written back digit for digit by `JSON.stringify`.
 */
export function integerAt(b: Uint8Array, p: number, end: number): number {
  let q = p;
  if (b[q] === MINUS) q++;
  const digits = q;
  const first = b[q];
  if (first === ZERO) {
    if (q !== p) return -1; // -0 is written back as 0
    q++;
  } else if (first !== undefined && first >= 0x31 && first <= 0x39) {
    q++;
    while (q < end && isDigit(b[q]!)) q++;
  } else return -1;
  if (q - digits > 15) return -1;
  const next = b[q];
  if (next === 0x2e || next === 0x65 || next === 0x45) return -1;
  return q > end ? -1 : q;
}

/** Any number (JSON grammar) whose text is what `JSON.stringify` writes for its value. */
export function numberAt(b: Uint8Array, p: number, end: number): number {
  const asInteger = integerAt(b, p, end);
  if (asInteger >= 0) return asInteger;
  let q = p;
  if (b[q] === MINUS) q++;
  if (b[q] === ZERO) q++;
  else if (isDigitAt(b, q, end)) while (isDigitAt(b, q, end)) q++;
  else return -1;
  if (b[q] === 0x2e) {
    q++;
    if (!isDigitAt(b, q, end)) return -1;
    while (isDigitAt(b, q, end)) q++;
  }
  if (b[q] === 0x65 || b[q] === 0x45) {
    q++;
    if (b[q] === 0x2b || b[q] === MINUS) q++;
    if (!isDigitAt(b, q, end)) return -1;
    while (isDigitAt(b, q, end)) q++;
  }
  if (q > end) return -1;
  let text = "";
  for (let i = p; i < q; i++) text += String.fromCharCode(b[i]!);
  // JSON.stringify writes a finite number as String(number) does
  return String(Number(text)) === text ? q : -1;
}

/**
 * A nested value (object, array, string, number, literal) with no whitespace, canonical tokens, and
 * objects whose member names are distinct and not array-index-like (V8 would reorder those).
 */
export function valueAt(b: Uint8Array, p: number, end: number, depth = 0): number {
  const c = b[p];
  if (c === QUOTE) return stringAt(b, p, end);
  if (c === OPEN_OBJECT) return depth < MAX_DEPTH ? objectAt(b, p, end, depth) : -1;
  if (c === OPEN_ARRAY) return depth < MAX_DEPTH ? arrayAt(b, p, end, depth) : -1;
  if (c === 0x74 || c === 0x66) return booleanAt(b, p, end);
  if (c === 0x6e) return nullAt(b, p, end);
  return numberAt(b, p, end);
}

function objectAt(b: Uint8Array, p: number, end: number, depth: number): number {
  p++;
  if (b[p] === CLOSE_OBJECT) return p + 1;
  const names: number[] = []; // start, end pairs of the member names seen
  for (;;) {
    const nameEnd = stringAt(b, p, end);
    if (nameEnd < 0 || isDigitAt(b, p + 1, end) || names.length >= 2 * MAX_MEMBERS) return -1;
    for (let k = 0; k < names.length; k += 2) {
      if (sameBytes(b, names[k]!, names[k + 1]!, p, nameEnd)) return -1; // duplicate: JSON.parse keeps the last
    }
    names.push(p, nameEnd);
    if (b[nameEnd] !== COLON) return -1;
    p = valueAt(b, nameEnd + 1, end, depth + 1);
    if (p < 0) return -1;
    if (b[p] === CLOSE_OBJECT) return p + 1;
    if (b[p] !== COMMA) return -1;
    p++;
  }
}

function arrayAt(b: Uint8Array, p: number, end: number, depth: number): number {
  p++;
  if (b[p] === CLOSE_ARRAY) return p + 1;
  for (;;) {
    p = valueAt(b, p, end, depth + 1);
    if (p < 0) return -1;
    if (b[p] === CLOSE_ARRAY) return p + 1;
    if (b[p] !== COMMA) return -1;
    p++;
  }
}

function sameBytes(b: Uint8Array, s1: number, e1: number, s2: number, e2: number): boolean {
  if (e1 - s1 !== e2 - s2) return false;
  for (let i = 0; i < e1 - s1; i++) if (b[s1 + i] !== b[s2 + i]) return false;
  return true;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function isDigitAt(b: Uint8Array, p: number, end: number): boolean {
  return p < end && isDigit(b[p]!);
}
