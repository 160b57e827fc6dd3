/**
 * Turns the error that stopped a chain (from @backlinks/core, after its retries) into the
 * exporter's error. 40203 (daily cost limit) and 40210/40200/HTTP 402 (no funds) are account
 * states that retrying cannot fix, so the run stops cleanly and says what to do.
 */
import {
  ApiAuthError,
  ApiError,
  DailyCostLimitError,
  ExportError,
  InsufficientFundsError,
  nextUtcMidnight,
} from "../errors.js";
import type { ExportSummary } from "./types.js";

/** The kind of API failure. */
export type ApiFailureKind = "daily_cost_limit" | "insufficient_funds" | "auth" | "other";

/** Classify by API status code / HTTP status anywhere in the cause chain. */
export function classifyApiFailure(err: unknown): { kind: ApiFailureKind; detail: string } {
  for (let e: unknown = err, depth = 0; e && typeof e === "object" && depth < 5; depth++) {
    const code = (e as { statusCode?: unknown }).statusCode;
    const http = (e as { status?: unknown }).status;
    if (code === 40203) return { kind: "daily_cost_limit", detail: "API 40203" };
    if (code === 40210 || code === 40200) return { kind: "insufficient_funds", detail: `API ${code}` };
    if (http === 402) return { kind: "insufficient_funds", detail: "HTTP 402" };
    if (code === 40100 || code === 40104 || code === 40201 || code === 40207) {
      return { kind: "auth", detail: `API ${code}` };
    }
    if (http === 401 || http === 403) return { kind: "auth", detail: `HTTP ${http}` };
    e = (e as { cause?: unknown }).cause;
  }
  return { kind: "other", detail: "" };
}

/** The ExportError to throw for a chain's API failure. */
export function toExportError(err: unknown, summary: ExportSummary): ExportError {
  if (err instanceof ExportError) return err;
  const { kind, detail } = classifyApiFailure(err);
  switch (kind) {
    case "daily_cost_limit":
      return new DailyCostLimitError(nextUtcMidnight(), summary, { cause: err });
    case "insufficient_funds":
      return new InsufficientFundsError(detail, summary, { cause: err });
    case "auth":
      return new ApiAuthError(detail, { cause: err });
    default: {
      const code = (err as { code?: unknown })?.code;
      const message = (err as Error)?.message ?? String(err);
      return new ApiError(typeof code === "string" ? code : "ERR_UNKNOWN", message, { cause: err, summary });
    }
  }
}
