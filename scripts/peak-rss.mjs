// Peak RSS of the calling process, for the packages' benches (one definition for all of them).
import { readFileSync } from "node:fs";

/**
 * This process's own peak RSS in bytes: `VmHWM` of /proc/self/status. `resourceUsage().maxRSS`
 * also counts the parent's memory image carried over the fork+exec that started this process
 * (Linux): a bench child of a parent holding a simulator dataset would report the parent's size.
 * maxRSS is the fallback where /proc is missing.
 */
export function peakRssBytes() {
  try {
    const hwm = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync("/proc/self/status", "utf8"));
    if (hwm) return Number(hwm[1]) * 1024;
  } catch {
    // not Linux: fall back
  }
  return process.resourceUsage().maxRSS * 1024;
}
