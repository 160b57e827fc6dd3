import { FORMAT_NAMES } from "@backlinks/formats";
import { DEFAULT_DEMO_TARGET } from "@backlinks/simulator";

/** One line saying what an export would do (placeholder until the exporter lands). */
export function describeExport(format: string, out: string): string {
  if (!(FORMAT_NAMES as readonly string[]).includes(format)) {
    throw new Error(`--format: expected one of ${FORMAT_NAMES.join(", ")}, got "${format}"`);
  }
  return `would export ${DEFAULT_DEMO_TARGET} as ${format} to ${out}`;
}
