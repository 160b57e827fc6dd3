/**
 * `parseApiTimestamp`'s acceptance test on bytes: whether 26 bytes are a timestamp it would place on
 * the time line, without decoding them to a string (the raw NDJSON check runs it three times a row).
 */

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function digits(b: Uint8Array, at: number, count: number): number {
  let n = 0;
  for (let i = at; i < at + count; i++) {
    const d = b[i]! - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

/**
 * Whether `b[p … p + 26)` is a date-time that `parseApiTimestamp` accepts (returns a number for, not
 * NaN) when those bytes are read as Latin-1 text: the same separators, digit, range and calendar
 * checks, in the same order. A property test holds the two to the same answer.
 */
export function isApiTimestampAt(b: Uint8Array, p: number): boolean {
  if (p + 26 > b.length) return false;
  const timeSep = b[p + 13];
  if (b[p + 4] !== 45 || b[p + 7] !== 45 || b[p + 10] !== 32 || b[p + 19] !== 32 || b[p + 23] !== 58)
    return false;
  if ((timeSep !== 58 && timeSep !== 45) || b[p + 16] !== timeSep) return false;
  const sign = b[p + 20];
  if (sign !== 43 && sign !== 45) return false;
  const year = digits(b, p, 4);
  const month = digits(b, p + 5, 2);
  const day = digits(b, p + 8, 2);
  const hour = digits(b, p + 11, 2);
  const minute = digits(b, p + 14, 2);
  const second = digits(b, p + 17, 2);
  const offsetHours = digits(b, p + 21, 2);
  const offsetMinutes = digits(b, p + 24, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23) return false;
  if (minute < 0 || minute > 59 || second < 0 || second > 59) return false;
  if (offsetHours < 0 || offsetHours > 23 || offsetMinutes < 0 || offsetMinutes > 59) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return day <= (month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!);
}
