/**
 * A shard chain's page 1 that the planner already bought (core keeps such probe pages beside the
 * plan): the chain's client answers its first request — exactly the shard's page-1 request — from
 * that page instead of buying it again, in object or raw (NDJSON) mode alike. Everything else goes
 * to the real client. The page's cost was spent (and counted by the client) while planning; the
 * chain books it as its own page, and the planner's probe figures leave it out (see shard-plan.ts).
 */
import {
  type BacklinksClient,
  type BacklinksRequest,
  type HeldPage,
  type LiveCallResult,
  RawItems,
  type RawLiveCallResult,
  requestHash,
} from "@backlinks/core";

/** `client`, except that the first page-1 request for `request` is answered by `held`. */
export function withHeldFirstPage(
  client: BacklinksClient,
  request: BacklinksRequest,
  held: HeldPage,
): BacklinksClient {
  let page: HeldPage | undefined = held;
  const hash = requestHash(request);
  const live = (async (task: BacklinksRequest, options?: { raw?: boolean; signal?: AbortSignal }) => {
    const take =
      page !== undefined && task.search_after_token === undefined && requestHash(task) === hash
        ? page
        : undefined;
    if (take === undefined) return client.live(task, options as never);
    page = undefined; // handed out once, then freed
    const base = {
      target: request.target,
      mode: request.mode ?? null,
      custom_mode: request.custom_mode ?? null,
      total_count: take.totalCount,
      items_count: take.items.length,
      search_after_token: take.token,
    };
    const call = { cost: take.cost, taskId: take.taskId, attempts: take.attempts };
    if (options?.raw === true) {
      const result: RawLiveCallResult = {
        ...call,
        result: { ...base, items: RawItems.fromValues(take.items) },
      };
      return result;
    }
    const result: LiveCallResult = {
      ...call,
      result: { ...base, items: take.items as LiveCallResult["result"]["items"] },
    };
    return result;
  }) as BacklinksClient["live"];
  return {
    endpoint: client.endpoint,
    live,
    stats: () => client.stats(),
    close: () => client.close(),
  };
}
