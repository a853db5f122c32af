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
