/** Base URLs the client knows by name. */
export const BASE_URL_PRESETS = Object.freeze({
  /** The real API. */
  live: "https://api.dataforseo.com",
  /** DataForSEO's free sandbox: same shapes, dummy data (api-notes §3.4). */
  sandbox: "https://sandbox.dataforseo.com",
});

/** A preset name. */
export type BaseUrlPreset = keyof typeof BASE_URL_PRESETS;

/** Path of the endpoint, appended to the base URL's own path. */
export const BACKLINKS_LIVE_PATH = "/v3/backlinks/backlinks/live";

/** Resolved target of the client: the origin the pool connects to and the request path. */
export interface Endpoint {
  readonly origin: string;
  readonly path: string;
}

/**
 * Resolve `"live"`, `"sandbox"` or any http(s) URL (a local simulator, a proxy with a path
 * prefix). Returns `null` when the value is not usable; the caller reports the error.
 * URLs carrying `user:password@` are refused: credentials belong in `login`/`password`, which the
 * client keeps out of every printable object, and a URL is printed in logs.
 */
export function resolveEndpoint(baseUrl: string): Endpoint | null {
  const raw = baseUrl in BASE_URL_PRESETS ? BASE_URL_PRESETS[baseUrl as BaseUrlPreset] : baseUrl;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return null;
  if (url.username !== "" || url.password !== "" || url.search !== "" || url.hash !== "") return null;
  const prefix = url.pathname.replace(/\/+$/, "");
  return Object.freeze({ origin: url.origin, path: `${prefix}${BACKLINKS_LIVE_PATH}` });
}
