import { ScimError } from "@scimkit/core";

/**
 * A 401 from an `authenticate` hook, with the `WWW-Authenticate` challenge to send
 * (RFC 7235 §4.1; for bearer tokens RFC 6750 §3, e.g. `Bearer realm="scim", error="invalid_token"`).
 *
 * @example
 * throw new AuthenticationError("the bearer token is not valid", 'Bearer realm="scim", error="invalid_token"');
 */
export class AuthenticationError extends ScimError {
  readonly challenge: string;

  constructor(detail: string, challenge = 'Bearer realm="scim"') {
    super(401, undefined, detail);
    this.challenge = challenge;
  }
}

/**
 * A 403 for a valid credential that lacks the scope the request needs (RFC 6750 §3.1
 * `insufficient_scope`), with the `WWW-Authenticate` challenge naming the missing scope.
 *
 * @example
 * throw new InsufficientScopeError("this token may only read", 'Bearer realm="scim", error="insufficient_scope"');
 */
export class InsufficientScopeError extends ScimError {
  readonly challenge: string;

  constructor(detail: string, challenge = 'Bearer realm="scim", error="insufficient_scope"') {
    super(403, undefined, detail);
    this.challenge = challenge;
  }
}

/** The `WWW-Authenticate` value an error asks for, if any. */
export function challengeOf(error: ScimError): string | undefined {
  if (error instanceof AuthenticationError || error instanceof InsufficientScopeError) return error.challenge;
  // RFC 7235 §3.1: a 401 always carries a challenge.
  return error.status === 401 ? 'Bearer realm="scim"' : undefined;
}
