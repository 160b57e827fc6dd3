/**
 * Target normalisation (api-notes §1.2): a domain or subdomain goes to the API without scheme and
 * without `www.`; a page goes as an absolute `http://` / `https://` URL.
 */
import { RequestValidationError } from "../errors/validation.js";
import { describeValue, makeIssue } from "./issues.js";

/** What a normalised target denotes. */
export type TargetKind = "domain" | "page";

/** Result of {@link checkTarget}: the normalised target, or why it is not one. */
export type TargetCheck =
  | { readonly ok: true; readonly target: string; readonly kind: TargetKind }
  | { readonly ok: false; readonly reason: string };

const EXPECTED = 'expected a domain like "example.com" or a page URL like "https://example.com/page"';
const LABEL = /^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$/;
const IPV4 = /^(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/**
 * Checks a host name as the WHATWG URL parser returned it (lowercase, IDN as punycode). Requires
 * at least two labels: a backlink index has no single-label hosts such as `localhost`.
 */
function hostProblem(host: string, written: string): string | undefined {
  if (host.startsWith("[")) return "IPv6 hosts are not supported";
  if (IPV4.test(host)) {
    // The URL parser rewrites shorthand like "1.2.3" to "1.2.0.3"; only a literal dotted quad is accepted.
    return host === written ? undefined : "is not a valid host name";
  }
  if (host.length > 253) return `host name is ${host.length} characters long (at most 253)`;
  const labels = host.split(".");
  if (labels.length < 2) return "needs a dot: a domain like example.com";
  for (const label of labels) {
    if (!LABEL.test(label)) return "is not a valid host name";
  }
  if (/^\d+$/.test(labels[labels.length - 1] ?? "")) return "is not a valid host name";
  return undefined;
}

function fail(reason: string): TargetCheck {
  return { ok: false, reason };
}

/** `https://www.x.com/` is a domain; anything with a path past `/` or a query is a page. */
function checkUrl(text: string, scheme: string): TargetCheck {
  if (scheme !== "http" && scheme !== "https") {
    return fail(`${EXPECTED}; a page URL must use http:// or https://, got scheme "${scheme}"`);
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return fail(`${EXPECTED}, got an unparseable URL ${describeValue(text)}`);
  }
  if (url.username !== "" || url.password !== "") {
    // Never echo the value: it carries credentials.
    return fail(`${EXPECTED}; a target URL must not contain a user name or password`);
  }
  const writtenHost = /^[a-z][a-z0-9+.-]*:\/\/([^/?#:]*)/i.exec(text)?.[1]?.toLowerCase() ?? "";
  const host = url.hostname.replace(/\.$/, "");
  const problem = hostProblem(host, writtenHost.replace(/\.$/, ""));
  if (problem !== undefined) return fail(`${EXPECTED}; host ${describeValue(url.hostname)} ${problem}`);
  const isRoot = url.pathname === "/" && url.search === "";
  if (isRoot) {
    if (url.port !== "") return fail(`${EXPECTED}; a domain target has no port, got ${describeValue(text)}`);
    return { ok: true, kind: "domain", target: stripWww(host) };
  }
  // A page is kept as a URL (scheme and host lowercased by the URL parser, path and query as given
  // apart from percent-encoding). The fragment is dropped: it never reaches a server, so no backlink
  // points at it.
  const hostPart = url.port === "" ? host : `${host}:${url.port}`;
  return { ok: true, kind: "page", target: `${url.protocol}//${hostPart}${url.pathname}${url.search}` };
}

function stripWww(host: string): string {
  // Only a leading "www." label, and never down to a bare TLD ("www.com" stays).
  return host.startsWith("www.") && host.split(".").length > 2 ? host.slice(4) : host;
}

/** Checks and normalises a target; never throws. See {@link normalizeTarget}. */
export function checkTarget(input: string): TargetCheck {
  const text = input.trim();
  if (text === "") return fail(`${EXPECTED}, got an empty string`);
  if (/\s/.test(text)) return fail(`${EXPECTED}, got ${describeValue(text)} (contains whitespace)`);
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(text);
  if (scheme) return checkUrl(text, (scheme[1] ?? "").toLowerCase());
  if (text.includes("://") || text.startsWith("//")) return fail(`${EXPECTED}, got ${describeValue(text)}`);
  const bare = text.replace(/\/+$/, "");
  if (/[/?#]/.test(bare)) {
    return fail(`${EXPECTED}; a page needs its scheme (write "https://${bare}"), got ${describeValue(text)}`);
  }
  if (bare.includes("@")) return fail(`${EXPECTED}, got ${describeValue(text)}`);
  if (bare.includes(":")) return fail(`${EXPECTED}; a domain target has no port, got ${describeValue(text)}`);
  let url: URL;
  try {
    url = new URL(`http://${bare}/`);
  } catch {
    return fail(`${EXPECTED}; ${describeValue(text)} is not a valid host name`);
  }
  const host = url.hostname.replace(/\.$/, "");
  const problem = hostProblem(host, bare.toLowerCase().replace(/\.$/, ""));
  if (problem !== undefined) return fail(`${EXPECTED}; ${describeValue(text)} ${problem}`);
  return { ok: true, kind: "domain", target: stripWww(host) };
}

/**
 * Normalises a target the way the API wants it:
 * - a domain or subdomain (`HTTPS://WWW.Example.com/` → `example.com`, `blog.example.com`):
 *   scheme, a leading `www.`, trailing slashes and a trailing dot removed, lowercased, IDN as
 *   punycode (the DNS form; [INF] the API's own form for IDNs is undocumented);
 * - a page (`https://Example.com/a/b?x=1`): an absolute http(s) URL, scheme and host lowercased,
 *   path and query kept, fragment dropped. A page without scheme is refused rather than guessed
 *   (http and https pages are different URLs).
 *
 * @throws RequestValidationError (issue code `target_format`, path `target`) for anything else.
 */
export function normalizeTarget(input: string): string {
  const checked =
    typeof input === "string"
      ? checkTarget(input)
      : fail(`expected a string, got ${describeValue(input as unknown)}`);
  if (checked.ok) return checked.target;
  throw new RequestValidationError([makeIssue("target", "target_format", checked.reason)]);
}
