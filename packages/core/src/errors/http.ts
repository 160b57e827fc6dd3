import { BacklinksError } from "./base.js";

/** Details an HTTP failure may carry from a JSON body and its headers. */
export interface HttpErrorDetails {
  /** DataForSEO `status_code` of the body, when the body was a JSON envelope (e.g. 40100 on 401). */
  readonly statusCode?: number | null;
  readonly statusMessage?: string | null;
  /** Cost the body reported (usually 0). */
  readonly cost?: number;
  /** Parsed `Retry-After`, in ms from the moment the response arrived. */
  readonly retryAfterMs?: number | null;
  readonly cause?: unknown;
}

/**
 * A non-2xx HTTP answer: the API's own 401/402/403/404/500, or a proxy's 429/502/503/504.
 * Retryable when the status is 429 or 5xx.
 */
export class HttpError extends BacklinksError {
  /** HTTP status. */
  readonly status: number;
  readonly statusCode: number | null;
  readonly statusMessage: string | null;
  readonly cost: number;
  readonly retryAfterMs: number | null;
  readonly retryable: boolean;

  constructor(status: number, details: HttpErrorDetails = {}) {
    const api =
      details.statusCode == null
        ? ""
        : ` (status_code ${details.statusCode}: ${details.statusMessage ?? ""})`;
    super("ERR_HTTP", `HTTP ${status} from the backlinks endpoint${api}`, { cause: details.cause });
    this.status = status;
    this.statusCode = details.statusCode ?? null;
    this.statusMessage = details.statusMessage ?? null;
    this.cost = details.cost ?? 0;
    this.retryAfterMs = details.retryAfterMs ?? null;
    this.retryable = status === 429 || (status >= 500 && status <= 599);
  }

  override get name(): string {
    return "HttpError";
  }
}
