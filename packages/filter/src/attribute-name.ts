import type { AttributePath } from "@scimkit/core";

/**
 * RFC 7644 §3.4.2.2 `ATTRNAME = ALPHA *(nameChar)`, `nameChar = "-" / "_" / DIGIT / ALPHA`, plus
 * `$ref`, the one name RFC 7643 itself defines outside that rule (§2.3.7 reference sub-attributes).
 */
export function isAttributeName(text: string, start = 0, end = text.length): boolean {
  if (end <= start) return false;
  const first = text.charCodeAt(start);
  if (first === 36) return end - start === 4 && text.slice(start, end).toLowerCase() === "$ref";
  if (!isAlpha(first)) return false;
  for (let i = start + 1; i < end; i++) {
    const c = text.charCodeAt(i);
    if (!(isAlpha(c) || (c >= 48 && c <= 57) || c === 45 || c === 95)) return false;
  }
  return true;
}

const isAlpha = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90);

/** Why an attribute path did not split: a message and the offset it refers to. */
export interface AttributePathProblem {
  readonly message: string;
  readonly position: number;
}

/**
 * Splits `[URI ":"] ATTRNAME ["." ATTRNAME]` found at `text[start, end)` into an
 * {@link AttributePath}. Schema URNs contain dots (`...:core:2.0:User:name.givenName`), so the
 * URN ends at the last `:`; the attribute and its sub-attribute follow it.
 * Returns a problem instead of throwing so that callers pick the error type.
 */
export function splitAttributePath(
  text: string,
  start: number,
  end: number,
): AttributePath | AttributePathProblem {
  let colon = -1;
  for (let i = end - 1; i >= start; i--) {
    if (text.charCodeAt(i) === 58) {
      colon = i;
      break;
    }
  }
  const nameStart = colon < 0 ? start : colon + 1;
  let dot = -1;
  for (let i = nameStart; i < end; i++) {
    if (text.charCodeAt(i) === 46) {
      dot = i;
      break;
    }
  }
  const nameEnd = dot < 0 ? end : dot;
  if (colon >= 0 && !isAlpha(text.charCodeAt(start))) {
    return { message: `invalid schema URI ${quote(text, start, colon)}`, position: start };
  }
  if (nameEnd === nameStart) {
    const what = colon >= 0 && nameStart === colon + 1 ? 'after ":"' : "";
    return { message: `expected an attribute name${what ? ` ${what}` : ""}`, position: nameStart };
  }
  if (!isAttributeName(text, nameStart, nameEnd)) {
    return { message: `invalid attribute name ${quote(text, nameStart, nameEnd)}`, position: nameStart };
  }
  const attribute = text.slice(nameStart, nameEnd);
  const schema = colon >= 0 ? text.slice(start, colon) : undefined;
  if (dot < 0) return schema === undefined ? { attribute } : { schema, attribute };
  const subStart = dot + 1;
  let subEnd = end;
  for (let i = subStart; i < end; i++) {
    if (text.charCodeAt(i) === 46) {
      subEnd = i;
      break;
    }
  }
  if (subEnd === subStart) return { message: 'expected a sub-attribute name after "."', position: subStart };
  if (subEnd !== end) {
    return {
      message: 'sub-attributes nest one level deep; unexpected second "."',
      position: subEnd,
    };
  }
  if (subStart === end) return { message: 'expected a sub-attribute name after "."', position: subStart };
  if (!isAttributeName(text, subStart, end)) {
    return { message: `invalid sub-attribute name ${quote(text, subStart, end)}`, position: subStart };
  }
  const subAttribute = text.slice(subStart, end);
  return schema === undefined ? { attribute, subAttribute } : { schema, attribute, subAttribute };
}

/** Type guard separating a split path from a problem. */
export function isPathProblem(value: AttributePath | AttributePathProblem): value is AttributePathProblem {
  return "message" in value;
}

function quote(text: string, start: number, end: number): string {
  return JSON.stringify(text.slice(start, end));
}
