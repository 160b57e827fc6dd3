/**
 * Human renderings of counts, money and durations for progress and summaries. USD keeps four
 * decimals below $1 because a single request costs $0.02 and a row $0.00003.
 */

/** 1234567 → "1,234,567". */
export function formatInt(value: number): string {
  return Math.round(value).toLocaleString("en-US");
}

/** 12.3456 → "$12.35", 0.02003 → "$0.0200". */
export function formatUsd(value: number): string {
  return `$${value.toFixed(Math.abs(value) < 1 ? 4 : 2)}`;
}

/** Seconds → "2h 03m", "4m 05s", "12s", "0.4s". */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return "?";
  if (seconds < 10) return `${seconds.toFixed(1)}s`;
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = s % 60;
  if (h > 0) return `${h}h ${String(m).padStart(2, "0")}m`;
  if (m > 0) return `${m}m ${String(rest).padStart(2, "0")}s`;
  return `${rest}s`;
}
