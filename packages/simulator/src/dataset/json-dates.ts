/**
 * API date-times (`"YYYY-MM-DD HH:mm:ss`) written as JSON bytes from flat tables: every second of
 * a day pre-rendered, day prefixes rendered on first use, so a date costs two copies.
 */
import { formatApiTime } from "./dates.js";
import { type ByteWriter, viewOf } from "./json-bytes.js";

/** `"YYYY-MM-DD ` by day number (rendered on first use). */
const CACHED_DAYS = 40_000; // 1970 … 2079, like dates.ts
const DAY_PREFIXES = new Uint8Array(CACHED_DAYS * 12);
const DAY_PREFIXES_VIEW = viewOf(DAY_PREFIXES);
const dayCached = new Uint8Array(CACHED_DAYS);
/** `HH:mm:ss` of every second of a day, 8 bytes each. */
const TIMES_OF_DAY = new Uint8Array(86_400 * 8);
const TIMES_OF_DAY_VIEW = viewOf(TIMES_OF_DAY);
for (let second = 0; second < 86_400; second++) {
  const text = formatApiTime(second).slice(11, 19);
  for (let i = 0; i < 8; i++) TIMES_OF_DAY[second * 8 + i] = text.charCodeAt(i);
}

/** A date as formatApiTime writes it, opening quote included, up to the seconds. */
export function apiTime(w: ByteWriter, seconds: number): void {
  const day = Math.floor(seconds / 86_400);
  if (day >= 0 && day < CACHED_DAYS) {
    if (dayCached[day] === 0) {
      const text = `"${formatApiTime(day * 86_400).slice(0, 11)}`;
      for (let i = 0; i < 12; i++) DAY_PREFIXES[day * 12 + i] = text.charCodeAt(i);
      dayCached[day] = 1;
    }
    w.slice(DAY_PREFIXES, DAY_PREFIXES_VIEW, day * 12, 12);
  } else w.text(`"${formatApiTime(day * 86_400).slice(0, 11)}`);
  w.slice(TIMES_OF_DAY, TIMES_OF_DAY_VIEW, (seconds - day * 86_400) * 8, 8);
}
