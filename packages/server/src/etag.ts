/**
 * Entity tags for SCIM resources (RFC 7644 §3.14): a store version `v` is served as the weak tag
 * `W/"v"`, both in the `ETag` header and in `meta.version`.
 */

/** The weak entity tag of a store version. */
export function etagOf(version: string): string {
  return `W/"${version}"`;
}

/** The parsed `If-Match` / `If-None-Match` header: `*` or a list of opaque versions. */
export type EtagCondition =
  | { readonly any: true }
  | { readonly any: false; readonly versions: readonly string[] };

/**
 * Parses an `If-Match` / `If-None-Match` header (RFC 9110 §13.1). Weak and strong tags compare
 * alike (weak comparison), since SCIM versions are weak. Returns undefined when the header is absent.
 */
export function parseEtagCondition(header: string | null): EtagCondition | undefined {
  if (header === null || header.trim() === "") return undefined;
  if (header.trim() === "*") return { any: true };
  const versions: string[] = [];
  for (const match of header.matchAll(/(?:W\/)?"([^"]*)"|([^\s,]+)/g)) {
    versions.push(match[1] ?? match[2] ?? "");
  }
  return { any: false, versions };
}

/** Whether a condition matches the current version. */
export function conditionMatches(condition: EtagCondition, version: string): boolean {
  return condition.any || condition.versions.includes(version);
}

/**
 * Whether text can be sent as an `If-Match` / `If-None-Match` value: visible ASCII, spaces and
 * tabs (RFC 9110 §5.5 field values, §8.8.3 entity tags). CR, LF, NUL and characters beyond ASCII
 * cannot appear in an HTTP header, so a Bulk operation's `version` holding them is a client error.
 */
export function isEntityTagText(text: string): boolean {
  return /^[\t\x20-\x7e]*$/.test(text);
}
