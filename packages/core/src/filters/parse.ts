/**
 * `parseFilter`: the filter text syntax a CLI user can type, e.g.
 * `dofollow = true and (anchor like "%seo%" or rank >= 100)`, parsed into the API's filter
 * expression.
 *
 * Grammar (words case-insensitive):
 *   expression := and-chain ( "or" and-chain )*
 *   and-chain  := primary ( "and" primary )*
 *   primary    := "(" expression ")" | condition
 *   condition  := field operator value | field ("in" | "not_in") list
 *   operator   := = <> != < <= > >= like not_like ilike not_ilike regex not_regex match not_match has has_not
 *                 (also "not in", "not like", … and "has not")
 *   value      := "double" | 'single' (backslash escapes) | number | true | false | null
 *   list       := "(" value ("," value)* ")"   (or [ … ])
 *
 * `and` binds tighter than `or` (as in SQL). The API documents no precedence at all, so the
 * result is always explicitly nested: `a or b and c` → `[a, "or", [b, "and", c]]`. A chain of one
 * join stays flat (`[a, "and", b, "and", c]`); parenthesised groups stay nested as written.
 *
 * Each condition is checked as soon as it is read (field known, operator valid for the field's
 * type, value of the right kind), so errors carry the column of the culprit. The request-level
 * limit of 8 conditions is left to validateRequest, which sees the whole request.
 */
import { FilterSyntaxError } from "../errors/validation.js";
import type { FieldType } from "../model/fields.js";
import { ALL_OPERATORS, checkCondition, fieldType } from "../model/filter-condition.js";
import type { FilterExpression, FilterJoin, FilterScalar } from "../model/request.js";
import { columnOf, describeToken, type Token, tokenize } from "./lexer.js";

/** Parenthesis nesting deeper than this is refused (protects the recursion). */
const MAX_PAREN_DEPTH = 64;
const WORD_OPERATORS: ReadonlySet<string> = new Set(ALL_OPERATORS.filter((op) => /^[a-z_]+$/.test(op)));
// Maps, not object literals: a word like "constructor" must not find Object.prototype members.
const NEGATED: ReadonlyMap<string, string> = new Map([
  ["in", "not_in"],
  ["like", "not_like"],
  ["ilike", "not_ilike"],
  ["regex", "not_regex"],
  ["match", "not_match"],
]);
const RESERVED: ReadonlySet<string> = new Set([
  "and",
  "or",
  "not",
  "true",
  "false",
  "null",
  ...WORD_OPERATORS,
]);
const LITERALS: ReadonlyMap<string, FilterScalar> = new Map<string, FilterScalar>([
  ["true", true],
  ["false", false],
  ["null", null],
]);

class Parser {
  private index = 0;
  private depth = 0;

  constructor(
    private readonly text: string,
    private readonly tokens: readonly Token[],
  ) {}

  private peek(): Token {
    return this.tokens[this.index] ?? (this.tokens[this.tokens.length - 1] as Token);
  }

  private next(): Token {
    const token = this.peek();
    if (this.index < this.tokens.length - 1) this.index += 1;
    return token;
  }

  private isWord(token: Token, word: string): boolean {
    return token.kind === "word" && token.raw.toLowerCase() === word;
  }

  private fail(message: string, at: Token | number): never {
    const position = typeof at === "number" ? at : at.start;
    throw new FilterSyntaxError(message, this.text, position);
  }

  parseAll(): FilterExpression {
    const expr = this.parseChain("or");
    const rest = this.peek();
    if (rest.kind === "close")
      this.fail(`unexpected "${rest.raw}" at ${columnOf(rest.start)} (nothing to close)`, rest);
    if (rest.kind !== "end") {
      this.fail(
        `expected "and", "or" or end of input at ${columnOf(rest.start)}, got ${describeToken(rest)}`,
        rest,
      );
    }
    return expr;
  }

  /** A chain of `or`s of and-chains, or a chain of `and`s of primaries. */
  private parseChain(join: FilterJoin): FilterExpression {
    const parse = () => (join === "or" ? this.parseChain("and") : this.parsePrimary());
    const parts: (FilterExpression | FilterJoin)[] = [parse()];
    while (this.isWord(this.peek(), join)) {
      this.next();
      parts.push(join, parse());
    }
    return parts.length === 1 ? (parts[0] as FilterExpression) : Object.freeze(parts);
  }

  private parsePrimary(): FilterExpression {
    const token = this.peek();
    if (token.kind !== "open" || token.raw !== "(") return this.parseCondition();
    this.next();
    this.depth += 1;
    if (this.depth > MAX_PAREN_DEPTH)
      this.fail(`parentheses nested deeper than ${MAX_PAREN_DEPTH} levels`, token);
    const expr = this.parseChain("or");
    const close = this.peek();
    if (close.kind !== "close" || close.raw !== ")") {
      this.fail(
        `expected "and", "or" or ")" at ${columnOf(close.start)}, got ${describeToken(close)} (the "(" at ${columnOf(token.start)} is not closed)`,
        close,
      );
    }
    this.next();
    this.depth -= 1;
    return expr;
  }

  private parseOperator(fieldToken: Token): { op: string; token: Token } {
    const token = this.next();
    if (token.kind === "symbol") return { op: token.raw === "!=" ? "<>" : token.raw, token };
    if (token.kind === "word") {
      const word = token.raw.toLowerCase();
      if (WORD_OPERATORS.has(word)) {
        if (word === "has" && this.isWord(this.peek(), "not")) {
          this.next();
          return { op: "has_not", token };
        }
        return { op: word, token };
      }
      const negated = NEGATED.get(this.peek().raw.toLowerCase());
      if (word === "not" && this.peek().kind === "word" && negated !== undefined) {
        this.next();
        return { op: negated, token };
      }
    }
    return this.fail(
      `expected an operator after "${fieldToken.raw}" at ${columnOf(token.start)}, got ${describeToken(token)} (one of =, <>, <, <=, >, >=, in, not_in, like, ilike, regex, match, has, …)`,
      token,
    );
  }

  private parseScalar(after: string, type: FieldType | undefined): { value: FilterScalar; token: Token } {
    const token = this.next();
    if (token.kind === "string" || token.kind === "number") return { value: token.value, token };
    if (token.kind === "word") {
      const word = token.raw.toLowerCase();
      if (LITERALS.has(word)) return { value: LITERALS.get(word) as FilterScalar, token };
      const hint =
        type === "bool"
          ? "write true or false"
          : type === "num" || type === "array.num"
            ? "write a number"
            : `quote text values: "${token.raw}"`;
      this.fail(
        `expected a value after "${after}" at ${columnOf(token.start)}, got ${describeToken(token)} (${hint})`,
        token,
      );
    }
    const hint = token.kind === "open" ? ' (a list needs "in" or "not_in")' : "";
    return this.fail(
      `expected a value after "${after}" at ${columnOf(token.start)}, got ${describeToken(token)}${hint}`,
      token,
    );
  }

  private parseList(
    after: string,
    type: FieldType | undefined,
  ): { value: FilterScalar[]; token: Token; items: Token[] } {
    const open = this.next();
    if (open.kind !== "open") {
      this.fail(
        `expected a list like (1, 2) after "${after}" at ${columnOf(open.start)}, got ${describeToken(open)}`,
        open,
      );
    }
    const closer = open.raw === "(" ? ")" : "]";
    const value: FilterScalar[] = [];
    const items: Token[] = [];
    if (this.peek().kind === "close" && this.peek().raw === closer) {
      this.next();
      return { value, token: open, items };
    }
    for (;;) {
      const item = this.parseScalar(after, type);
      value.push(item.value);
      items.push(item.token);
      const sep = this.next();
      if (sep.kind === "comma") continue;
      if (sep.kind === "close" && sep.raw === closer) return { value, token: open, items };
      this.fail(
        `expected "," or "${closer}" in the list after "${after}" at ${columnOf(sep.start)}, got ${describeToken(sep)}`,
        sep,
      );
    }
  }

  private parseCondition(): FilterExpression {
    const fieldToken = this.next();
    if (fieldToken.kind !== "word" || RESERVED.has(fieldToken.raw.toLowerCase())) {
      this.fail(
        `expected a condition like 'dofollow = true' at ${columnOf(fieldToken.start)}, got ${describeToken(fieldToken)}`,
        fieldToken,
      );
    }
    const field = fieldToken.raw;
    const { op, token: opToken } = this.parseOperator(fieldToken);
    const after = this.text.slice(fieldToken.start, this.tokens[this.index - 1]?.end ?? opToken.end);
    const type = fieldType(field);
    const operand =
      op === "in" || op === "not_in"
        ? this.parseList(after, type)
        : { ...this.parseScalar(after, type), items: [] as Token[] };
    const problem = checkCondition(field, op, operand.value)[0];
    if (problem !== undefined) {
      const at =
        problem.part === 0
          ? fieldToken
          : problem.part === 1
            ? opToken
            : problem.item !== undefined
              ? (operand.items[problem.item] ?? operand.token)
              : operand.token;
      this.fail(`${problem.text} at ${columnOf(at.start)}`, at);
    }
    const value = Array.isArray(operand.value) ? Object.freeze(operand.value) : operand.value;
    return Object.freeze([field, op, value] as const);
  }
}

/**
 * Parses filter text into the API's filter expression (see the grammar above).
 *
 * @example parseFilter('dofollow = true and (anchor like "%seo%" or rank >= 100)')
 *   // → [["dofollow","=",true],"and",[["anchor","like","%seo%"],"or",["rank",">=",100]]]
 * @throws FilterSyntaxError (`ERR_FILTER_SYNTAX`) with `.position` and a one-line message naming
 *   the column, what was expected and what was found.
 */
export function parseFilter(text: string): FilterExpression {
  if (typeof text !== "string") {
    throw new FilterSyntaxError(`expected filter text (a string), got ${typeof text}`, "", 0);
  }
  return new Parser(text, tokenize(text)).parseAll();
}
