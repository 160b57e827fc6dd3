/**
 * Tokens of the filter text syntax (see parse.ts): words, quoted strings, numbers, comparison
 * symbols, brackets and commas, each with its offset in the text for error columns.
 */
import { FilterSyntaxError } from "../errors/validation.js";
import { describeValue } from "../model/issues.js";

/** Kinds of tokens. `word` covers field names, word operators, and/or, true/false/null. */
export type TokenKind = "word" | "string" | "number" | "symbol" | "open" | "close" | "comma" | "end";

/** One token; `start`/`end` are offsets into the text, `value` the decoded string or number. */
export interface Token {
  readonly kind: TokenKind;
  readonly start: number;
  readonly end: number;
  /** Source text of the token. */
  readonly raw: string;
  /** Decoded value: string contents for `string`, the number for `number`, else the raw text. */
  readonly value: string | number;
}

const WORD_START = /[A-Za-z_]/;
const WORD_CHAR = /[A-Za-z0-9_.]/;
const NUMBER = /^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/;
const SYMBOLS = ["<=", ">=", "<>", "!=", "<", ">", "="] as const;
const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  n: "\n",
  r: "\r",
  t: "\t",
  "\\": "\\",
  '"': '"',
  "'": "'",
};

/** `column N` for an offset, as used in every message. */
export function columnOf(position: number): string {
  return `column ${position + 1}`;
}

function readString(text: string, start: number): Token {
  const quote = text[start];
  let out = "";
  let i = start + 1;
  while (i < text.length) {
    const ch = text[i] as string;
    if (ch === quote) {
      return { kind: "string", start, end: i + 1, raw: text.slice(start, i + 1), value: out };
    }
    if (ch === "\\") {
      const next = text[i + 1];
      if (next === undefined) break;
      const simple = SIMPLE_ESCAPES[next];
      if (simple !== undefined) {
        out += simple;
        i += 2;
        continue;
      }
      if (next === "u") {
        const hex = text.slice(i + 2, i + 6);
        if (!/^[0-9A-Fa-f]{4}$/.test(hex)) {
          throw new FilterSyntaxError(
            `expected 4 hex digits after "\\u" at ${columnOf(i)}, got ${JSON.stringify(hex)}`,
            text,
            i,
          );
        }
        out += String.fromCharCode(Number.parseInt(hex, 16));
        i += 6;
        continue;
      }
      // Any other escape is kept as written, so regex patterns like "^\d+$" need no doubling.
      out += ch + next;
      i += 2;
      continue;
    }
    out += ch;
    i += 1;
  }
  throw new FilterSyntaxError(
    `unterminated string starting at ${columnOf(start)} (expected a closing ${quote})`,
    text,
    start,
  );
}

/** Splits filter text into tokens, ending with an `end` token. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i] as string;
    if (/\s/.test(ch)) {
      i += 1;
      continue;
    }
    if (ch === '"' || ch === "'") {
      const token = readString(text, i);
      tokens.push(token);
      i = token.end;
      continue;
    }
    const number = NUMBER.exec(text.slice(i, i + 400));
    if (number && (ch !== "-" || /\d/.test(text[i + 1] ?? ""))) {
      const raw = number[0];
      const after = text[i + raw.length] ?? "";
      if (WORD_CHAR.test(after)) {
        throw new FilterSyntaxError(
          `invalid number at ${columnOf(i)}: ${JSON.stringify(raw + after)} (quote text values: "...")`,
          text,
          i,
        );
      }
      tokens.push({ kind: "number", start: i, end: i + raw.length, raw, value: Number(raw) });
      i += raw.length;
      continue;
    }
    if (WORD_START.test(ch)) {
      let j = i + 1;
      while (j < text.length && WORD_CHAR.test(text[j] as string)) j += 1;
      const raw = text.slice(i, j);
      tokens.push({ kind: "word", start: i, end: j, raw, value: raw });
      i = j;
      continue;
    }
    const symbol = SYMBOLS.find((s) => text.startsWith(s, i));
    if (symbol !== undefined) {
      tokens.push({ kind: "symbol", start: i, end: i + symbol.length, raw: symbol, value: symbol });
      i += symbol.length;
      continue;
    }
    if (ch === "(" || ch === "[") {
      tokens.push({ kind: "open", start: i, end: i + 1, raw: ch, value: ch });
    } else if (ch === ")" || ch === "]") {
      tokens.push({ kind: "close", start: i, end: i + 1, raw: ch, value: ch });
    } else if (ch === ",") {
      tokens.push({ kind: "comma", start: i, end: i + 1, raw: ch, value: ch });
    } else {
      const shown = JSON.stringify(String.fromCodePoint(text.codePointAt(i) ?? 0));
      throw new FilterSyntaxError(`unexpected character ${shown} at ${columnOf(i)}`, text, i);
    }
    i += 1;
  }
  tokens.push({ kind: "end", start: text.length, end: text.length, raw: "", value: "" });
  return tokens;
}

/** How a token is named in "got ..." parts of messages. */
export function describeToken(token: Token): string {
  switch (token.kind) {
    case "end":
      return "end of input";
    case "string":
      return `string ${describeValue(token.value)}`;
    case "number":
      return `number ${token.raw}`;
    default:
      return `"${token.raw}"`;
  }
}
