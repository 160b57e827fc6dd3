/**
 * Paginator logic against an in-process page source (no HTTP): stop rules, repeated tokens and the
 * demand/prefetch bound. The same behaviour over real HTTP is in paginate.int.test.ts.
 */
import { describe, expect, it } from "vitest";
import {
  type BacklinkItem,
  type BacklinksRequest,
  InvalidOptionsError,
  type LiveCallResult,
  type Page,
  type PageSource,
  paginateBacklinks,
  RepeatedTokenError,
} from "../src/index.js";

type Answer = { items: number; token: string | null };

/** A source answering from a list; records every task it was given. */
function source(answers: Answer[]) {
  const tasks: BacklinksRequest[] = [];
  let started = 0;
  const src: PageSource & { tasks: BacklinksRequest[]; started: () => number } = {
    tasks,
    started: () => started,
    async live(task) {
      tasks.push(task);
      const a = answers[started++];
      if (!a) throw new Error("asked for more pages than scripted");
      const items = Array.from(
        { length: a.items },
        (_, i) => ({ url_from: `u${started}-${i}` }) as unknown as BacklinkItem,
      );
      const result = {
        target: task.target,
        mode: "as_is",
        custom_mode: null,
        total_count: 999,
        items_count: a.items,
        items,
        search_after_token: a.token,
      };
      return { result, cost: 0.02, taskId: `t${started}`, attempts: 1 } satisfies LiveCallResult;
    },
  };
  return src;
}

async function collect(pages: AsyncIterable<Page>): Promise<Page[]> {
  const out: Page[] = [];
  for await (const p of pages) out.push(p);
  return out;
}

const req: BacklinksRequest = {
  target: "example.com",
  limit: 3,
  offset: 0,
  filters: ["dofollow", "=", true],
};

describe("paginateBacklinks stop rules", () => {
  it("stops on a short page and yields it with a done cursor", async () => {
    const src = source([
      { items: 3, token: "a" },
      { items: 2, token: "b" },
    ]);
    const pages = await collect(paginateBacklinks(src, req));
    expect(pages.map((p) => p.items.length)).toEqual([3, 2]);
    expect(pages[1]!.cursor).toMatchObject({ pages: 2, rows: 5, done: true });
  });
  it("stops on an empty page", async () => {
    const src = source([
      { items: 3, token: "a" },
      { items: 0, token: "b" },
    ]);
    const pages = await collect(paginateBacklinks(src, req));
    expect(pages.map((p) => p.cursor.done)).toEqual([false, true]);
  });
  it("stops on an empty page even when it echoes the last token", async () => {
    const src = source([
      { items: 3, token: "a" },
      { items: 0, token: "a" },
    ]);
    const pages = await collect(paginateBacklinks(src, req));
    expect(pages.map((p) => p.cursor)).toMatchObject([
      { rows: 3, done: false },
      { rows: 3, done: true },
    ]);
  });
  it("stops on a full page without token", async () => {
    const src = source([{ items: 3, token: null }]);
    const pages = await collect(paginateBacklinks(src, req));
    expect(pages).toHaveLength(1);
    expect(pages[0]!.cursor).toMatchObject({ token: null, done: true });
  });
  it("sends page 1 as given and later pages with the previous token, without offset, all else identical", async () => {
    const src = source([
      { items: 3, token: "a" },
      { items: 3, token: "b" },
      { items: 1, token: "c" },
    ]);
    await collect(paginateBacklinks(src, req));
    expect(src.tasks[0]).toEqual(req);
    const { offset: _o, ...rest } = req;
    expect(src.tasks[1]).toEqual({ ...rest, search_after_token: "a" });
    expect(src.tasks[2]).toEqual({ ...rest, search_after_token: "b" });
  });
  it("throws RepeatedTokenError when a token comes back, after yielding the good pages", async () => {
    const src = source([
      { items: 3, token: "a" },
      { items: 3, token: "b" },
      { items: 3, token: "a" },
    ]);
    const seen: number[] = [];
    const run = async () => {
      for await (const p of paginateBacklinks(src, req)) seen.push(p.pageNumber);
    };
    await expect(run()).rejects.toThrow(RepeatedTokenError);
    await expect(
      collect(
        paginateBacklinks(
          source([
            { items: 3, token: "x" },
            { items: 3, token: "x" },
          ]),
          req,
        ),
      ),
    ).rejects.toMatchObject({ code: "ERR_REPEATED_TOKEN", pageNumber: 2 });
    expect(seen).toEqual([1, 2]);
  });
  it("refuses a request that already carries a token, and bad options", () => {
    expect(() => paginateBacklinks(source([]), { ...req, search_after_token: "t" })).toThrow(
      InvalidOptionsError,
    );
    expect(() => paginateBacklinks(source([]), req, { prefetch: -1 })).toThrow(
      /prefetch: expected an integer/,
    );
    expect(() => paginateBacklinks(source([]), { ...req, limit: 1001 })).toThrow(/request.limit/);
  });
});

describe("paginateBacklinks demand", () => {
  const many = () => Array.from({ length: 20 }, (_, i) => ({ items: 3, token: `t${i}` }));
  const tick = () => new Promise((r) => setTimeout(r, 20));

  it("fetches nothing before the first next()", async () => {
    const src = source(many());
    const it = paginateBacklinks(src, req)[Symbol.asyncIterator]();
    await tick();
    expect(src.started()).toBe(0);
    await it.next();
    await it.return?.();
  });
  it.each([0, 1, 3])(
    "with prefetch %i stays at most that many pages ahead of the consumer",
    async (prefetch) => {
      const src = source(many());
      const it = paginateBacklinks(src, req, { prefetch })[Symbol.asyncIterator]();
      for (let consumed = 1; consumed <= 4; consumed++) {
        await it.next();
        await tick();
        expect(src.started()).toBe(consumed + prefetch);
      }
      await it.return?.();
    },
  );
  it("resolves concurrent next() calls in order", async () => {
    const src = source(many());
    const it = paginateBacklinks(src, req, { prefetch: 0 })[Symbol.asyncIterator]();
    const [a, b] = await Promise.all([it.next(), it.next()]);
    expect([a.value?.pageNumber, b.value?.pageNumber]).toEqual([1, 2]);
    await it.return?.();
  });
});
