import { FilterError, type FilterErrorType } from "./filter-error.js";

/** Token kinds. Words cover attribute paths, operators and keywords; the parser tells them apart. */
export const TokenKind = {
  End: 0,
  Word: 1,
  String: 2,
  Number: 3,
  OpenParen: 4,
  CloseParen: 5,
  OpenBracket: 6,
  CloseBracket: 7,
} as const;
export type TokenKind = (typeof TokenKind)[keyof typeof TokenKind];

const SPACE = 32;
const TAB = 9;
const LF = 10;
const CR = 13;
const QUOTE = 34;
const BACKSLASH = 92;
const MINUS = 45;
const PLUS = 43;
const DOT = 46;
const ZERO = 48;
const NINE = 57;
const LOWER_E = 101;
const UPPER_E = 69;

/**
 * Characters a word may contain: ALPHA, DIGIT, `-`, `_` (RFC 7644 `nameChar`), `:` and `.` (URN
 * prefixes and sub-attributes), `$` (`$ref`) and `/` (schema URIs written as URLs). A table beats
 * a regex per token.
 */
const WORD_CHAR = new Uint8Array(128);
for (let c = 48; c <= 57; c++) WORD_CHAR[c] = 1;
for (let c = 65; c <= 90; c++) WORD_CHAR[c] = 1;
for (let c = 97; c <= 122; c++) WORD_CHAR[c] = 1;
for (const ch of "-_:.$/") WORD_CHAR[ch.charCodeAt(0)] = 1;

/**
 * Word scanning classes over all UTF-16 code units, so the loop needs one load per character:
 * 0 ends the word, 1 is an ATTRNAME character, 2 is `:` `.` `$` `/` (the word is not a bare name).
 */
const WORD_CLASS = new Uint8Array(65536);
for (let c = 0; c < 128; c++) WORD_CLASS[c] = WORD_CHAR[c];
for (const ch of ":.$/") WORD_CLASS[ch.charCodeAt(0)] = 2;

/**
 * Characters of an unquoted comparison value (extension `entra-unquoted-value`): ATTRNAME's
 * letters, digits, `-` and `_`, plus `.`, `@` and `+` as in Entra ID ids and mail nicknames.
 */
const BARE_CHAR = new Uint8Array(128);
for (let c = 48; c <= 57; c++) BARE_CHAR[c] = 1;
for (let c = 65; c <= 90; c++) BARE_CHAR[c] = 1;
for (let c = 97; c <= 122; c++) BARE_CHAR[c] = 1;
for (const ch of "-_.@+") BARE_CHAR[ch.charCodeAt(0)] = 1;

/** Code units that end the fast scan of a string: `"`, `\` and control characters. */
const STRING_STOP = new Uint8Array(65536);
for (let c = 0; c < 32; c++) STRING_STOP[c] = 1;
STRING_STOP[QUOTE] = 1;
STRING_STOP[BACKSLASH] = 1;

/** True for a character that may appear in an attribute path word. */
export const isWordChar = (c: number): boolean => c < 128 && WORD_CHAR[c] === 1;

const isWordStart = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 36 || c === DOT;
const isDigit = (c: number) => c >= ZERO && c <= NINE;
const isSpace = (c: number) => c === SPACE || c === TAB || c === LF || c === CR;

/**
 * A single-pass scanner over char codes. It keeps the current token in fields instead of
 * allocating token objects, so the parser's hot path creates only the AST.
 */
export class Lexer {
  readonly text: string;
  readonly errorType: FilterErrorType;
  /** Where scanning continues. */
  pos = 0;
  kind: TokenKind = TokenKind.End;
  /** Start (inclusive) and end (exclusive) of the current token. */
  start = 0;
  end = 0;
  /** True when the current Word is a bare ATTRNAME: no `:`, `.`, `$` or `/`. */
  plainName = false;
  /** In the current Word: the last `:`, the first `.` after it, or -1. */
  lastColon = -1;
  firstDot = -1;
  /** In the current Word: a `$`, `/` or second `.` after the last `:` (or a leading `.`/`$`), or -1. */
  extraMark = -1;
  /** The decoded value of a String token. */
  stringValue = "";
  /** The value of a Number token. */
  numberValue = 0;

  constructor(text: string, errorType: FilterErrorType) {
    this.text = text;
    this.errorType = errorType;
  }

  /** Throws a syntax error at `position`. */
  fail(message: string, position: number): never {
    throw new FilterError(this.errorType, message, position);
  }

  /** Advances to the next token. */
  next(): void {
    const text = this.text;
    const length = text.length;
    let pos = this.pos;
    while (pos < length && isSpace(text.charCodeAt(pos))) pos++;
    this.start = pos;
    if (pos >= length) {
      this.kind = TokenKind.End;
      this.pos = this.end = pos;
      return;
    }
    const c = text.charCodeAt(pos);
    if (c < 128 && WORD_CHAR[c] === 1 && isWordStart(c)) {
      // Note where `:`, `.`, `$` and `/` occur, so a plain name needs no second pass.
      let classes = WORD_CLASS[c];
      // Where the URN prefix ends and the sub-attribute starts, for the parser's fast split.
      let colon = -1;
      let dot = -1;
      let extraMark = classes === 2 ? pos : -1;
      pos++;
      while (pos < length) {
        const d = text.charCodeAt(pos);
        const cls = WORD_CLASS[d];
        if (cls === 0) break;
        if (cls === 2) {
          if (d === 58) {
            colon = pos;
            dot = -1;
            extraMark = -1;
          } else if (d === DOT && dot < 0) dot = pos;
          else extraMark = pos;
        }
        classes |= cls;
        pos++;
      }
      this.plainName = classes === 1;
      this.lastColon = colon;
      this.firstDot = dot;
      this.extraMark = extraMark;
      this.kind = TokenKind.Word;
    } else if (c === QUOTE) {
      pos = this.scanString(pos);
      this.kind = TokenKind.String;
    } else if (c === MINUS || isDigit(c)) {
      pos = this.scanNumber(pos);
      this.kind = TokenKind.Number;
    } else if (c === 40) {
      pos++;
      this.kind = TokenKind.OpenParen;
    } else if (c === 41) {
      pos++;
      this.kind = TokenKind.CloseParen;
    } else if (c === 91) {
      pos++;
      this.kind = TokenKind.OpenBracket;
    } else if (c === 93) {
      pos++;
      this.kind = TokenKind.CloseBracket;
    } else {
      this.fail(`unexpected character ${JSON.stringify(String.fromCodePoint(text.codePointAt(pos)!))}`, pos);
    }
    this.pos = this.end = pos;
  }

  /** True when the current token is of `kind` (a method, so type narrowing resets after `next()`). */
  at(kind: TokenKind): boolean {
    return this.kind === kind;
  }

  /** The char code right after the current token (no whitespace skipped), or -1 at the end. */
  charAfterToken(): number {
    return this.end < this.text.length ? this.text.charCodeAt(this.end) : -1;
  }

  /** The next non-whitespace char code after the current token, or -1 at the end. */
  peekChar(): number {
    const text = this.text;
    let pos = this.end;
    while (pos < text.length && isSpace(text.charCodeAt(pos))) pos++;
    return pos < text.length ? text.charCodeAt(pos) : -1;
  }

  /** True when the current token is a word equal to `lowercase`, ignoring ASCII case. */
  isKeyword(lowercase: string): boolean {
    if (this.kind !== TokenKind.Word || this.end - this.start !== lowercase.length) return false;
    const text = this.text;
    for (let i = 0; i < lowercase.length; i++) {
      // `| 32` lowercases ASCII letters and leaves the other word characters non-letters.
      if ((text.charCodeAt(this.start + i) | 32) !== lowercase.charCodeAt(i)) return false;
    }
    return true;
  }

  /** True when the current word is exactly `lowercase` (JSON literals are case-sensitive). */
  isExactly(lowercase: string): boolean {
    return (
      this.kind === TokenKind.Word &&
      this.end - this.start === lowercase.length &&
      this.text.startsWith(lowercase, this.start)
    );
  }

  /**
   * Where an unquoted value starting at the current Word would end: a letter, then letters,
   * digits, `-`, `_`, `.`, `@` or `+`, up to whitespace, `)`, `]` or the end of input. -1 when the
   * text there is not such a word. Scans past the token (`@` and `+` end Words) without moving.
   */
  bareValueEnd(): number {
    const text = this.text;
    const length = text.length;
    const first = text.charCodeAt(this.start);
    if (!((first >= 97 && first <= 122) || (first >= 65 && first <= 90))) return -1;
    let pos = this.start + 1;
    while (pos < length) {
      const c = text.charCodeAt(pos);
      if (c >= 128 || BARE_CHAR[c] === 0) break;
      pos++;
    }
    if (pos < length) {
      const c = text.charCodeAt(pos);
      if (!isSpace(c) && c !== 41 && c !== 93) return -1;
    }
    return pos;
  }

  /** Makes the current token end at `end` (after {@link bareValueEnd}) and returns its text. */
  takeUntil(end: number): string {
    this.pos = this.end = end;
    return this.text.slice(this.start, end);
  }

  /** The current token's source text. */
  tokenText(): string {
    return this.text.slice(this.start, this.end);
  }

  /** The current token for an error message: `"userName"`, `"("` or `end of input`. */
  describe(): string {
    if (this.kind === TokenKind.End) return "end of input";
    const raw = this.tokenText();
    if (this.kind === TokenKind.String) return raw.length > 40 ? `${raw.slice(0, 40)}…"` : raw;
    return JSON.stringify(raw.length > 40 ? `${raw.slice(0, 40)}…` : raw);
  }

  /** Scans a JSON string (RFC 8259 §7) starting at the opening quote; returns the end. */
  private scanString(open: number): number {
    const text = this.text;
    const length = text.length;
    let pos = open + 1;
    // Fast path: no escapes, so the value is one slice.
    while (pos < length && STRING_STOP[text.charCodeAt(pos)] === 0) pos++;
    if (pos < length) {
      const c = text.charCodeAt(pos);
      if (c === QUOTE) {
        this.stringValue = text.slice(open + 1, pos);
        return pos + 1;
      }
      if (c < 32) this.fail("control character in string; escape it", pos);
    }
    if (pos >= length) this.fail("unterminated string", open);
    let value = text.slice(open + 1, pos);
    let chunk = pos;
    while (pos < length) {
      const c = text.charCodeAt(pos);
      if (c === QUOTE) {
        this.stringValue = value + text.slice(chunk, pos);
        return pos + 1;
      }
      if (c < 32) this.fail("control character in string; escape it", pos);
      if (c !== BACKSLASH) {
        pos++;
        continue;
      }
      value += text.slice(chunk, pos);
      const e = pos + 1 < length ? text.charCodeAt(pos + 1) : -1;
      switch (e) {
        case QUOTE:
          value += '"';
          break;
        case BACKSLASH:
          value += "\\";
          break;
        case 47:
          value += "/";
          break;
        case 98:
          value += "\b";
          break;
        case 102:
          value += "\f";
          break;
        case 110:
          value += "\n";
          break;
        case 114:
          value += "\r";
          break;
        case 116:
          value += "\t";
          break;
        case 117: {
          const code = hex4(text, pos + 2);
          if (code < 0) this.fail("invalid \\u escape in string; expected 4 hex digits", pos);
          value += String.fromCharCode(code);
          pos += 4;
          break;
        }
        default:
          if (e < 0) this.fail("unterminated string", open);
          this.fail(`invalid escape "\\${String.fromCharCode(e)}" in string`, pos);
      }
      pos += 2;
      chunk = pos;
    }
    return this.fail("unterminated string", open);
  }

  /** Scans a JSON number (RFC 8259 §6); returns the end. */
  private scanNumber(first: number): number {
    const text = this.text;
    const length = text.length;
    let pos = first;
    if (text.charCodeAt(pos) === MINUS) pos++;
    const intStart = pos;
    if (pos < length && text.charCodeAt(pos) === ZERO) pos++;
    else while (pos < length && isDigit(text.charCodeAt(pos))) pos++;
    if (pos === intStart) this.fail("invalid number: expected a digit", pos);
    if (pos < length && text.charCodeAt(pos) === DOT) {
      pos++;
      const fracStart = pos;
      while (pos < length && isDigit(text.charCodeAt(pos))) pos++;
      if (pos === fracStart) this.fail("invalid number: expected a digit after the decimal point", pos);
    }
    if (pos < length && (text.charCodeAt(pos) === LOWER_E || text.charCodeAt(pos) === UPPER_E)) {
      pos++;
      const sign = pos < length ? text.charCodeAt(pos) : -1;
      if (sign === PLUS || sign === MINUS) pos++;
      const expStart = pos;
      while (pos < length && isDigit(text.charCodeAt(pos))) pos++;
      if (pos === expStart) this.fail("invalid number: expected a digit in the exponent", pos);
    }
    const after = pos < length ? text.charCodeAt(pos) : -1;
    if (after >= 0 && after < 128 && WORD_CHAR[after] === 1) {
      this.fail("invalid number", first);
    }
    const value = Number(text.slice(first, pos));
    if (!Number.isFinite(value)) this.fail("number out of range", first);
    // -0 and 0 are the same JSON number; keep one so ASTs compare equal.
    this.numberValue = value === 0 ? 0 : value;
    return pos;
  }
}

/** Parses 4 hex digits at `at`; -1 when they are not all hex digits. */
function hex4(text: string, at: number): number {
  if (at + 4 > text.length) return -1;
  let code = 0;
  for (let i = at; i < at + 4; i++) {
    const c = text.charCodeAt(i);
    let digit: number;
    if (c >= 48 && c <= 57) digit = c - 48;
    else if (c >= 97 && c <= 102) digit = c - 87;
    else if (c >= 65 && c <= 70) digit = c - 55;
    else return -1;
    code = code * 16 + digit;
  }
  return code;
}
