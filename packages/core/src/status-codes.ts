/**
 * DataForSEO internal status codes (api-notes §3.2) with the level they are seen at and whether a
 * retry can help. The table is the single source for `ApiStatusError.retryable`.
 */

/** Where a code is seen: top-level envelope, inside a task, both, or unknown. */
export type StatusLevel = "request" | "task" | "both" | "unknown";

/** One row of the status table. */
export interface StatusCodeInfo {
  readonly message: string;
  readonly level: StatusLevel;
  readonly retryable: boolean;
  /**
   * The API asks us to slow down (rate limit, update in progress): the retry waits at least the
   * client's `rateLimitDelayMs` (default 60 s, api-notes "back off ~60 s").
   */
  readonly slowDown?: boolean;
}

/** The success code, at both levels. */
export const STATUS_OK = 20000;

const row = (message: string, level: StatusLevel, retryable: boolean, slowDown = false): StatusCodeInfo =>
  Object.freeze(slowDown ? { message, level, retryable, slowDown } : { message, level, retryable });

/** api-notes §3.2, code → info. */
export const STATUS_CODES: ReadonlyMap<number, StatusCodeInfo> = new Map<number, StatusCodeInfo>([
  [20000, row("Ok.", "both", false)],
  [20100, row("Task Created.", "task", false)],
  [40000, row("You can set only one task at a time.", "task", false)],
  [40001, row("Id used by another client.", "task", false)],
  [40002, row("Invalid search engine.", "task", false)],
  [40003, row("Invalid type.", "task", false)],
  [40004, row("Invalid function.", "task", false)],
  [40005, row("Invalid device.", "task", false)],
  [40006, row("You can set no more than 100 tasks at a time.", "request", false)],
  [40100, row("You are not authorized to access this resource.", "request", false)],
  [40101, row("Internal SE Server Error.", "task", true)],
  [40102, row("No Search Results.", "task", false)],
  [40103, row("Task execution failed, please try to resubmit the task.", "task", true)],
  [40104, row("Please verify your account before using the API.", "request", false)],
  [40200, row("Payment Required.", "request", false)],
  [40201, row("Suspicious activity, account temporarily blocked.", "request", false)],
  [40202, row("The rate-limit per minute has been exceeded.", "request", true, true)],
  [40203, row("The cost limit has been exceeded.", "both", false)],
  [40204, row("Access denied. Visit Plans and Subscriptions to activate.", "task", false)],
  [40205, row("Duplicate task limit per hour exceeded.", "task", false)],
  [40206, row("Duplicate task limit per day exceeded.", "task", false)],
  [40207, row("Access denied. Your IP is not whitelisted.", "request", false)],
  [40209, row("Too many simultaneous requests.", "request", true)],
  [40210, row("Insufficient funds.", "both", false)],
  [40400, row("Not Found.", "request", false)],
  [40401, row("Task Not Found.", "task", false)],
  [40402, row("Invalid Path.", "request", false)],
  [40403, row("Results Expired.", "task", false)],
  [40404, row("No Prepared Data Found.", "task", false)],
  [40501, row("Invalid Field.", "task", false)],
  [40502, row("POST Data Is Empty.", "request", false)],
  [40503, row("POST Data Is Invalid.", "request", false)],
  [40504, row("Too many intersecting keywords.", "task", false)],
  [40505, row("You are using old data.", "task", false)],
  [40506, row("Unknown Fields in POST Data.", "both", false)],
  [40601, row("Task Handed.", "task", false)],
  [40602, row("Task In Queue.", "task", false)],
  [50000, row("Internal Error.", "both", true)],
  [50001, row("Error While Checking the Balance.", "request", true)],
  [50100, row("Not Implemented.", "unknown", false)],
  [50301, row("3rd Party API Service Unavailable.", "unknown", true)],
  [50303, row("Update in progress. Please try after a few minutes.", "unknown", true, true)],
  [50304, row("This function temporarily unavailable.", "unknown", false)],
  [50401, row("Internal Error - Timeout.", "task", true)],
]);

/**
 * Info for any code. Unknown codes: [INF] 5xxxx are server-side and worth a bounded retry,
 * everything else is treated as a permanent refusal (the safe side: no paid retries of a request
 * the API rejected for a reason we do not know).
 */
export function statusCodeInfo(code: number): StatusCodeInfo {
  const known = STATUS_CODES.get(code);
  if (known) return known;
  return Object.freeze({
    message: "Unknown status code.",
    level: "unknown",
    retryable: code >= 50000 && code < 60000,
  });
}
