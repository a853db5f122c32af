import { ScimError } from "@scimkit/core";

/**
 * Finds the JWKS URL of an issuer from its OpenID Connect Discovery document, once: the result is
 * kept for the life of the process. A failure is remembered for `retryMs`, so a down issuer is asked
 * at most once per interval while requests fail fast with 503.
 */
export function discoverJwksUri(
  issuer: string,
  options: { readonly retryMs: number; readonly timeoutMs: number },
): () => Promise<URL> {
  let found: Promise<URL> | undefined;
  let failedAt = Number.NEGATIVE_INFINITY;
  const documentUrl = `${issuer.replace(/\/+$/, "")}/.well-known/openid-configuration`;

  async function fetchDocument(): Promise<URL> {
    const response = await fetch(documentUrl, {
      headers: { Accept: "application/json" },
      signal: AbortSignal.timeout(options.timeoutMs),
      redirect: "error",
    });
    if (!response.ok) throw new Error(`${documentUrl} answered ${response.status}`);
    const document = (await response.json()) as { issuer?: unknown; jwks_uri?: unknown };
    // OpenID Connect Discovery §4.3: the document's issuer must be the one asked about.
    if (document.issuer !== issuer)
      throw new Error(`${documentUrl} names another issuer: ${String(document.issuer)}`);
    if (typeof document.jwks_uri !== "string") throw new Error(`${documentUrl} has no jwks_uri`);
    return new URL(document.jwks_uri);
  }

  return () => {
    if (found) return found;
    if (Date.now() - failedAt < options.retryMs) {
      return Promise.reject(
        new ScimError(503, undefined, "the OpenID Connect issuer is unreachable; try again later"),
      );
    }
    const attempt = fetchDocument();
    found = attempt;
    attempt.catch(() => {
      failedAt = Date.now();
      if (found === attempt) found = undefined;
    });
    return attempt.catch((error: unknown) => {
      throw new ScimError(
        503,
        undefined,
        `the OpenID Connect issuer could not be discovered: ${error instanceof Error ? error.message : String(error)}`,
      );
    });
  };
}
