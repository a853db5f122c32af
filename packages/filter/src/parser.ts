import type { AttributePath } from "@scimkit/core";
import type { ComparisonOperator, ComparisonValue, Filter, PatchPath, Span } from "./ast.js";
import { isAttributeName, isPathProblem, splitAttributePath } from "./attribute-name.js";
import type { FilterErrorType } from "./filter-error.js";
import { FilterError } from "./filter-error.js";
import { isWordChar, Lexer, TokenKind } from "./lexer.js";
import {
  DEFAULT_MAX_DEPTH,
  DEFAULT_MAX_LENGTH,
  FILTER_EXTENSIONS,
  type FilterExtension,
  type ParseOptions,
} from "./options.js";

/**
 * Parses a SCIM filter (RFC 7644 §3.4.2.2). Operators and attribute names are case-insensitive
 * and kept as written; precedence is `not` > `and` > `or`, and `and` / `or` associate left.
 *
 * @throws {FilterError} a 400 `ScimError` with `scimType` `invalidFilter` whose detail names
 * what was expected and where, e.g. `expected comparison operator after "userName" at 9`.
 * @example
 * parseFilter('userName eq "bjensen"');
 * // { kind: "compare", path: { attribute: "userName" }, op: "eq", value: "bjensen", span: { start: 0, end: 21 } }
 */
export function parseFilter(text: string, options?: ParseOptions): Filter {
  const parser = new Parser(text, "invalidFilter", options);
  return parser.parseFilterText();
}

/**
 * Parses a PATCH path (RFC 7644 §3.5.2 `PATH = attrPath / valuePath [subAttr]`), such as
 * `name.familyName`, `members[value eq "2819c223"]` or `addresses[type eq "work"].streetAddress`.
 *
 * The parser does not know schemas: a path that is only a schema URN (some clients send
 * `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User` to target a whole extension)
 * splits at its last `:` like any other; check `rt.schemaByUrn(text)` first when that matters.
 *
 * @throws {FilterError} a 400 `ScimError` with `scimType` `invalidPath`.
 */
export function parsePath(text: string, options?: ParseOptions): PatchPath {
  const parser = new Parser(text, "invalidPath", options);
  return parser.parsePathText();
}

/**
 * Parses a plain `attrPath` (`[URI ":"] ATTRNAME ["." ATTRNAME]`), e.g. for `sortBy` or the
 * `attributes` parameter.
 *
 * @throws {FilterError} a 400 `ScimError` with the given `scimType` (default `invalidPath`).
 */
export function parseAttributePath(text: string, errorType: FilterErrorType = "invalidPath"): AttributePath {
  if (typeof text !== "string") throw new FilterError(errorType, "expected an attribute path", 0);
  // splitAttributePath trusts the lexer to have checked the characters; a bare path has no lexer.
  for (let i = 0; i < text.length; i++) {
    if (!isWordChar(text.charCodeAt(i))) {
      throw new FilterError(errorType, `unexpected character ${JSON.stringify(text[i])}`, i);
    }
  }
  const split = splitAttributePath(text, 0, text.length);
  if (isPathProblem(split)) throw new FilterError(errorType, split.message, split.position);
  return split;
}

/** The listed extensions; an unknown name is a configuration error (a `TypeError`), not a 400. */
function extensionSet(names: readonly FilterExtension[] | undefined): ReadonlySet<FilterExtension> {
  if (names === undefined || names.length === 0) return NO_EXTENSIONS;
  for (const name of names) {
    if (!FILTER_EXTENSIONS.includes(name)) throw new TypeError(`unknown filter extension "${String(name)}"`);
  }
  return new Set(names);
}

const NO_EXTENSIONS: ReadonlySet<FilterExtension> = new Set();

const DOT = 46;
const OPEN_PAREN = 40;
const AT = 64;
const PLUS = 43;

class Parser {
  readonly lex: Lexer;
  readonly text: string;
  readonly extensions: ReadonlySet<FilterExtension>;
  readonly maxDepth: number;
  readonly noun: string;

  constructor(text: string, errorType: FilterErrorType, options: ParseOptions | undefined) {
    this.noun = errorType === "invalidPath" ? "path" : "filter";
    if (typeof text !== "string")
      throw new FilterError(errorType, `expected the ${this.noun} as a string`, 0);
    const maxLength = options?.maxLength ?? DEFAULT_MAX_LENGTH;
    if (text.length > maxLength) {
      throw new FilterError(
        errorType,
        `${this.noun} is ${text.length} characters long; the limit is ${maxLength}`,
        maxLength,
      );
    }
    this.text = text;
    this.lex = new Lexer(text, errorType);
    this.extensions = extensionSet(options?.extensions);
    this.maxDepth = options?.maxDepth ?? DEFAULT_MAX_DEPTH;
  }

  parseFilterText(): Filter {
    const lex: Lexer = this.lex;
    lex.next();
    if (lex.at(TokenKind.End)) lex.fail("empty filter", lex.start);
    const filter = this.or(0, undefined);
    if (!lex.at(TokenKind.End)) this.failAfterExpression();
    return filter;
  }

  parsePathText(): PatchPath {
    const lex: Lexer = this.lex;
    lex.next();
    if (lex.at(TokenKind.End)) lex.fail("empty path", lex.start);
    if (!lex.at(TokenKind.Word)) lex.fail(`expected an attribute path, found ${lex.describe()}`, lex.start);
    const start = lex.start;
    const path = this.attributePath(undefined);
    const pathEnd = lex.end;
    lex.next();
    if (lex.at(TokenKind.End)) return { ...path, span: { start, end: pathEnd } };
    if (!lex.at(TokenKind.OpenBracket)) {
      lex.fail(
        `expected "[" or end of path after ${this.quote(start, pathEnd)}, found ${lex.describe()}`,
        lex.start,
      );
    }
    if (path.subAttribute !== undefined) this.failFilterAfterSubAttribute(start, pathEnd);
    const filter = this.bracketFilter(1, path.attribute, start);
    let end = lex.end;
    let subAttribute: string | undefined;
    if (lex.charAfterToken() === DOT) {
      lex.next();
      subAttribute = this.dottedSubAttribute();
      end = lex.end;
    }
    lex.next();
    if (!lex.at(TokenKind.End)) lex.fail(`expected end of path, found ${lex.describe()}`, lex.start);
    const span = { start, end };
    return subAttribute === undefined ? { ...path, filter, span } : { ...path, filter, subAttribute, span };
  }

  /** `or` binds loosest; chains fold to the left. */
  private or(depth: number, parent: string | undefined): Filter {
    const lex: Lexer = this.lex;
    let left = this.and(depth, parent);
    while (lex.isKeyword("or")) {
      lex.next();
      const right = this.and(depth, parent);
      left = { kind: "or", left, right, span: { start: left.span.start, end: right.span.end } };
    }
    return left;
  }

  private and(depth: number, parent: string | undefined): Filter {
    const lex: Lexer = this.lex;
    let left = this.unary(depth, parent);
    while (lex.isKeyword("and")) {
      lex.next();
      const right = this.unary(depth, parent);
      left = { kind: "and", left, right, span: { start: left.span.start, end: right.span.end } };
    }
    return left;
  }

  /** `"(" FILTER ")"`, `"not" "(" FILTER ")"` or an attribute expression. */
  private unary(depth: number, parent: string | undefined): Filter {
    const lex: Lexer = this.lex;
    if (lex.at(TokenKind.Word)) {
      // `not` is also a valid ATTRNAME; it is the operator only when "(" follows.
      if (lex.isKeyword("not") && lex.peekChar() === OPEN_PAREN) {
        const start = lex.start;
        lex.next();
        const filter = this.parenthesised(depth + 1, parent);
        const end = lex.end;
        lex.next();
        return { kind: "not", filter, span: { start, end } };
      }
      return this.attributeExpression(depth, parent);
    }
    if (lex.at(TokenKind.OpenParen)) {
      const inner = this.parenthesised(depth + 1, parent);
      lex.next();
      return inner;
    }
    const expected = 'expected an attribute path, "(" or "not ("';
    if (lex.at(TokenKind.End)) lex.fail(`unexpected end of ${this.noun}: ${expected}`, lex.start);
    return lex.fail(`${expected}, found ${lex.describe()}`, lex.start);
  }

  /** Parses `( FILTER )` with the lexer on "("; leaves it on ")". */
  private parenthesised(depth: number, parent: string | undefined): Filter {
    const lex: Lexer = this.lex;
    const open = lex.start;
    this.enter(depth, open);
    lex.next();
    const inner = this.or(depth, parent);
    if (!lex.at(TokenKind.CloseParen)) {
      this.failUnclosed(`")" for the "(" from position ${open}`);
    }
    return inner;
  }

  private attributeExpression(depth: number, parent: string | undefined): Filter {
    const lex: Lexer = this.lex;
    const start = lex.start;
    const path = this.attributePath(parent);
    const pathEnd = lex.end;
    lex.next();
    if (lex.at(TokenKind.OpenBracket)) {
      if (parent !== undefined) {
        lex.fail(`value filters do not nest: "[" inside "${parent}[...]"`, lex.start);
      }
      if (path.subAttribute !== undefined) this.failFilterAfterSubAttribute(start, pathEnd);
      const filter = this.bracketFilter(depth + 1, path.attribute, start);
      const end = lex.end;
      if (lex.charAfterToken() === DOT) return this.entraValuePathComparison(path, filter, start);
      lex.next();
      return { kind: "valuePath", path, filter, span: { start, end } };
    }
    return this.operatorAndValue(path, start, pathEnd);
  }

  /** Parses `[ valFilter ]` with the lexer on "["; leaves it on "]". */
  private bracketFilter(depth: number, parent: string, pathStart: number): Filter {
    const lex: Lexer = this.lex;
    this.enter(depth, lex.start);
    lex.next();
    const filter = this.or(depth, parent);
    if (!lex.at(TokenKind.CloseBracket)) {
      this.failUnclosed(`"]" to close ${this.quote(pathStart, this.text.indexOf("[", pathStart) + 1)}`);
    }
    return filter;
  }

  /**
   * Interop extension `entra-value-path-comparison`: Microsoft Entra ID sends
   * `emails[type eq "work"].value eq "x@y.com"`, which RFC 7644's FILTER rule does not allow. It
   * means `emails[type eq "work" and value eq "x@y.com"]`, and parses to exactly that AST.
   */
  private entraValuePathComparison(path: AttributePath, filter: Filter, start: number): Filter {
    const lex: Lexer = this.lex;
    lex.next();
    if (!this.extensions.has("entra-value-path-comparison")) {
      lex.fail(
        'a comparison after "]." is not RFC 7644 filter syntax; put it inside the brackets (interop extension "entra-value-path-comparison" accepts it)',
        lex.start,
      );
    }
    const subStart = lex.start + 1;
    const attribute = this.dottedSubAttribute();
    const subEnd = lex.end;
    lex.next();
    const comparison = this.operatorAndValue({ attribute }, subStart, subEnd);
    const span: Span = { start, end: comparison.span.end };
    return {
      kind: "valuePath",
      path,
      filter: { kind: "and", left: filter, right: comparison, span },
      span,
    };
  }

  /** `attrPath SP "pr"` or `attrPath SP compareOp SP compValue`, with the lexer after the path. */
  private operatorAndValue(path: AttributePath, start: number, pathEnd: number): Filter {
    const lex: Lexer = this.lex;
    const op = lex.at(TokenKind.Word) ? operatorOf(this.text, lex.start, lex.end) : undefined;
    if (op === undefined) this.failOperator(path, start, pathEnd);
    if (op === "pr") {
      const end = lex.end;
      lex.next();
      return { kind: "present", path, span: { start, end } };
    }
    lex.next();
    const value = this.comparisonValue(op);
    const end = lex.end;
    lex.next();
    return { kind: "compare", path, op, value, span: { start, end } };
  }

  /** `compValue = false / null / true / number / string`, checked against the operator. */
  private comparisonValue(op: ComparisonOperator): ComparisonValue {
    const lex: Lexer = this.lex;
    const kind = lex.kind;
    if (kind === TokenKind.String) return lex.stringValue;
    // `co`/`sw`/`ew` take strings only; `gt`/`ge`/`lt`/`le` strings or numbers.
    const substring = op === "co" || op === "sw" || op === "ew";
    if (kind === TokenKind.Number && !substring) return lex.numberValue;
    if (kind === TokenKind.Word) {
      // `@` and `+` end a Word but continue an unquoted value, which then is no literal.
      const after = lex.charAfterToken();
      if (after === AT || after === PLUS) {
        const end = lex.bareValueEnd();
        if (end >= 0) return this.unquotedValue(end);
      }
      if (!substring && op !== "gt" && op !== "ge" && op !== "lt" && op !== "le") {
        const value = this.literal();
        if (value !== undefined) return value;
      }
      // Grammar words are never values: `userName eq and …` keeps its "expected a value" error.
      if (!["true", "false", "null", "and", "or", "not", "pr"].some((word) => lex.isKeyword(word))) {
        const end = lex.bareValueEnd();
        if (end >= 0) return this.unquotedValue(end);
      }
    }
    return this.failValue(op);
  }

  /**
   * Interop extension `entra-unquoted-value`: Microsoft Entra ID's documentation writes
   * `externalId eq jyoung`. A bare word there (see {@link Lexer.bareValueEnd}) that is no JSON
   * literal and no number is the string it spells; the lexer moves to `end`.
   */
  private unquotedValue(end: number): string {
    const lex: Lexer = this.lex;
    if (!this.extensions.has("entra-unquoted-value")) {
      lex.fail(
        `unquoted value ${this.quote(lex.start, end)}: strings are quoted (interop extension "entra-unquoted-value" accepts it)`,
        lex.start,
      );
    }
    return lex.takeUntil(end);
  }

  /** `true`, `false` or `null`, lowercase as JSON writes them (RFC 7644 §3.4.2.2 `compValue`). */
  private literal(): ComparisonValue | undefined {
    const lex: Lexer = this.lex;
    if (lex.isExactly("true")) return true;
    if (lex.isExactly("false")) return false;
    if (lex.isExactly("null")) return null;
    return undefined;
  }

  /** The current word as an attribute path; inside `parent[...]` only a bare sub-attribute name. */
  private attributePath(parent: string | undefined): AttributePath {
    const lex: Lexer = this.lex;
    // Fast path: a word that starts with a letter and has no `:` `.` `$` `/` is an ATTRNAME.
    if (lex.plainName) return { attribute: this.text.slice(lex.start, lex.end) };
    const fast = parent === undefined ? this.splitMarkedWord() : undefined;
    if (fast !== undefined) return fast;
    const split = splitAttributePath(this.text, lex.start, lex.end);
    if (isPathProblem(split)) lex.fail(split.message, split.position);
    if (parent !== undefined && (split.schema !== undefined || split.subAttribute !== undefined)) {
      lex.fail(
        `inside "${parent}[...]" name a sub-attribute of "${parent}" without a schema URI or ".", found ${lex.describe()}`,
        lex.start,
      );
    }
    return split;
  }

  /**
   * Splits `URN:attr.sub` using the positions the lexer noted, when they leave nothing to check
   * beyond a letter at the start of each name; anything unusual goes to `splitAttributePath`.
   */
  private splitMarkedWord(): AttributePath | undefined {
    const lex: Lexer = this.lex;
    const text = this.text;
    const { start, end, lastColon, firstDot } = lex;
    if (lex.extraMark >= 0 || (lastColon < 0 && firstDot < 0)) return undefined;
    const nameStart = lastColon < 0 ? start : lastColon + 1;
    if (nameStart >= end || !isAsciiLetter(text.charCodeAt(nameStart))) return undefined;
    if (lastColon >= 0 && !isAsciiLetter(text.charCodeAt(start))) return undefined;
    if (firstDot < 0) {
      return { schema: text.slice(start, lastColon), attribute: text.slice(nameStart, end) };
    }
    if (firstDot + 1 >= end || !isAsciiLetter(text.charCodeAt(firstDot + 1))) return undefined;
    const attribute = text.slice(nameStart, firstDot);
    const subAttribute = text.slice(firstDot + 1, end);
    return lastColon < 0
      ? { attribute, subAttribute }
      : { schema: text.slice(start, lastColon), attribute, subAttribute };
  }

  /** The current word `.name` after "]": returns `name`. */
  private dottedSubAttribute(): string {
    const lex: Lexer = this.lex;
    if (!lex.at(TokenKind.Word) || this.text.charCodeAt(lex.start) !== DOT) {
      lex.fail(`expected a sub-attribute name after "]."`, lex.start);
    }
    if (lex.end === lex.start + 1) lex.fail('expected a sub-attribute name after "."', lex.end);
    for (let i = lex.start + 1; i < lex.end; i++) {
      if (this.text.charCodeAt(i) === DOT)
        lex.fail('sub-attributes nest one level deep; unexpected second "."', i);
    }
    if (!isAttributeName(this.text, lex.start + 1, lex.end)) {
      lex.fail(
        `invalid sub-attribute name ${JSON.stringify(this.text.slice(lex.start + 1, lex.end))}`,
        lex.start + 1,
      );
    }
    return this.text.slice(lex.start + 1, lex.end);
  }

  /** Explains why no attribute operator follows `path` (kept out of the hot path). */
  private failOperator(path: AttributePath, start: number, pathEnd: number): never {
    const lex: Lexer = this.lex;
    const after = this.quote(start, pathEnd);
    if (path.schema === undefined && path.subAttribute === undefined) {
      const name = path.attribute.toLowerCase();
      // `and` / `or` are valid ATTRNAMEs, but without an operator after them they are misplaced.
      if (name === "and" || name === "or") {
        lex.fail(`unexpected "${path.attribute}": expected an attribute path, "(" or "not ("`, start);
      }
      if (name === "not" && lex.at(TokenKind.Word) && lex.end - lex.start !== 2) {
        lex.fail('expected "(" after "not"', lex.start);
      }
    }
    if (lex.at(TokenKind.Word) && lex.end - lex.start <= 6) {
      lex.fail(`unsupported operator ${lex.describe()} after ${after}`, lex.start);
    }
    return lex.fail(`expected comparison operator after ${after}, found ${lex.describe()}`, lex.start);
  }

  /** Explains why the token after `op` is not an acceptable value. */
  private failValue(op: ComparisonOperator): never {
    const lex: Lexer = this.lex;
    const literal = lex.isKeyword("true") || lex.isKeyword("false") || lex.isKeyword("null");
    const isValue = lex.at(TokenKind.String) || lex.at(TokenKind.Number) || literal;
    if (isValue && (op === "co" || op === "sw" || op === "ew")) {
      lex.fail(`operator "${op}" needs a string value, found ${lex.tokenText()}`, lex.start);
    }
    if (isValue && (op === "gt" || op === "ge" || op === "lt" || op === "le")) {
      // RFC 7644 §3.4.2.2: ordering booleans is an invalidFilter; ordering null means nothing.
      lex.fail(`operator "${op}" needs a string or number value, found ${lex.tokenText()}`, lex.start);
    }
    if (literal) lex.fail(`JSON literals are lowercase, found ${lex.describe()}`, lex.start);
    const found = lex.at(TokenKind.End) ? "end of input" : lex.describe();
    const hint = lex.at(TokenKind.Word) ? "; strings are quoted" : "";
    return lex.fail(
      `expected a value (string, number, true, false or null) after "${op}", found ${found}${hint}`,
      lex.start,
    );
  }

  private enter(depth: number, position: number): void {
    if (depth > this.maxDepth)
      this.lex.fail(`${this.noun} nests deeper than ${this.maxDepth} levels`, position);
  }

  private failAfterExpression(): never {
    const lex: Lexer = this.lex;
    if (lex.at(TokenKind.CloseParen)) lex.fail('unbalanced ")"', lex.start);
    if (lex.at(TokenKind.CloseBracket)) lex.fail('unbalanced "]"', lex.start);
    return lex.fail(`expected "and", "or" or end of input, found ${lex.describe()}`, lex.start);
  }

  private failUnclosed(what: string): never {
    const lex: Lexer = this.lex;
    if (lex.at(TokenKind.End)) lex.fail(`unexpected end of ${this.noun}: expected ${what}`, lex.start);
    return lex.fail(`expected "and", "or" or ${what}, found ${lex.describe()}`, lex.start);
  }

  private failFilterAfterSubAttribute(start: number, end: number): never {
    return this.lex.fail(
      `"[" must follow an attribute name, not the sub-attribute path ${this.quote(start, end)}`,
      end,
    );
  }

  private quote(start: number, end: number): string {
    return JSON.stringify(this.text.slice(start, end));
  }
}

const isAsciiLetter = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90);

/** Recognises the two-letter attribute operators case-insensitively without slicing. */
function operatorOf(text: string, start: number, end: number): ComparisonOperator | "pr" | undefined {
  if (end - start !== 2) return undefined;
  const a = text.charCodeAt(start) | 32;
  const b = text.charCodeAt(start + 1) | 32;
  switch (a) {
    case 101: // e
      return b === 113 ? "eq" : b === 119 ? "ew" : undefined;
    case 110: // n
      return b === 101 ? "ne" : undefined;
    case 99: // c
      return b === 111 ? "co" : undefined;
    case 115: // s
      return b === 119 ? "sw" : undefined;
    case 103: // g
      return b === 116 ? "gt" : b === 101 ? "ge" : undefined;
    case 108: // l
      return b === 116 ? "lt" : b === 101 ? "le" : undefined;
    case 112: // p
      return b === 114 ? "pr" : undefined;
    default:
      return undefined;
  }
}
