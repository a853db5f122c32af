/**
 * Splits a URL path into its percent-decoded segments (RFC 3986 §2.1, §3.3), empty segments
 * dropped. Returns `undefined` when an escape is malformed (`%`, `%zz`) or decodes to bytes that
 * are not UTF-8 (`%E0%A4%A`, `%C0%AF`): each caller answers that with its own 400. Shared by the
 * request router and Bulk operation paths, so both read a path the same way.
 */
export function decodePathSegments(path: string): string[] | undefined {
  try {
    return path.split("/").filter(Boolean).map(decodeURIComponent);
  } catch {
    return undefined;
  }
}
