import { describe, expect, it } from "vitest";
import {
  assertValidRequest,
  BacklinksError,
  REQUEST_FIELDS,
  RequestValidationError,
  validateRequest,
} from "../src/index.js";

function issuesOf(input: unknown) {
  const result = validateRequest(input);
  if (result.ok) throw new Error("expected issues");
  return result.issues;
}

describe("validateRequest messages", () => {
  it("names the field, what was expected and what was given", () => {
    const [issue] = issuesOf({
      target: "example.com",
      filters: [["dofollow", "=", true], "and", ["rank", "like", "%seo%"]],
    });
    expect(issue).toEqual({
      path: "filters[2][1]",
      field: "filters",
      code: "operator_for_type",
      message:
        'filters[2][1]: operator "like" is not valid for number field "rank" (expected one of <, <=, >, >=, =, <>, in, not_in)',
    });
  });

  it("suggests the closest name for typos", () => {
    expect(issuesOf({ target: "a.com", limt: 5 })[0]?.message).toBe(
      'limt: unknown task property (did you mean "limit"?)',
    );
    expect(issuesOf({ target: "a.com", filters: ["ancor", "=", "x"] })[0]?.message).toContain(
      'did you mean "anchor"?',
    );
    expect(issuesOf({ target: "a.com", order_by: ["frist_seen,asc"] })[0]?.message).toContain(
      'did you mean "first_seen"?',
    );
  });

  it("keeps messages one line and short for hostile values", () => {
    const issues = issuesOf({ target: "a.com", "bad\nkey": 1, mode: `x\n${"y".repeat(10_000)}` });
    for (const issue of issues) {
      expect(issue.message).not.toMatch(/[\r\n]/);
      expect(issue.message.length).toBeLessThan(400);
    }
    expect(issues.map((i) => i.code)).toEqual(["unknown_property", "enum"]);
  });

  it("never echoes a search_after_token", () => {
    const issues = issuesOf({ target: "a.com", search_after_token: ["secret-token"] });
    expect(JSON.stringify(issues)).not.toContain("secret-token");
  });

  it("does not echo credentials in a page target", () => {
    const [issue] = issuesOf({ target: "https://user:hunter2@example.com/page" });
    expect(issue?.code).toBe("target_format");
    expect(issue?.message).not.toContain("hunter2");
  });

  it("treats class instances and arrays as non-objects", () => {
    expect(issuesOf(new Date())[0]?.code).toBe("type");
    expect(issuesOf([{ target: "a.com" }])[0]?.message).toContain("not the POST body array");
  });

  it("refuses absurdly deep or cyclic filters without overflowing the stack", () => {
    let deep: unknown = ["rank", ">", 1];
    for (let i = 0; i < 10_000; i++) deep = [deep, "and", ["rank", ">", 1]];
    expect(issuesOf({ target: "a.com", filters: deep }).map((i) => i.code)).toContain("too_deep");
    const cyclic: unknown[] = [["rank", ">", 1], "and"];
    cyclic.push(cyclic);
    expect(issuesOf({ target: "a.com", filters: cyclic }).map((i) => i.code)).toContain("too_deep");
  });

  it("refuses objects with a custom prototype, accepts null-prototype objects", () => {
    const input = Object.create({ limit: 5000 }) as Record<string, unknown>;
    input.target = "a.com";
    const result = validateRequest(input);
    // Object.create(proto) is not a plain object: refused as a whole rather than half-read.
    expect(result.ok).toBe(false);
    const plain = Object.assign(Object.create(null) as object, { target: "a.com" });
    expect(validateRequest(plain).ok).toBe(true);
  });
});

describe("validateRequest result", () => {
  it("is deep-frozen, fresh, and in documented key order", () => {
    const input = {
      tag: "t",
      limit: 10,
      filters: [["rank", "in", [1, 2]], "and", [["anchor", "like", "%a%"], "or", ["alt", "=", null]]],
      order_by: ["rank,desc"],
      custom_mode: { value: 3, field: "anchor" },
      target: "WWW.A.COM",
    };
    const result = validateRequest(input);
    if (!result.ok) throw new Error("expected ok");
    const request = result.request;
    expect(Object.keys(request)).toEqual(["target", "custom_mode", "filters", "order_by", "limit", "tag"]);
    const frozen = (value: unknown): void => {
      if (value !== null && typeof value === "object") {
        expect(Object.isFrozen(value)).toBe(true);
        for (const child of Object.values(value)) frozen(child);
      }
    };
    frozen(request);
    expect(request.filters).not.toBe(input.filters);
    expect(Object.isFrozen(input.filters)).toBe(false);
    expect(request.target).toBe("a.com");
    expect(input.target).toBe("WWW.A.COM");
  });

  it("lists every task field of api-notes §1.2", () => {
    expect([...REQUEST_FIELDS].sort()).toEqual(
      [
        "target",
        "mode",
        "custom_mode",
        "filters",
        "order_by",
        "offset",
        "search_after_token",
        "limit",
        "backlinks_status_type",
        "include_subdomains",
        "include_indirect_links",
        "exclude_internal_backlinks",
        "rank_scale",
        "tag",
      ].sort(),
    );
  });

  it("validates its own output as valid and unchanged", () => {
    const result = validateRequest({
      target: "https://Example.com/a?b=1#frag",
      limit: 3,
      filters: ["rank", ">", "80"],
    });
    if (!result.ok) throw new Error("expected ok");
    const again = validateRequest(JSON.parse(JSON.stringify(result.request)));
    expect(again).toEqual(result);
  });
});

describe("assertValidRequest", () => {
  it("returns the normalised request", () => {
    expect(assertValidRequest({ target: "https://www.example.com/" })).toEqual({ target: "example.com" });
  });

  it("throws RequestValidationError with every issue and a one-line summary", () => {
    let caught: unknown;
    try {
      assertValidRequest({ target: "a.com", limit: 0, offset: -5, mode: "x" });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(RequestValidationError);
    expect(caught).toBeInstanceOf(BacklinksError);
    const error = caught as RequestValidationError;
    expect(error.name).toBe("RequestValidationError");
    expect(error.code).toBe("ERR_INVALID_REQUEST");
    expect(error.issues.map((i) => i.path)).toEqual(["mode", "offset", "limit"]);
    expect(error.message).toBe(
      'invalid backlinks request: mode: expected one of "as_is", "one_per_domain" or "one_per_anchor", got "x" (and 2 more)',
    );
    expect(String(error)).toBe(`ERR_INVALID_REQUEST: ${error.message}`);
    expect(Object.isFrozen(error.issues)).toBe(true);
  });

  it("has no '(and N more)' for a single issue", () => {
    expect(() => assertValidRequest({})).toThrow(
      /^invalid backlinks request: target: target is required: .*got nothing$/,
    );
  });
});

describe("negative zero", () => {
  it("is sent as 0, in a condition and in an in-list, so validate(JSON(request)) equals request", () => {
    const r = validateRequest({
      target: "example.com",
      filters: [["page_from_rank", "=", -0], "and", ["rank", "in", [-0, 5]]],
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const again = validateRequest(JSON.parse(JSON.stringify(r.request)));
    expect(again).toEqual(r);
    expect(Object.is((r.request.filters as unknown[][])[0]?.[2], 0)).toBe(true);
  });
});
