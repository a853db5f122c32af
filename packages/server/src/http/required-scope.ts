import type { AccessScope } from "../context.js";

/**
 * The scope a request needs: `read` for GET/HEAD and for `POST …/.search` (RFC 7644 §3.4.3: a
 * search is a query sent as a body, it changes nothing), `write` for everything else, bulk included.
 * `segments` are the decoded path segments below the base path.
 */
export function requiredScope(method: string, segments: readonly string[]): AccessScope {
  if (method === "GET" || method === "HEAD") return "read";
  if (method === "POST" && segments[segments.length - 1] === ".search") return "read";
  return "write";
}
