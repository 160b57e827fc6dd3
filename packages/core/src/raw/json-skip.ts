/**
 * The JSON byte scanner's hot path: skipping strings, numbers, literals and nested values on raw
 * bytes with byte-class tables, as module-level functions on (bytes, offset, length).
 */

export const QUOTE = 0x22;
export const BACKSLASH = 0x5c;
export const COMMA = 0x2c;
export const COLON = 0x3a;
export const OPEN_OBJECT = 0x7b;
export const CLOSE_OBJECT = 0x7d;
export const OPEN_ARRAY = 0x5b;
export const CLOSE_ARRAY = 0x5d;
export const IN_OBJECT = 1;
export const IN_ARRAY = 2;

// The hot path: module-level functions on (bytes, offset, length) and byte-class tables, measured
// ~30% faster than the same logic as methods with chained comparisons.

/** 1 for the four whitespace bytes JSON allows. */
export const WS = new Uint8Array(256);
WS[0x20] = WS[0x0a] = WS[0x0d] = WS[0x09] = 1;
/** Inside a string: 0 ordinary byte, 1 quote, 2 backslash, 3 control character (invalid). */
const STR = new Uint8Array(256);
STR[QUOTE] = 1;
STR[BACKSLASH] = 2;
for (let c = 0; c < 0x20; c++) STR[c] = 3;

/** Whether `length` bytes at `a` and at `c` are equal (both ranges inside the buffer). */
export function sameBytes(view: DataView, b: Uint8Array, a: number, c: number, length: number): boolean {
  let k = 0;
  for (; k + 4 <= length; k += 4) if (view.getUint32(a + k) !== view.getUint32(c + k)) return false;
  for (; k < length; k++) if (b[a + k] !== b[c + k]) return false;
  return true;
}

export function skipWs(b: Uint8Array, p: number, n: number): number {
  while (p < n && WS[b[p]!] === 1) p++;
  return p;
}

/**
 * Any JSON value at `p`: the offset after it, or -1. Iterative with an explicit stack, so nesting
 * depth is bounded by memory, not the call stack.
 */
export function skipValue(b: Uint8Array, p: number, n: number, stack: number[]): number {
  let depth = 0;
  for (;;) {
    let c = b[p];
    if (c === OPEN_OBJECT) {
      p = skipWs(b, p + 1, n);
      if (b[p] === CLOSE_OBJECT) p++;
      else {
        stack[depth++] = IN_OBJECT;
        p = skipKey(b, p, n);
        if (p < 0) return -1;
        continue;
      }
    } else if (c === OPEN_ARRAY) {
      p = skipWs(b, p + 1, n);
      if (b[p] === CLOSE_ARRAY) p++;
      else {
        stack[depth++] = IN_ARRAY;
        continue;
      }
    } else if (c === QUOTE) p = skipString(b, p, n);
    else if (c === 0x2d || (c !== undefined && c >= 0x30 && c <= 0x39)) p = skipNumber(b, p);
    else if (c === 0x74) p = b[p + 1] === 0x72 && b[p + 2] === 0x75 && b[p + 3] === 0x65 ? p + 4 : -1;
    else if (c === 0x66)
      p = b[p + 1] === 0x61 && b[p + 2] === 0x6c && b[p + 3] === 0x73 && b[p + 4] === 0x65 ? p + 5 : -1;
    else if (c === 0x6e) p = b[p + 1] === 0x75 && b[p + 2] === 0x6c && b[p + 3] === 0x6c ? p + 4 : -1;
    else return -1;
    if (p < 0) return -1;
    // after a value: commas and closing brackets until the next value or the outermost end
    for (;;) {
      if (depth === 0) return p;
      if (WS[b[p]!] === 1) p = skipWs(b, p, n);
      c = b[p];
      const top = stack[depth - 1];
      if (c === COMMA) {
        p = skipWs(b, p + 1, n);
        if (top === IN_OBJECT) {
          p = skipKey(b, p, n);
          if (p < 0) return -1;
        }
        break;
      }
      if (c === (top === IN_OBJECT ? CLOSE_OBJECT : CLOSE_ARRAY)) {
        p++;
        depth--;
        continue;
      }
      return -1;
    }
  }
}

/** A member name, whitespace and the colon, then whitespace: the offset of the value, or -1. */
function skipKey(b: Uint8Array, p: number, n: number): number {
  if (b[p] !== QUOTE) return -1;
  p = skipString(b, p, n);
  if (p < 0) return -1;
  if (WS[b[p]!] === 1) p = skipWs(b, p, n);
  if (b[p] !== COLON) return -1;
  p++;
  return WS[b[p]!] === 1 ? skipWs(b, p, n) : p;
}

/** `b[p]` is `"`: the offset after the closing quote, or -1 (control character, bad escape, end). */
export function skipString(b: Uint8Array, p: number, n: number): number {
  p++;
  while (p < n) {
    const k = STR[b[p]!];
    if (k === 0) {
      p++;
      continue;
    }
    if (k === 1) return p + 1;
    if (k === 3) return -1;
    const e = b[p + 1];
    if (e === 0x75) {
      if (!isHex(b[p + 2]) || !isHex(b[p + 3]) || !isHex(b[p + 4]) || !isHex(b[p + 5])) return -1;
      p += 6;
    } else if (
      e === QUOTE ||
      e === BACKSLASH ||
      e === 0x2f ||
      e === 0x62 ||
      e === 0x66 ||
      e === 0x6e ||
      e === 0x72 ||
      e === 0x74
    ) {
      p += 2;
    } else return -1;
  }
  return -1;
}

export function skipNumber(b: Uint8Array, p: number): number {
  if (b[p] === 0x2d) p++;
  if (b[p] === 0x30) p++;
  else if (isOneToNine(b[p])) {
    p++;
    while (isDigit(b[p])) p++;
  } else return -1;
  if (b[p] === 0x2e) {
    p++;
    if (!isDigit(b[p])) return -1;
    while (isDigit(b[p])) p++;
  }
  if (b[p] === 0x65 || b[p] === 0x45) {
    p++;
    if (b[p] === 0x2b || b[p] === 0x2d) p++;
    if (!isDigit(b[p])) return -1;
    while (isDigit(b[p])) p++;
  }
  return p;
}

function isDigit(c: number | undefined): boolean {
  return c !== undefined && c >= 0x30 && c <= 0x39;
}

function isOneToNine(c: number | undefined): boolean {
  return c !== undefined && c >= 0x31 && c <= 0x39;
}

function isHex(c: number | undefined): boolean {
  return (
    c !== undefined && ((c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66))
  );
}
