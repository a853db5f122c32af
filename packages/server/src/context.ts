/**
 * Per-request context passed from the adapter through the server core to the store. Later layers
 * (authentication, tenancy, audit) add what they know here; stores scope every read and write by
 * `tenantId`.
 */
export interface RequestContext {
  /** Tenant key: every stored row carries it and every query filters on it. */
  readonly tenantId: string;
  /** The authenticated principal, when an auth hook set one. */
  readonly principal?: string;
  /** Absolute base URL of the SCIM service (e.g. `https://host/scim/v2`), used for `meta.location`. */
  readonly baseUrl: string;
  /** Free-form values that hooks attach for later hooks. */
  readonly attributes: Map<string, unknown>;
}

/** The context used when no tenancy layer is configured. */
export const DEFAULT_TENANT = "default";
