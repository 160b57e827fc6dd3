/**
 * The request fingerprint: what decides the rows and files of a dataset. A resume whose
 * fingerprint differs is refused (ERR_RESUME_MISMATCH). Control settings (maxCost, concurrency,
 * rate, the API URL — the embedded simulator gets a new port on every run) are left out, so a
 * budget-stopped export can be resumed with a higher maxCost.
 */
import { createHash } from "node:crypto";

/** The fields of a dataset that a resume must keep identical. Plain JSON, no secrets. */
export interface DatasetParams {
  readonly targets: readonly string[];
  readonly request: Readonly<Record<string, unknown>>;
  readonly pageSize: number;
  readonly format: string;
  readonly compression: string | null;
  readonly csv: Readonly<Record<string, unknown>> | null;
  readonly partRows: number;
  readonly maxRows: number | null;
}

/** JSON with object keys sorted at every level, so equal values give equal strings. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[k];
      if (v !== undefined) out[k] = sortKeys(v);
    }
    return out;
  }
  return value;
}

/** sha256 (hex) of the canonical JSON of the params. */
export function fingerprint(params: DatasetParams): string {
  return createHash("sha256").update(canonicalJson(params)).digest("hex");
}

/** Names of the top-level params that differ (for the ERR_RESUME_MISMATCH message). */
export function diffParams(saved: DatasetParams, now: DatasetParams): string[] {
  const keys = new Set([...Object.keys(saved), ...Object.keys(now)]);
  const out: string[] = [];
  for (const k of [...keys].sort()) {
    const a = canonicalJson((saved as unknown as Record<string, unknown>)[k] ?? null);
    const b = canonicalJson((now as unknown as Record<string, unknown>)[k] ?? null);
    if (a !== b) out.push(`${k}: was ${clip(a)}, now ${clip(b)}`);
  }
  return out;
}

function clip(s: string): string {
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}
