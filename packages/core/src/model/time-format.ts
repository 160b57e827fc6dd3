/**
 * The API's time format for filter values and item fields: `"yyyy-mm-dd hh:mm:ss +00:00"`
 * (api-notes §1.3, e.g. `"2021-01-29 15:02:37 +00:00"`).
 */

/** The format, as shown in messages. */
export const API_TIME_FORMAT = "yyyy-mm-dd hh:mm:ss +00:00";

/** An example value, as shown in messages. */
export const API_TIME_EXAMPLE = "2024-01-01 00:00:00 +00:00";

const PATTERN = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2}) [+-](\d{2}):(\d{2})$/;

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * True if `value` is a real calendar time in the API format. Offsets other than `+00:00` are
 * accepted when well-formed (±14:00 at most): the docs only ever show `+00:00`, but an offset is
 * part of the format, so refusing others would be guessing.
 */
export function isApiTime(value: string): boolean {
  const m = PATTERN.exec(value);
  if (!m) return false;
  const [year, month, day, hour, minute, second, offsetHour, offsetMinute] = m.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  return (
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month) &&
    hour <= 23 &&
    minute <= 59 &&
    second <= 59 &&
    offsetHour <= 14 &&
    offsetMinute <= 59
  );
}

/** Formats a `Date` in the API format, in UTC (`+00:00`), whole seconds. */
export function toApiTime(date: Date): string {
  const year = date.getUTCFullYear();
  if (Number.isNaN(year) || year < 0 || year > 9999) {
    throw new RangeError(`toApiTime: expected a valid Date in years 0000-9999, got ${String(date)}`);
  }
  const iso = date.toISOString(); // 2024-01-01T00:00:00.000Z
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} +00:00`;
}
