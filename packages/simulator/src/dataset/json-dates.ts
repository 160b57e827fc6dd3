/**
 * API date-times (`"YYYY-MM-DD HH:mm:ss`) written as JSON bytes from flat tables: every second of
 * day prefixes rendered on first use, the time of day by arithmetic.
 */
import { formatApiTime } from "./dates.js";
import { type ByteWriter, viewOf } from "./json-bytes.js";

/** `"YYYY-MM-DD ` by day number (rendered on first use). */
const CACHED_DAYS = 40_000; // 1970 … 2079, like dates.ts
const DAY_PREFIXES = new Uint8Array(CACHED_DAYS * 12);
const DAY_PREFIXES_VIEW = viewOf(DAY_PREFIXES);
const dayCached = new Uint8Array(CACHED_DAYS);

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
  // HH:mm:ss by arithmetic: a table of every second of a day (691 KB) was a cache miss per date.
  const second = seconds - day * 86_400;
  const h = Math.floor(second / 3600);
  const rest = second - h * 3600;
  const m = Math.floor(rest / 60);
  const s = rest - m * 60;
  w.reserve(8);
  const buf = w.buf;
  const at = w.pos;
  buf[at] = 48 + Math.floor(h / 10);
  buf[at + 1] = 48 + (h % 10);
  buf[at + 2] = 58; // :
  buf[at + 3] = 48 + Math.floor(m / 10);
  buf[at + 4] = 48 + (m % 10);
  buf[at + 5] = 58;
  buf[at + 6] = 48 + Math.floor(s / 10);
  buf[at + 7] = 48 + (s % 10);
  w.pos = at + 8;
}
