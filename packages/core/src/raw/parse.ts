/**
 * Raw mode's body parser: the envelope is parsed and checked exactly as in object mode, but the
 * items are handed on as bytes (`RawItems`) instead of being `JSON.parse`d, which is most of a
 * page's parsing cost (a page is ~1.3 MB, the envelope without items a few hundred bytes).
 */
import { checkLiveResponse, type ParseContext, parseLiveResponseText } from "../envelope.js";
import type { LiveResponse, LiveTask } from "../model/response.js";
import { RawItems } from "./items.js";
import { type RawItemCheck, scanLiveBody } from "./scan.js";

/** `result[0]` of a successful task in raw mode: as `LiveResult`, with the items as bytes. */
export interface RawLiveResult {
  readonly target: string | null;
  readonly mode: string | null;
  readonly custom_mode: { readonly field: string; readonly value: number } | null;
  readonly total_count: number;
  readonly items_count: number;
  /** The rows of this page as JSON bytes (empty when the API sent `null` for an empty page). */
  readonly items: RawItems;
  readonly search_after_token: string | null;
  readonly [extra: string]: unknown;
}

/** What {@link parseLiveResponseBytes} returns once every status check passed. */
export interface RawParsedLiveResponse {
  /** The envelope; its `tasks[0].result[0].items` is the same `RawItems` as `result.items`. */
  readonly response: LiveResponse;
  readonly task: LiveTask;
  readonly result: RawLiveResult;
  readonly cost: number;
}

/**
 * Parse a body (UTF-8 bytes, already un-gzipped) in raw mode, running `itemCheck` (if given) on
 * each item as the scanner reaches it (see `RawItems.passed`). Throws exactly what
 * `parseLiveResponseText` throws for the same body — `MalformedResponseError` (retryable for
 * invalid or truncated JSON), `ApiStatusError` — with the same messages: the envelope is
 * `JSON.parse`d with its items array emptied, then checked by the same code as object mode.
 */
export function parseLiveResponseBytes(
  body: Uint8Array,
  context?: ParseContext,
  itemCheck?: RawItemCheck,
): RawParsedLiveResponse {
  const buf = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  const scan = scanLiveBody(body, itemCheck);
  if (scan === null) return objectModeFallback(buf, context);
  let envelope: unknown;
  let raw: RawItems;
  try {
    if (scan.items === null) {
      envelope = JSON.parse(buf.toString("utf8"));
      raw = RawItems.empty();
    } else {
      const { open, close, starts, ends, failed } = scan.items;
      // both cuts sit next to ASCII brackets, so decoding the two pieces equals decoding the whole
      envelope = JSON.parse(buf.toString("utf8", 0, open + 1) + buf.toString("utf8", close));
      const check = itemCheck !== undefined && failed !== null ? { by: itemCheck, failed } : undefined;
      raw = new RawItems(body, starts, ends, 0, undefined, check);
    }
  } catch {
    return objectModeFallback(buf, context);
  }
  return checkLiveResponse(envelope, context, raw) as unknown as RawParsedLiveResponse;
}

/**
 * The scanner refused the body: parse it as object mode does, which throws the error object mode
 * would throw. Should `JSON.parse` accept what the scanner refused (a scanner defect), the values
 * still arrive, re-serialised as canonical JSON.
 */
function objectModeFallback(buf: Buffer, context: ParseContext | undefined): RawParsedLiveResponse {
  const parsed = parseLiveResponseText(buf.toString("utf8"), context);
  const raw = RawItems.fromValues(parsed.result.items);
  (parsed.result as { items: unknown }).items = raw;
  return parsed as unknown as RawParsedLiveResponse;
}
