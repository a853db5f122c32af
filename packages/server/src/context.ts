/** What a credential allows: `read` may GET, list and search (POST `/.search`); `write` may do everything. */
export type AccessScope = "read" | "write";

/**
 * Per-request context passed from the adapter through the server core to the store. Later layers
 * (authentication, tenancy, audit) add what they know here; stores scope every read and write by
 * `tenantId`.
 */
export interface RequestContext {
  /** Tenant key: every stored row carries it and every query filters on it. */
  readonly tenantId: string;
  /**
   * The authenticated actor, when an auth hook set one: a credential id or a JWT `sub`/`client_id`,
   * never a secret (it is logged and recorded in audit events).
   */
  readonly principal?: string;
  /** What the credential may do; unset means no restriction (no auth hook, or one that does not say). */
  readonly scope?: AccessScope;
  /** The request id: the caller's well-formed `X-Request-Id`, else a generated one. Echoed on the response. */
  readonly requestId?: string;
  /** The HTTP method, upper case (`GET`, `POST`, …). */
  readonly method?: string;
  /** The request path without the query string (it may carry filter values). */
  readonly path?: string;
  /** Absolute base URL of the SCIM service (e.g. `https://host/scim/v2`), used for `meta.location`. */
  readonly baseUrl: string;
  /** Free-form values that hooks attach for later hooks. */
  readonly attributes: Map<string, unknown>;
}

/** The context used when no tenancy layer is configured. */
export const DEFAULT_TENANT = "default";
