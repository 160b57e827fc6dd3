/**
 * Dataset clock and the API's date-time format (api-notes §2.4: `YYYY-MM-DD HH:mm:ss +00:00`).
 * The dataset has a fixed "now" so it never depends on the wall clock: same seed, same rows.
 */

/** The dataset's "now": 2026-11-01 00:00:00 UTC, in Unix seconds. */
export const DATASET_NOW = Date.UTC(2026, 10, 1) / 1000;
/** The earliest first_seen: 2016-01-01 00:00:00 UTC, in Unix seconds. */
export const DATASET_START = Date.UTC(2016, 0, 1) / 1000;

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

// Items format three dates each: cache the `YYYY-MM-DD ` of each day and the `HH:mm:ss +00:00`
// of each second of a day, so formatting is two array reads and one concatenation.
const FIRST_CACHED_DAY = 0;
const CACHED_DAYS = 40_000; // 1970 … 2079
const dayPrefixes: (string | undefined)[] = new Array(CACHED_DAYS);
const timesOfDay: (string | undefined)[] = new Array(86_400);

function dayPrefix(day: number): string {
  const i = day - FIRST_CACHED_DAY;
  let prefix = i >= 0 && i < CACHED_DAYS ? dayPrefixes[i] : undefined;
  if (prefix === undefined) {
    const d = new Date(day * 86_400_000);
    prefix = `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())} `;
    if (i >= 0 && i < CACHED_DAYS) dayPrefixes[i] = prefix;
  }
  return prefix;
}

function timeOfDay(second: number): string {
  let text = timesOfDay[second];
  if (text === undefined) {
    const h = Math.floor(second / 3600);
    const m = Math.floor((second - h * 3600) / 60);
    text = `${pad2(h)}:${pad2(m)}:${pad2(second - h * 3600 - m * 60)} +00:00`;
    timesOfDay[second] = text;
  }
  return text;
}

/** Unix seconds (whole) → `2022-12-11 08:40:21 +00:00`. */
export function formatApiTime(seconds: number): string {
  const day = Math.floor(seconds / 86_400);
  return dayPrefix(day) + timeOfDay(seconds - day * 86_400);
}

/** Unix seconds → `2022-12-11T08:40:21+00:00`, the form the real token's SearchAfterValues use. */
export function formatTokenTime(seconds: number): string {
  return formatApiTime(seconds).replace(" ", "T").replace(" +00:00", "+00:00");
}

const API_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?\s*(?:([+-])(\d{2}):?(\d{2})|Z)?$/;

/**
 * Parses a filter or token time into Unix seconds, or NaN. Accepts the documented form and the
 * token's ISO form; a date without a time means midnight; an offset other than +00:00 is applied.
 */
export function parseApiTime(text: string): number {
  const m = API_TIME.exec(text.trim());
  if (m === null) return Number.NaN;
  const ms = Date.UTC(
    Number(m[1]),
    Number(m[2]) - 1,
    Number(m[3]),
    Number(m[4] ?? 0),
    Number(m[5] ?? 0),
    Number(m[6] ?? 0),
  );
  if (Number.isNaN(ms)) return Number.NaN;
  let offset = 0;
  if (m[7] !== undefined) offset = (m[7] === "-" ? -1 : 1) * (Number(m[8]) * 3600 + Number(m[9]) * 60);
  return ms / 1000 - offset;
}
