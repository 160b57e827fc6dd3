/**
 * Refining a string key into disjoint anchored regexes. String fields have no `<`/`>=` operators
 * (api-notes §1.3), and `domain_from` even sorts by reversed labels (§9), so string shards are
 * prefix classes: `^ab[c-e]` style regexes, one condition each. A piece is "strings that start
 * with `prefix`, followed by a character in (or not in) `chars`, or ending right there (`end`)".
 * Splitting a piece partitions its next character, so siblings never overlap and their union is
 * the piece: a remainder piece `[^…]` keeps every character nobody has seen yet.
 *
 * Which characters to split on comes from a sample page (the API's default order, uncorrelated
 * with a string key's characters); the sample only steers the split, every new piece is then
 * counted exactly by its own probe. RE2 and JavaScript agree on the subset used here (`^`, `$`,
 * `(?:…|…)`, classes with escapes, `[\s\S]`); astral characters are never put in a class (UTF-16
 * vs UTF-8 would disagree on them), so they always fall in a remainder.
 */
import { LIMITS } from "../model/fields.js";
import { boundsCondition } from "./conditions.js";
import type { Prober } from "./probe.js";

/** A set of strings sharing a prefix, by their next character. */
export interface PatternPiece {
  readonly prefix: string;
  /** Characters (single UTF-16 units, no surrogates), sorted. */
  readonly chars: readonly string[];
  /** `true`: next character NOT in `chars`; `false`: in `chars`. */
  readonly negate: boolean;
  /** The string may end right after the prefix. */
  readonly end: boolean;
  readonly count: number;
  /** Set once merged with siblings: the union regex (merged pieces are never split again). */
  readonly regex?: string;
  /** Counted by fetching its real first page (kept for reuse): never merged. */
  readonly held?: boolean;
}

/** What pattern refinement needs. */
export interface PatternContext {
  readonly prober: Prober;
  readonly key: string;
  readonly targetRows: number;
  readonly sampleSize: number;
  readonly maxDepth: number;
}

const LITERAL_SPECIAL = /[\\^$.*+?()[\]{}|]/g;
const CLASS_SPECIAL = /[\\\]^[-]/g;

/** Escapes a literal for RE2 and JavaScript regexes alike. */
export function escapeLiteral(text: string): string {
  return text.replace(LITERAL_SPECIAL, "\\$&");
}

function charClass(chars: readonly string[], negate: boolean): string {
  return `[${negate ? "^" : ""}${chars.map((c) => c.replace(CLASS_SPECIAL, "\\$&")).join("")}]`;
}

/** The anchored regex of a piece. */
export function pieceRegex(p: Omit<PatternPiece, "count">): string {
  if (p.regex !== undefined) return p.regex;
  const head = `^${escapeLiteral(p.prefix)}`;
  let next: string;
  if (p.negate) {
    const cls = p.chars.length > 0 ? charClass(p.chars, true) : "[\\s\\S]";
    next = p.end ? (p.chars.length > 0 ? `(?:${cls}|$)` : "") : cls;
  } else {
    const cls = p.chars.length > 0 ? charClass(p.chars, false) : "";
    next = cls && p.end ? `(?:${cls}|$)` : cls || (p.end ? "$" : "[^\\s\\S]");
  }
  return head + next;
}

/** The whole string space: every non-null value. */
export const ALL_STRINGS: Omit<PatternPiece, "count"> = Object.freeze({
  prefix: "",
  chars: Object.freeze([]),
  negate: true,
  end: true,
});

const END = "";

function isSurrogate(c: string): boolean {
  const code = c.charCodeAt(0);
  return code >= 0xd800 && code <= 0xdfff;
}

function holds(p: Omit<PatternPiece, "count">, token: string): boolean {
  if (token === END) return p.end;
  return p.negate !== p.chars.includes(token);
}

/** Counts a piece; one the sample says is small enough to be final is fetched as its real page 1. */
async function countPiece(ctx: PatternContext, p: Child): Promise<PatternPiece> {
  const { likely, ...piece } = p;
  const condition = boundsCondition(ctx.key, { kind: "pattern", regex: pieceRegex(piece) });
  if (likely) {
    const a = await ctx.prober.firstPage(condition);
    return { ...piece, count: a.total, held: true };
  }
  const a = await ctx.prober.probe(condition, { order: "none" });
  return { ...piece, count: a.total };
}

/** A new piece, not counted yet; `likely`: the sample puts it within the target. */
type Child = Omit<PatternPiece, "count"> & { readonly likely?: boolean };

/** Groups sampled tokens into children of `p`, packing neighbours up to ~80% of the target. */
function split(
  ctx: PatternContext,
  p: PatternPiece,
  freq: Map<string, number>,
  n: number,
): Omit<PatternPiece, "count">[] {
  const tokens = [...freq.keys()].sort();
  const cap = 0.8 * ctx.targetRows;
  const groups: string[][] = [];
  const sums: number[] = [];
  let acc = 0;
  for (const t of tokens) {
    const est = ((freq.get(t) ?? 0) / n) * p.count;
    const last = groups[groups.length - 1];
    if (last && acc + est <= cap) {
      last.push(t);
      acc += est;
    } else {
      groups.push([t]);
      acc = est;
    }
    sums[groups.length - 1] = acc;
  }
  const seenChars = tokens.filter((t) => t !== END);
  const seenEnd = freq.has(END);
  const remainder: Omit<PatternPiece, "count"> = p.negate
    ? {
        prefix: p.prefix,
        negate: true,
        chars: [...new Set([...p.chars, ...seenChars])].sort(),
        end: p.end && !seenEnd,
      }
    : {
        prefix: p.prefix,
        negate: false,
        chars: p.chars.filter((c) => !seenChars.includes(c)),
        end: p.end && !seenEnd,
      };
  const remainderEmpty = !remainder.negate && remainder.chars.length === 0 && !remainder.end;
  // One group and nothing left over would be the piece itself again: split token by token.
  const byToken = groups.length === 1 && remainderEmpty;
  const final = byToken ? tokens.map((t) => [t]) : groups;
  const children: Child[] = final.map((g, i) => ({
    prefix: p.prefix,
    negate: false,
    chars: g.filter((t) => t !== END),
    end: g.includes(END),
    // A sample of 200 is rough: only a group well inside the target is worth a full page.
    likely: !byToken && (sums[i] ?? Infinity) <= 0.6 * ctx.targetRows,
  }));
  return remainderEmpty ? children : [...children, remainder];
}

/** Splits `p` until every piece is at most the target size (or cannot be split). */
export async function refinePattern(
  ctx: PatternContext,
  p: PatternPiece,
  depth = 0,
): Promise<PatternPiece[]> {
  if (p.count <= ctx.targetRows || depth >= ctx.maxDepth || !ctx.prober.canProbe) return [p];
  if (!p.negate && p.chars.length === 0) return [p]; // exactly the string `prefix`: one value
  if (!p.negate && p.chars.length === 1 && !p.end) {
    // "prefix + c" and nothing else: the same set as "starts with prefix+c", which can split.
    const deeper = { prefix: p.prefix + p.chars[0], chars: [], negate: true, end: true, count: p.count };
    if (pieceRegex(deeper).length + 16 > LIMITS.maxRegexLength) return [p];
    return refinePattern(ctx, deeper, depth + 1);
  }
  const limit = Math.min(ctx.sampleSize, p.count);
  const sample = await ctx.prober.probe(boundsCondition(ctx.key, { kind: "pattern", regex: pieceRegex(p) }), {
    order: "none",
    limit,
  });
  const freq = new Map<string, number>();
  let n = 0;
  for (const v of sample.values) {
    if (typeof v !== "string" || !v.startsWith(p.prefix)) continue;
    const t = v.length === p.prefix.length ? END : (v[p.prefix.length] as string);
    if (t !== END && isSurrogate(t)) continue;
    if (!holds(p, t)) continue;
    freq.set(t, (freq.get(t) ?? 0) + 1);
    n++;
  }
  if (n === 0) return [p];
  const children = split(ctx, p, freq, n);
  const counted = await Promise.all(children.map((c) => countPiece(ctx, c)));
  const nested = await Promise.all(counted.map((c) => refinePattern(ctx, c, depth + 1)));
  return nested.flat();
}

/** Joins pieces while their sum stays within the target (regex alternation, ≤ 1,000 characters). */
export function mergePatterns(pieces: readonly PatternPiece[], targetRows: number): PatternPiece[] {
  const out: PatternPiece[] = [];
  for (const p of pieces) {
    const last = out[out.length - 1];
    const joined = last ? `${pieceRegex(last)}|${pieceRegex(p)}` : "";
    const mergeable = last && !last.held && !p.held;
    if (mergeable && last.count + p.count <= targetRows && joined.length <= LIMITS.maxRegexLength) {
      out[out.length - 1] = { ...last, count: last.count + p.count, regex: joined };
    } else {
      out.push(p);
    }
  }
  return out;
}
