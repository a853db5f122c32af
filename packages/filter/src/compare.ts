import type { AttributeDefinition, AttributeType } from "@scimkit/core";
import { findAttribute, isJsonObject } from "@scimkit/core";

/** What a comparison needs to know about an attribute (RFC 7643 §2.2, §2.3). */
export interface ComparableAttribute {
  readonly type: AttributeType;
  readonly caseExact: boolean;
  readonly subAttributes?: readonly AttributeDefinition[];
}

/**
 * Folds case for a `caseExact: false` string (RFC 7643 §2.2). Uses `toLowerCase()`, so stores
 * that fold in SQL must fold the same way (full Unicode lowercasing, not ASCII-only).
 */
export function foldCase(value: string, caseExact: boolean): string {
  return caseExact ? value : value.toLowerCase();
}

/**
 * Orders strings by Unicode code point, which equals UTF-8 byte order (SQLite `BINARY`,
 * PostgreSQL `COLLATE "C"`). Plain `<` on JS strings orders UTF-16 code units instead, which
 * differs for characters above U+FFFF versus U+E000–U+FFFF.
 */
export function compareStrings(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    // Lift surrogates above the rest of the BMP so code-unit order becomes code-point order.
    if (x >= 0xd800) x += x <= 0xdfff ? 0x2000 : -0x800;
    if (y >= 0xd800) y += y <= 0xdfff ? 0x2000 : -0x800;
    return x - y;
  }
  return a.length - b.length;
}

const DATE_TIME = /^(\d{4}-\d{2}-\d{2})(?:[Tt ](\d{2}:\d{2}:\d{2})(?:\.(\d+))?([Zz]|[+-]\d{2}:\d{2})?)?$/;

/**
 * Parses an `xsd:dateTime` / RFC 3339 value (RFC 7643 §2.3.5) to milliseconds since the epoch.
 * A value without an offset is read as UTC; a bare `YYYY-MM-DD` is midnight UTC. Fractions beyond
 * milliseconds are truncated. Returns `undefined` for anything else.
 */
export function parseInstant(value: string): number | undefined {
  const match = DATE_TIME.exec(value);
  if (!match) return undefined;
  const [, date, time, fraction, offset] = match;
  const millis = fraction === undefined ? "" : `.${fraction.slice(0, 3).padEnd(3, "0")}`;
  const zone = offset === undefined || offset === "z" || offset === "Z" ? "Z" : offset;
  const instant = Date.parse(`${date}T${time ?? "00:00:00"}${millis}${zone}`);
  return Number.isNaN(instant) ? undefined : instant;
}

/**
 * Orders two attribute values by the attribute's type (RFC 7644 §3.4.2.2, §3.4.2.3): strings by
 * code point after folding case when `caseExact` is false, dateTimes as instants, numbers
 * numerically, `false` before `true`. Returns `undefined` when the values are not comparable
 * (a JSON type that does not fit the attribute type, an unparseable dateTime, complex values).
 *
 * @example
 * compareValues("2011-05-13T04:42:34Z", "2011-05-13T06:42:34+02:00", { type: "dateTime", caseExact: false }); // 0
 */
export function compareValues(a: unknown, b: unknown, attribute: ComparableAttribute): number | undefined {
  switch (attribute.type) {
    case "string":
    case "reference":
    case "binary":
      if (typeof a !== "string" || typeof b !== "string") return undefined;
      return sign(compareStrings(foldCase(a, attribute.caseExact), foldCase(b, attribute.caseExact)));
    case "dateTime": {
      if (typeof a !== "string" || typeof b !== "string") return undefined;
      const x = parseInstant(a);
      const y = parseInstant(b);
      return x === undefined || y === undefined ? undefined : sign(x - y);
    }
    case "integer":
    case "decimal":
      return typeof a === "number" && typeof b === "number" ? sign(a - b) : undefined;
    case "boolean":
      return typeof a === "boolean" && typeof b === "boolean" ? Number(a) - Number(b) : undefined;
    default:
      return undefined;
  }
}

/**
 * True when two values of an attribute are the same value: {@link compareValues} is 0, and for
 * complex values every sub-attribute is equal (by its own definition; unknown keys by JSON
 * equality). Useful for de-duplicating multi-valued attributes in PATCH.
 */
export function valuesEqual(a: unknown, b: unknown, attribute: ComparableAttribute): boolean {
  if (attribute.type !== "complex") {
    if (a === b) return true;
    return compareValues(a, b, attribute) === 0;
  }
  if (!isJsonObject(a) || !isJsonObject(b)) return false;
  const keys = new Map<string, [unknown, unknown]>();
  for (const [k, v] of Object.entries(a))
    if (v !== undefined && v !== null) keys.set(k.toLowerCase(), [v, undefined]);
  for (const [k, v] of Object.entries(b)) {
    if (v === undefined || v === null) continue;
    const entry = keys.get(k.toLowerCase());
    if (entry) entry[1] = v;
    else keys.set(k.toLowerCase(), [undefined, v]);
  }
  for (const [name, [x, y]] of keys) {
    const sub = findAttribute(attribute.subAttributes, name);
    const same = sub ? valuesEqual(x, y, sub) : JSON.stringify(x) === JSON.stringify(y);
    if (!same) return false;
  }
  return true;
}

function sign(n: number): number {
  return n < 0 ? -1 : n > 0 ? 1 : 0;
}
