/**
 * Text pools of one target: anchors (unique, so one_per_anchor groups by text), page titles,
 * snippets and image alts. Rows refer to pool entries by id; id 0 is always null.
 */
import { pick, unit } from "./hash.js";
import { FIXED_ANCHORS, WORDS } from "./vocab.js";

/** A dictionary of values; id 0 = null. */
export type TextPool = readonly (string | null)[];

function words(base: number, id: number, salt: number, count: number): string {
  let out = "";
  for (let i = 0; i < count; i++) {
    out += (i === 0 ? "" : " ") + WORDS[pick(base, id, salt + i, WORDS.length)];
  }
  return out;
}

const capitalise = (text: string): string => text.replace(/\b\w/g, (c) => c.toUpperCase());

/** The brand of a target: its first label (`example` for `example.com`). */
export function brandOf(target: string): string {
  return target.split(".")[0] ?? target;
}

/**
 * `size` unique anchors (plus null at id 0): the fixed branded/generic anchors first (drawn most,
 * Zipf-like), then 1–4 word phrases, some mentioning the brand.
 */
export function buildAnchorPool(base: number, target: string, size: number): TextPool {
  const brand = brandOf(target);
  const pool: (string | null)[] = [null];
  const seen = new Set<string>();
  const add = (text: string): void => {
    if (!seen.has(text)) {
      seen.add(text);
      pool.push(text);
    }
  };
  for (const fixed of FIXED_ANCHORS) {
    if (pool.length > size) break;
    add(fixed.replaceAll("{t}", target).replaceAll("{b}", brand));
  }
  for (let id = 0; pool.length <= size; id++) {
    const n = 1 + pick(base, id, 100, 4);
    const phrase = words(base, id, 101, n);
    const u = unit(base, id, 99);
    add(u < 0.1 ? `${brand} ${phrase}` : u < 0.15 ? capitalise(phrase) : phrase);
  }
  return pool;
}

/** `size` page titles like `Best Seo Tools Review | Kalomira`. */
export function buildTitlePool(base: number, size: number): TextPool {
  const pool: (string | null)[] = [null];
  for (let id = 0; id < size; id++) {
    const site = capitalise(words(base, id, 210, 1 + pick(base, id, 209, 2)));
    pool.push(`${capitalise(words(base, id, 201, 2 + pick(base, id, 200, 5)))} | ${site}`);
  }
  return pool;
}

/** `size` snippets of 2–8 words (text around an anchor, image alts). */
export function buildSnippetPool(base: number, salt: number, size: number): TextPool {
  const pool: (string | null)[] = [null];
  for (let id = 0; id < size; id++) {
    const text = words(base, id, salt + 1, 2 + pick(base, id, salt, 7));
    pool.push(unit(base, id, salt + 20) < 0.3 ? capitalise(text) : text);
  }
  return pool;
}
