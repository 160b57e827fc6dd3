import { describe, expect, it } from "vitest";
import { checkTarget, normalizeTarget, RequestValidationError } from "../src/index.js";

const GOOD: ReadonlyArray<[string, string, "domain" | "page"]> = [
  ["example.com", "example.com", "domain"],
  ["Example.COM", "example.com", "domain"],
  ["www.example.com", "example.com", "domain"],
  ["WWW.example.com", "example.com", "domain"],
  ["example.com/", "example.com", "domain"],
  ["example.com.", "example.com", "domain"],
  ["  example.com  ", "example.com", "domain"],
  ["https://example.com", "example.com", "domain"],
  ["http://www.example.com/", "example.com", "domain"],
  ["HTTPS://WWW.EXAMPLE.COM/", "example.com", "domain"],
  ["http://example.com:80/", "example.com", "domain"],
  ["blog.example.com", "blog.example.com", "domain"],
  ["www2.example.com", "www2.example.com", "domain"],
  ["www.blog.example.co.uk", "blog.example.co.uk", "domain"],
  ["www.com", "www.com", "domain"],
  ["my_sub.example.com", "my_sub.example.com", "domain"],
  ["xn--bcher-kva.de", "xn--bcher-kva.de", "domain"],
  ["bücher.de", "xn--bcher-kva.de", "domain"],
  ["93.184.216.34", "93.184.216.34", "domain"],
  ["https://example.com/page", "https://example.com/page", "page"],
  ["https://www.example.com/page", "https://www.example.com/page", "page"],
  ["HTTP://Example.com/Blog/Post", "http://example.com/Blog/Post", "page"],
  ["https://example.com/a?b=1&c=2", "https://example.com/a?b=1&c=2", "page"],
  ["https://example.com/?b=1", "https://example.com/?b=1", "page"],
  ["https://example.com/a#section", "https://example.com/a", "page"],
  ["https://example.com:8443/a", "https://example.com:8443/a", "page"],
  ["https://example.com/dir/", "https://example.com/dir/", "page"],
];

const BAD: ReadonlyArray<[string, RegExp]> = [
  ["", /got an empty string/],
  ["   ", /got an empty string/],
  ["not a domain", /contains whitespace/],
  ["example", /needs a dot/],
  ["localhost", /needs a dot/],
  ["example.com/page", /a page needs its scheme \(write "https:\/\/example.com\/page"\)/],
  ["example.com?x=1", /a page needs its scheme/],
  ["ftp://example.com/x", /must use http:\/\/ or https:\/\/, got scheme "ftp"/],
  ["mailto:someone@example.com", /expected a domain/],
  ["//example.com", /expected a domain/],
  ["http://", /unparseable URL/],
  ["https://exa mple.com/", /contains whitespace/],
  ["-example.com", /not a valid host name/],
  ["example-.com", /not a valid host name/],
  ["exa!mple.com", /not a valid host name/],
  ["example.123", /not a valid host name/],
  ["1.2.3", /not a valid host name/],
  ["example.com:8080", /has no port/],
  ["https://example.com:8080/", /has no port/],
  ["user@example.com", /expected a domain/],
  ["https://[::1]/page", /IPv6/],
  [`${"a".repeat(64)}.com`, /not a valid host name/],
  [`${"abcdefghi.".repeat(26)}com`, /at most 253/],
];

describe("normalizeTarget", () => {
  it.each(GOOD)("%s → %s (%s)", (input, expected, kind) => {
    expect(normalizeTarget(input)).toBe(expected);
    expect(checkTarget(input)).toEqual({ ok: true, target: expected, kind });
    // Normalising is idempotent.
    expect(normalizeTarget(expected)).toBe(expected);
  });

  it.each(BAD)("refuses %j", (input, reason) => {
    let caught: unknown;
    try {
      normalizeTarget(input);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(RequestValidationError);
    const error = caught as RequestValidationError;
    expect(error.issues).toHaveLength(1);
    expect(error.issues[0]).toMatchObject({ path: "target", field: "target", code: "target_format" });
    expect(error.issues[0]?.message).toMatch(reason);
    expect(error.issues[0]?.message).toMatch(/^target: expected a domain like "example.com" or a page URL/);
  });

  it("never puts credentials of a URL into the error", () => {
    expect(() => normalizeTarget("https://alice:s3cret@example.com/p")).toThrow(
      /must not contain a user name or password/,
    );
    try {
      normalizeTarget("https://alice:s3cret@example.com/p");
    } catch (error) {
      expect(JSON.stringify((error as RequestValidationError).issues)).not.toContain("s3cret");
      expect((error as Error).message).not.toContain("s3cret");
    }
  });

  it("refuses non-strings with the same error class", () => {
    expect(() => normalizeTarget(42 as unknown as string)).toThrow(RequestValidationError);
  });
});
