/**
 * Paging of the scripted server: offset or token → a slice of the deterministic rows, and the next
 * token. Tokens are base64url JSON `{ o: nextOffset, h: hash of the request without position }`,
 * so a token sent with a changed request, or together with `offset`, is refused (40501) as a
 * strict API would.
 */
import { createHash } from "node:crypto";
import { makeRow } from "./rows.js";

const sortKeys = (v: unknown): unknown =>
  v === null || typeof v !== "object"
    ? v
    : Array.isArray(v)
      ? v.map(sortKeys)
      : Object.fromEntries(
          Object.keys(v)
            .sort()
            .map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]),
        );

function identityHash(task: Record<string, unknown>): string {
  const { offset: _o, search_after_token: _t, ...rest } = task;
  return createHash("sha256")
    .update(JSON.stringify(sortKeys(rest)))
    .digest("hex")
    .slice(0, 16);
}

/** A page: `result[0]` and its cost, or the 40501 message of a refused task. */
export type PageAnswer =
  | { readonly result: Record<string, unknown>; readonly cost: number }
  | { readonly error: string };

/** Answer one task. `repeatToken` hands back the token that was sent (a broken API). */
export function pageFor(
  task: Record<string, unknown>,
  totals: Record<string, number>,
  repeatToken: boolean,
): PageAnswer {
  const target = String(task.target);
  const total = totals[target] ?? 0;
  const limit = typeof task.limit === "number" ? task.limit : 100;
  const hash = identityHash(task);
  let offset = typeof task.offset === "number" ? task.offset : 0;
  if (typeof task.search_after_token === "string") {
    if (task.offset !== undefined) return { error: "Invalid Field: 'offset'." };
    let decoded: { o: number; h: string };
    try {
      decoded = JSON.parse(Buffer.from(task.search_after_token, "base64url").toString("utf8"));
    } catch {
      return { error: "Invalid Field: 'search_after_token'." };
    }
    if (decoded.h !== hash) return { error: "Invalid Field: 'search_after_token'." };
    offset = decoded.o;
  }
  const end = Math.min(total, offset + limit);
  const items = [];
  for (let i = offset; i < end; i++) items.push(makeRow(target, i));
  let token = Buffer.from(JSON.stringify({ o: end, h: hash })).toString("base64url");
  if (repeatToken) token = typeof task.search_after_token === "string" ? task.search_after_token : "fixed";
  return {
    result: {
      target,
      mode: task.mode ?? "as_is",
      custom_mode: task.custom_mode ?? null,
      total_count: total,
      items_count: items.length,
      items,
      search_after_token: token,
    },
    cost: Math.round((0.02 + 0.00003 * items.length) * 1e6) / 1e6,
  };
}
