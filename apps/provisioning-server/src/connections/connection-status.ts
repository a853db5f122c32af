/** The last SCIM error answered to a tenant's IdP. */
export interface ConnectionError {
  /** ISO 8601 instant. */
  readonly at: string;
  readonly status: number;
  /** The SCIM `scimType` (RFC 7644 §3.12), when the error had one. */
  readonly scimType: string | null;
  /** The SCIM `detail` text, cut to {@link MAX_DETAIL_LENGTH} characters. */
  readonly detail: string | null;
  /** The `X-Request-Id` of the failed request, to find it in the logs. */
  readonly requestId: string | null;
}

/** Whether a tenant's IdP has connected: its last authenticated request and its last error. */
export interface ConnectionStatus {
  readonly tenant: string;
  /** ISO 8601 instant of the last authenticated SCIM request (approximate, see `ConnectionMonitor`). */
  readonly lastRequestAt: string | null;
  readonly lastError: ConnectionError | null;
}

/** Longer details are cut: the page shows one line, and a detail may echo what the IdP sent. */
export const MAX_DETAIL_LENGTH = 500;

/**
 * The app's `tenant_connections` table: one row per tenant, overwritten by each request and error.
 * Kept on the database of the SCIM store so every process of the app sees the same status.
 */
export interface ConnectionStore {
  /** Records an authenticated request of `tenant` at `at` (ISO). */
  recordRequest(tenant: string, at: string): Promise<void>;
  /** Records the error answered to `tenant` (replacing the previous one). */
  recordError(tenant: string, error: ConnectionError): Promise<void>;
  /** The status of `tenant`; all nulls when its IdP has never connected. */
  get(tenant: string): Promise<ConnectionStatus>;
  /** Every tenant with a recorded request or error. */
  tenants(): Promise<string[]>;
}

const neverConnected = (tenant: string): ConnectionStatus => ({
  tenant,
  lastRequestAt: null,
  lastError: null,
});

/** Connection status kept in memory (`STORE=memory`). */
export class MemoryConnectionStore implements ConnectionStore {
  readonly #byTenant = new Map<string, ConnectionStatus>();

  async recordRequest(tenant: string, at: string): Promise<void> {
    const status = this.#byTenant.get(tenant) ?? neverConnected(tenant);
    this.#byTenant.set(tenant, { ...status, lastRequestAt: at });
  }

  async recordError(tenant: string, error: ConnectionError): Promise<void> {
    const status = this.#byTenant.get(tenant) ?? neverConnected(tenant);
    this.#byTenant.set(tenant, { ...status, lastError: error });
  }

  async get(tenant: string): Promise<ConnectionStatus> {
    return this.#byTenant.get(tenant) ?? neverConnected(tenant);
  }

  async tenants(): Promise<string[]> {
    return [...this.#byTenant.keys()].sort();
  }
}

/** A row of `tenant_connections` as both SQL drivers return it. */
export interface ConnectionRow {
  readonly tenant_id: string;
  readonly last_request_at: string | Date | null;
  readonly last_error_at: string | Date | null;
  readonly last_error_status: number | null;
  readonly last_error_scim_type: string | null;
  readonly last_error_detail: string | null;
  readonly last_error_request_id: string | null;
}

const isoOf = (value: string | Date | null) => (value === null ? null : new Date(value).toISOString());

/** The status a row describes; `tenant` when there is no row. */
export function connectionStatusOf(tenant: string, row: ConnectionRow | undefined): ConnectionStatus {
  if (!row) return neverConnected(tenant);
  const errorAt = isoOf(row.last_error_at);
  return {
    tenant: row.tenant_id,
    lastRequestAt: isoOf(row.last_request_at),
    lastError:
      errorAt === null
        ? null
        : {
            at: errorAt,
            status: Number(row.last_error_status),
            scimType: row.last_error_scim_type,
            detail: row.last_error_detail,
            requestId: row.last_error_request_id,
          },
  };
}
