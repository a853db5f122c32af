import type { AuthenticationResult } from "../config.js";
import { AuthenticationError, InsufficientScopeError } from "../http/authentication-error.js";
import type { BearerTokenVerifier } from "./bearer-token-verifier.js";
import { InvalidTokenError, MissingScopeError } from "./token-errors.js";

/** Options of {@link bearerAuthentication}. */
export interface BearerAuthenticationOptions {
  /** Asked in order; the first that claims a token verifies it. */
  readonly verifiers: readonly BearerTokenVerifier[];
  /** The `realm` of every challenge (default `"scim"`). */
  readonly realm?: string;
}

/** RFC 6750 §2.1: `Bearer` then one b64token. */
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;

/** Keeps a challenge parameter a valid quoted-string (RFC 9110 §5.6.4) without quoting anything risky. */
function quotable(text: string): string {
  return text.replace(/[^\x20-\x7e]|["\\]/g, "'");
}

/**
 * The `authenticate` hook of `createScimServer` for bearer tokens (RFC 6750): reads
 * `Authorization: Bearer …`, lets the first verifier that claims the token verify it, and reports
 * the credential's principal, tenant and scope. No credential → 401 with a bare challenge; a bad one
 * → 401 `error="invalid_token"`; a valid one without SCIM scope → 403 `error="insufficient_scope"`.
 *
 * @example
 * createScimServer({
 *   store,
 *   authenticate: bearerAuthentication({
 *     verifiers: [staticTokenVerifier({ token, tenantId: "default" }), storedTokenVerifier({ store: credentials })],
 *   }),
 * });
 */
export function bearerAuthentication(
  options: BearerAuthenticationOptions,
): (request: Request) => Promise<AuthenticationResult> {
  const realm = quotable(options.realm ?? "scim");
  const invalid = (reason: string) => {
    const description = quotable(reason);
    return new AuthenticationError(
      `the bearer token is not valid: ${description}`,
      `Bearer realm="${realm}", error="invalid_token", error_description="${description}"`,
    );
  };
  return async (request) => {
    const header = request.headers.get("authorization");
    // RFC 6750 §3.1: a request without credentials (or with another scheme) gets no error code.
    if (header === null || !/^Bearer(\s|$)/i.test(header)) {
      throw new AuthenticationError(
        "authentication required: send Authorization: Bearer <token>",
        `Bearer realm="${realm}"`,
      );
    }
    const token = BEARER.exec(header)?.[1];
    if (token === undefined) throw invalid("malformed bearer credentials");
    const verifier = options.verifiers.find((candidate) => candidate.claims(token));
    if (!verifier) throw invalid("unknown token");
    try {
      const verified = await verifier.verify(token);
      return { principal: verified.principal, tenantId: verified.tenantId, scope: verified.scope };
    } catch (error) {
      if (error instanceof InvalidTokenError) throw invalid(error.message);
      if (error instanceof MissingScopeError) {
        const description = quotable(error.message);
        throw new InsufficientScopeError(
          description,
          `Bearer realm="${realm}", error="insufficient_scope", error_description="${description}", scope="${quotable(error.requiredScope)}"`,
        );
      }
      throw error;
    }
  };
}
