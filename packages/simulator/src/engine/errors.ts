/**
 * Errors of the simulator's query engine. A `SimTaskError` is an answer, not a crash: the server
 * turns it into a task with that status code, `result: null` and cost 0 (api-notes §3.2).
 */
import { SimulatorError } from "../errors.js";

/** A task the API would refuse, e.g. 40501 `Invalid Field: 'limit'.`. */
export class SimTaskError extends SimulatorError {
  /** DataForSEO task status code (40501, …). */
  readonly statusCode: number;
  /** The task `status_message` exactly as the API words it. */
  readonly statusMessage: string;
  /** Why, for logs (not sent to clients: the API's own messages are terse). */
  readonly detail: string | undefined;

  constructor(statusCode: number, statusMessage: string, options?: { detail?: string; cause?: unknown }) {
    super(
      "ERR_SIM_TASK",
      options?.detail === undefined ? statusMessage : `${statusMessage} (${options.detail})`,
      options?.cause === undefined ? undefined : { cause: options.cause },
    );
    this.statusCode = statusCode;
    this.statusMessage = statusMessage;
    this.detail = options?.detail;
  }

  override get name(): string {
    return "SimTaskError";
  }
}

/** 40501 `Invalid Field: '<field>'.` — the API's answer to a bad task field (api-notes §3.2). */
export function invalidField(field: string, detail?: string, cause?: unknown): SimTaskError {
  return new SimTaskError(40501, `Invalid Field: '${field}'.`, { detail, cause });
}

/** Bad engine configuration (seed, target sizes): thrown once, at construction. */
export class EngineConfigError extends SimulatorError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("ERR_SIM_CONFIG", message, options);
  }

  override get name(): string {
    return "EngineConfigError";
  }
}
