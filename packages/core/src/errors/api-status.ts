import { BacklinksError } from "./base.js";

/** Details of a non-20000 status inside an HTTP 200 body. */
export interface ApiStatusErrorDetails {
  readonly statusCode: number;
  readonly statusMessage: string;
  /** `request`: the top-level envelope code; `task`: `tasks[0].status_code`. */
  readonly level: "request" | "task";
  /** From the status table (api-notes §3.2). */
  readonly retryable: boolean;
  /** Cost the response reported for this failure (often 0, sometimes billed). */
  readonly cost?: number;
  readonly taskId?: string | null;
  readonly retryAfterMs?: number | null;
  readonly cause?: unknown;
}

/** The API answered but refused: a status code other than 20000 at request or task level. */
export class ApiStatusError extends BacklinksError {
  readonly statusCode: number;
  readonly statusMessage: string;
  readonly level: "request" | "task";
  readonly retryable: boolean;
  readonly cost: number;
  readonly taskId: string | null;
  readonly retryAfterMs: number | null;

  constructor(details: ApiStatusErrorDetails) {
    super("ERR_API_STATUS", `API ${details.level} status ${details.statusCode}: ${details.statusMessage}`, {
      cause: details.cause,
    });
    this.statusCode = details.statusCode;
    this.statusMessage = details.statusMessage;
    this.level = details.level;
    this.retryable = details.retryable;
    this.cost = details.cost ?? 0;
    this.taskId = details.taskId ?? null;
    this.retryAfterMs = details.retryAfterMs ?? null;
  }

  override get name(): string {
    return "ApiStatusError";
  }
}
