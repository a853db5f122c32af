import type { AuthenticationScheme, ScimServerConfig } from "@scimkit/server";
import {
  type BearerTokenVerifier,
  bearerAuthentication,
  type CredentialStore,
  describeAuthenticationSchemes,
  staticTokenVerifier,
  storedTokenVerifier,
} from "@scimkit/server/auth";
import type { ProvisioningConfig } from "./config.js";

/** The tenant `SCIM_TOKEN` belongs to (the single-tenant Quick start). */
export const STATIC_TOKEN_TENANT = "default";

/** The principal recorded for requests made with `SCIM_TOKEN` (never the token itself). */
export const STATIC_TOKEN_PRINCIPAL = "env:SCIM_TOKEN";

/**
 * What the server accepts: `SCIM_TOKEN` (tenant `default`), every token issued with
 * `scimkit-admin tokens create`, and, when configured, OIDC access tokens.
 */
export function createAuthentication(
  config: Pick<ProvisioningConfig, "token">,
  credentials: CredentialStore,
  extraVerifiers: readonly BearerTokenVerifier[] = [],
  oidcIssuer?: string,
  onError: (error: unknown) => void = () => {},
): { authenticate: NonNullable<ScimServerConfig["authenticate"]>; schemes: AuthenticationScheme[] } {
  const verifiers: BearerTokenVerifier[] = [
    staticTokenVerifier({
      token: config.token,
      tenantId: STATIC_TOKEN_TENANT,
      principal: STATIC_TOKEN_PRINCIPAL,
    }),
    // 2 s of caching: a revocation reaches every process sharing the database within 5 s.
    storedTokenVerifier({ store: credentials, cacheTtlMs: 2000, onTouchError: onError }),
    ...extraVerifiers,
  ];
  return {
    authenticate: bearerAuthentication({ verifiers }),
    schemes: describeAuthenticationSchemes({
      bearerTokens: true,
      ...(oidcIssuer !== undefined ? { oidcIssuer } : {}),
    }),
  };
}
