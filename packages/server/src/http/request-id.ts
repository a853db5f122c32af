/** The header that carries the request id in both directions. */
export const REQUEST_ID_HEADER = "X-Request-Id";

const WELL_FORMED = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Whether a caller's request id may be kept: 1 to 128 characters of `[A-Za-z0-9._:-]`. Anything
 * else (spaces, quotes, control characters, overlong values) would let a caller forge or break log
 * lines, so it is replaced.
 */
export function isWellFormedRequestId(value: string): boolean {
  return WELL_FORMED.test(value);
}

/** The caller's `X-Request-Id` when well-formed, else a new UUID. */
export function requestIdOf(
  headers: Headers,
  // Web Crypto, not node:crypto: the Fetch core runs on Workers and other web runtimes too.
  generate: () => string = () => globalThis.crypto.randomUUID(),
): string {
  const given = headers.get(REQUEST_ID_HEADER);
  return given !== null && isWellFormedRequestId(given) ? given : generate();
}
