/**
 * A tiny stand-in engine for server-only behaviour (auth, envelope framing, limits, faults):
 * `target` rows numbered 0..size-1, `limit` per page, the token is the next offset.
 * Anything about the dataset itself is tested against the real engine.
 */
import type { GroundTruth, LiveResultObject, SimulatorEngine } from "../../src/server/engine-port.js";

export function fakeEngine(size = 2500): SimulatorEngine & { executed: unknown[] } {
  const engine = {
    /** Every task executed, prefetched ones included. */
    executed: [] as unknown[],
    execute(task: unknown): LiveResultObject {
      engine.executed.push(task);
      const t = task as { target?: unknown; limit?: unknown; search_after_token?: unknown };
      if (typeof t !== "object" || t === null || typeof t.target !== "string") {
        throw { statusCode: 40501, statusMessage: "Invalid Field: 'target'." };
      }
      const limit = t.limit === undefined ? 100 : t.limit;
      if (typeof limit !== "number" || limit < 1 || limit > 1000) {
        throw { statusCode: 40501, statusMessage: "Invalid Field: 'limit'." };
      }
      if (t.target === "boom.example") throw new Error("engine bug");
      const from = typeof t.search_after_token === "string" ? Number(t.search_after_token) : 0;
      const items = [];
      for (let i = from; i < Math.min(size, from + limit); i++) items.push({ type: "backlink", rank: i });
      return {
        target: t.target,
        mode: "as_is",
        custom_mode: null,
        total_count: size,
        items_count: items.length,
        items,
        search_after_token: String(from + items.length),
      };
    },
    truth(): GroundTruth {
      return {
        totalCount: size,
        *items() {
          for (let i = 0; i < size; i++) yield { type: "backlink", rank: i };
        },
      };
    },
  };
  return engine;
}
