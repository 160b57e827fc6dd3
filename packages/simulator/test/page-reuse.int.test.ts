/** Reused page buffers over real HTTP: parallel walks, each page byte for byte what the engine writes, none mixed up. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEngine } from "../src/engine/engine.js";
import { live } from "./support/http.js";
import { serve, TEST_TARGETS } from "./support/server.js";

let sim: Awaited<ReturnType<typeof serve>>;
/** The same dataset as the server's, for the expected bytes. */
const reference = createEngine({ seed: 7, targets: TEST_TARGETS });

beforeAll(async () => {
  sim = await serve({ limits: { requestsPerMinute: null } });
});
afterAll(async () => {
  await sim.close();
});

describe("page buffers", () => {
  it("serves three walks at once, plain and gzipped, each page exactly the engine's JSON", async () => {
    const requests: Record<string, unknown>[] = [
      { target: "example.com", limit: 500 },
      { target: "example.com", limit: 200, mode: "one_per_domain", order_by: ["domain_from_rank,desc"] },
      { target: "example.com", limit: 300, filters: ["dofollow", "=", true] },
    ];
    const tokens: (string | null)[] = requests.map(() => null);
    const done = requests.map(() => false);
    let pages = 0;
    while (done.includes(false)) {
      await Promise.all(
        requests.map(async (request, i) => {
          if (done[i]) return;
          const token = tokens[i];
          const task = token === null ? request : { ...request, search_after_token: token };
          const res = await live(sim.url, sim.auth, [task], { gzip: i === 2 && pages % 2 === 1 });
          const expected = reference.execute(task);
          // The page's bytes as sent, inside the envelope.
          expect(res.text).toContain(`"result":[${JSON.stringify(expected)}]`);
          pages++;
          if (expected.items_count < (request.limit as number)) done[i] = true;
          else tokens[i] = expected.search_after_token;
        }),
      );
    }
    expect(pages).toBeGreaterThan(3 * requests.length); // several pages per walk, so buffers did cycle
  });
});
