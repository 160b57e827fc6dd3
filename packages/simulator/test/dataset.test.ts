import { BACKLINK_ITEM_FIELDS } from "@backlinks/core";
import { describe, expect, it } from "vitest";
import { buildItem } from "../src/dataset/item.js";
import { generateTarget } from "../src/dataset/target-dataset.js";
import { allRows, rowKey, smallEngine } from "./engine-support.js";

type Item = Record<string, unknown>;
const rows = allRows(smallEngine(5), "small.test");
const share = (pred: (i: Item) => boolean): number => rows.filter(pred).length / rows.length;
const TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} \+00:00$/;

describe("dataset", () => {
  it("is deterministic: same seed, same rows; another seed, other rows", () => {
    const a = generateTarget(42, "det.test", 500);
    const b = generateTarget(42, "det.test", 500);
    const c = generateTarget(43, "det.test", 500);
    const items = (ds: typeof a): Item[] =>
      Array.from({ length: ds.rowCount }, (_, r) => buildItem(ds, r, 0, 1));
    expect(items(a)).toEqual(items(b));
    expect(items(a)).not.toEqual(items(c));
    expect(JSON.stringify(allRows(smallEngine(9), "tiny.test"))).toBe(
      JSON.stringify(allRows(smallEngine(9), "tiny.test")),
    );
  });

  it("has all 47 item fields in documented order", () => {
    expect(BACKLINK_ITEM_FIELDS).toHaveLength(47);
    for (const item of rows.slice(0, 50)) expect(Object.keys(item)).toEqual([...BACKLINK_ITEM_FIELDS]);
  });

  it("keeps (url_from, url_to) unique within a target", () => {
    expect(new Set(rows.map(rowKey)).size).toBe(rows.length);
  });

  it("has live, lost, internal, subdomain and indirect backlinks", () => {
    expect(share((i) => i.is_lost === true)).toBeGreaterThan(0.05);
    expect(share((i) => String(i.domain_from).endsWith(".small.test"))).toBeGreaterThan(0.01);
    expect(share((i) => /^(blog|shop|docs|m)\.small\.test$/.test(String(i.domain_to)))).toBeGreaterThan(0.1);
    expect(share((i) => i.is_indirect_link === true)).toBeGreaterThan(0.005);
    expect(share((i) => i.is_new === true)).toBeGreaterThan(0);
  });

  it("has ranks 0-1000, spam scores 0-100 and plausible page numbers", () => {
    for (const item of rows) {
      for (const f of ["rank", "page_from_rank", "domain_from_rank"]) {
        expect(item[f]).toBeGreaterThanOrEqual(0);
        expect(item[f]).toBeLessThanOrEqual(1000);
      }
      expect(item.backlink_spam_score).toBeGreaterThanOrEqual(0);
      expect(item.backlink_spam_score).toBeLessThanOrEqual(100);
      expect(item.page_from_size).toBeGreaterThan(0);
    }
    expect(new Set(rows.map((i) => i.rank)).size).toBeGreaterThan(100);
  });

  it("formats dates as 'YYYY-MM-DD HH:mm:ss +00:00', first_seen <= prev_seen <= last_seen", () => {
    for (const item of rows) {
      expect(item.first_seen).toMatch(TIME);
      expect(item.last_seen).toMatch(TIME);
      if (item.prev_seen !== null) {
        expect(item.prev_seen).toMatch(TIME);
        expect(String(item.prev_seen) >= String(item.first_seen)).toBe(true);
        expect(String(item.prev_seen) <= String(item.last_seen)).toBe(true);
      }
      expect(String(item.first_seen) <= String(item.last_seen)).toBe(true);
    }
    expect(share((i) => i.prev_seen === null)).toBeGreaterThan(0);
  });

  it("keeps dofollow consistent with nofollow/ugc/sponsored attributes", () => {
    for (const item of rows) {
      const attrs = (item.attributes as string[] | null) ?? [];
      const blocked = attrs.some((a) => a === "nofollow" || a === "ugc" || a === "sponsored");
      expect(item.dofollow).toBe(!blocked);
    }
    expect(share((i) => i.dofollow === false)).toBeGreaterThan(0.1);
    for (const a of ["nofollow", "ugc", "sponsored", "noopener", "external"]) {
      expect(share((i) => ((i.attributes as string[] | null) ?? []).includes(a))).toBeGreaterThan(0);
    }
  });

  it("has every item type, with image fields on images only", () => {
    const types = new Set(rows.map((i) => i.item_type));
    for (const t of ["anchor", "image", "redirect", "canonical", "meta", "alternate"])
      expect(types).toContain(t);
    for (const item of rows) {
      if (item.item_type !== "image") expect(item.image_url).toBeNull();
      else expect(item.image_url).toMatch(/^https:\/\//);
    }
  });

  it("repeats referring domains and anchors Zipf-like, so grouping matters", () => {
    const count = (f: string): number[] => {
      const m = new Map<unknown, number>();
      for (const i of rows) m.set(i[f], (m.get(i[f]) ?? 0) + 1);
      return [...m.values()].sort((a, b) => b - a);
    };
    const domains = count("domain_from");
    expect(domains[0]).toBeGreaterThan(rows.length * 0.03);
    expect(domains.filter((n) => n === 1).length).toBeGreaterThan(10);
    expect(count("anchor")[1]).toBeGreaterThan(20);
  });

  it("fills the other fields with plausible values", () => {
    expect(new Set(rows.map((i) => i.domain_from_country))).toContain(null);
    expect(new Set(rows.map((i) => i.page_from_language)).size).toBeGreaterThan(3);
    expect(new Set(rows.flatMap((i) => (i.domain_from_platform_type as string[] | null) ?? []))).toContain(
      "blogs",
    );
    expect(rows.some((i) => i.url_to_status_code === null && i.url_to_spam_score === null)).toBe(true);
    expect(
      rows.filter((i) => i.url_to_status_code === 301).every((i) => i.url_to_redirect_target !== null),
    ).toBe(true);
    expect(rows.every((i) => i.is_broken === (i.url_to_status_code as number) >= 400)).toBe(true);
    for (const item of rows.slice(0, 100)) {
      const k = item.ranked_keywords_info as Record<string, number>;
      expect(k.page_from_keywords_count_top_3).toBeLessThanOrEqual(
        k.page_from_keywords_count_top_10 as number,
      );
      expect(k.page_from_keywords_count_top_10).toBeLessThanOrEqual(
        k.page_from_keywords_count_top_100 as number,
      );
      expect(item.tld_from === null || String(item.domain_from).endsWith(`.${item.tld_from}`)).toBe(true);
    }
  });
});
