/**
 * Property: for random page sizes, totals, failure points and interruption points, the pages of a
 * chain — walked over real HTTP, retried through injected failures, and resumed from a
 * JSON-serialised cursor after an interruption — concatenate to exactly the server's rows.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type BacklinksClient, type Cursor, createClient, paginateBacklinks } from "../src/index.js";
import { type Fault, startScriptedServer } from "./support/scripted-server.js";

const faultKinds: Fault[] = [
  { kind: "http", status: 500 },
  { kind: "http", status: 503, headers: { "retry-after": "0" } },
  { kind: "reset" },
  { kind: "truncate" },
  { kind: "api", statusCode: 50401, level: "task" },
  { kind: "api", statusCode: 40202, level: "request" },
  { kind: "api", statusCode: 40209, level: "request" },
];

describe("pagination property", () => {
  it("concatenated pages equal the server's rows: nothing lost, nothing repeated", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: 0, max: 30 }),
        fc.integer({ min: 0, max: 59 }),
        // request number (1-based, across both legs) → fault
        fc.dictionary(
          fc.integer({ min: 1, max: 60 }).map(String),
          fc.constantFrom(...faultKinds.map((_, i) => i)),
          { maxKeys: 8 },
        ),
        fc.option(fc.integer({ min: 1, max: 30 }), { nil: undefined }),
        fc.integer({ min: 0, max: 2 }),
        async (limit, fullPages, remainder, faultMap, stopAfter, prefetch) => {
          const total = fullPages * limit + (remainder % limit);
          const server = await startScriptedServer({
            rows: { "prop.com": total },
            faultFor: (n) => {
              const i = faultMap[String(n)];
              return i === undefined ? undefined : faultKinds[i];
            },
          });
          const open: BacklinksClient[] = [];
          const newClient = () => {
            const c = createClient({
              baseUrl: server.url,
              login: server.login,
              password: server.password,
              rate: 6_000_000,
              // Enough attempts for consecutive injected faults on one page.
              retry: { maxAttempts: 12, baseDelayMs: 0, maxDelayMs: 1, rateLimitDelayMs: 0 },
            });
            open.push(c);
            return c;
          };
          try {
            const request = { target: "prop.com", limit, order_by: ["rank,desc" as const] };
            const got: unknown[] = [];
            let saved: string | null = null;
            for await (const page of paginateBacklinks(newClient(), request, { prefetch })) {
              got.push(...page.items.map((r) => r.url_from));
              saved = JSON.stringify(page.cursor);
              if (page.pageNumber === stopAfter) break;
            }
            if (saved !== null) {
              const cursor = JSON.parse(saved) as Cursor;
              for await (const page of paginateBacklinks(newClient(), request, { cursor, prefetch })) {
                got.push(...page.items.map((r) => r.url_from));
              }
            }
            const truth = server.rows("prop.com").map((r) => r.url_from);
            expect(got).toEqual(truth);
            expect(new Set(got).size).toBe(total);
          } finally {
            await Promise.all(open.map((c) => c.close()));
            await server.close();
          }
        },
      ),
      { numRuns: 40 },
    );
  });
});
