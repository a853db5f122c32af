import type { ResourceShape } from "./resource.js";

/** A version to send in `If-Match` / `If-None-Match`: an ETag string or a resource carrying `meta.version`. */
export type VersionSource = string | ResourceShape;

/** Conditional request options (RFC 7644 §3.14, RFC 7232 §3.1–3.2). */
export interface ConditionalOptions {
  /**
   * Write only if the resource still has this version; a mismatch fails with a
   * `ScimClientError` of status 412. Pass the ETag or the resource you read earlier.
   */
  ifMatch?: VersionSource;
}

/** Conditional read options. */
export interface ConditionalReadOptions {
  /**
   * Skip the transfer if the resource still has this version: the call then resolves to
   * `undefined` (the service answered 304 Not Modified).
   */
  ifNoneMatch?: VersionSource;
}

/**
 * The ETag of a resource: `meta.version`, which RFC 7644 §3.14 says SHOULD mirror the `ETag`
 * header. Returns `undefined` when the service does not version resources.
 */
export function versionOf(source: VersionSource | undefined): string | undefined {
  if (source === undefined) return undefined;
  if (typeof source === "string") return source;
  return source.meta?.version;
}

/** Builds `If-Match` / `If-None-Match` headers; throws when a resource without a version is given. */
export function conditionalHeaders(
  options: ConditionalOptions & ConditionalReadOptions,
): Record<string, string> {
  const headers: Record<string, string> = {};
  if (options.ifMatch !== undefined) headers["if-match"] = requireVersion(options.ifMatch, "ifMatch");
  if (options.ifNoneMatch !== undefined) {
    headers["if-none-match"] = requireVersion(options.ifNoneMatch, "ifNoneMatch");
  }
  return headers;
}

function requireVersion(source: VersionSource, option: string): string {
  const version = versionOf(source);
  // Sending no header would silently turn a conditional write into an unconditional one.
  if (!version) throw new TypeError(`${option}: the resource has no meta.version to send`);
  return version;
}

/**
 * Copies the response's `ETag` into `meta.version` when the body lacks it, so callers always find
 * the version in one place. RFC 7644 §3.14 requires the header but only recommends the attribute.
 */
export function withVersion<R>(resource: R, headers: Headers): R {
  const etag = headers.get("etag");
  if (!etag || resource === null || typeof resource !== "object") return resource;
  const record = resource as { meta?: Record<string, unknown> };
  if (typeof record.meta?.version === "string") return resource;
  return { ...resource, meta: { ...record.meta, version: etag } };
}
