import type { ServerResponse } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { bodyText, type Outgoing, prepare, writePrepared } from "../server/send.js";

/** HTTP status and body of an injected HTTP-level fault. */
export interface HttpFault {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
}

/**
 * What a proxy in front of the API sends: 502/503 carry HTML, not the JSON envelope, because a
 * client must cope with bodies it cannot parse ([INF] api-notes §3.1: "handle 429/502/503/504
 * from proxies defensively"). The 500 carries the API's own JSON error (documented HTTP 500).
 */
export function httpFault(kind: "http500" | "http502" | "http503", json500: string): HttpFault {
  switch (kind) {
    case "http500":
      return { status: 500, contentType: "application/json; charset=utf-8", body: json500 };
    case "http502":
      return { status: 502, contentType: "text/html", body: proxyPage("502 Bad Gateway") };
    case "http503":
      return {
        status: 503,
        contentType: "text/html",
        body: proxyPage("503 Service Temporarily Unavailable"),
      };
  }
}

function proxyPage(title: string): string {
  return `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
}

/** Faults that damage the delivery of an otherwise normal response. */
export type DeliveryFault = "resetMidBody" | "truncatedJson" | "slowBody";

/** Number of pieces a slow body is written in. */
const SLOW_BODY_CHUNKS = 10;

/**
 * Deliver `out` damaged by `fault`:
 * - `truncatedJson`: a complete, well-framed HTTP response whose JSON stops at 60 % of its text
 *   (the client's parser must fail, not its transport);
 * - `resetMidBody`: headers announce the full length, half the bytes are sent, then the socket is
 *   destroyed (the client sees a reset / premature close);
 * - `slowBody`: the full body in 10 pieces spread over `slowBodyMs`.
 */
export async function deliverWithFault(
  res: ServerResponse,
  fault: DeliveryFault,
  out: Outgoing,
  options: { readonly slowBodyMs: number; readonly signal: AbortSignal },
): Promise<void> {
  if (fault === "truncatedJson") {
    const text = bodyText(out);
    const cut = Math.floor(text.length * 0.6);
    writePrepared(res, await prepare({ ...out, body: text.slice(0, cut) }));
    return;
  }
  const prepared = await prepare(out);
  if (res.destroyed) return;
  res.writeHead(prepared.status, prepared.headers);
  const bytes = prepared.bytes;
  if (fault === "resetMidBody") {
    const half = Math.max(1, Math.floor(bytes.length / 2));
    // Destroy only once the first half reached the socket, so the client really sees a partial body.
    res.write(bytes.subarray(0, half), () => res.destroy());
    return;
  }
  const step = Math.ceil(bytes.length / SLOW_BODY_CHUNKS);
  const pause = options.slowBodyMs / SLOW_BODY_CHUNKS;
  for (let start = 0; start < bytes.length; start += step) {
    if (res.destroyed) return;
    if (start > 0) await sleep(pause, undefined, { signal: options.signal });
    res.write(bytes.subarray(start, start + step));
  }
  res.end();
}
