import { REQUEST_ID_HEADER, type RequestOutcome, type ScimResponse, type ScimServer } from "@scimkit/server";
import { type CredentialStore, tokenIdOf } from "@scimkit/server/auth";
import { type ConnectionStore, MAX_DETAIL_LENGTH } from "./connection-status.js";

/** How to watch a tenant's IdP. */
export interface ConnectionMonitorOptions {
  readonly store: ConnectionStore;
  /** Finds the tenant of a token that failed authentication (revoked, expired), by the id it carries. */
  readonly credentials: CredentialStore;
  /** At most one `last request` write per tenant and interval (default 5 s): an IdP may send 1,000 requests a minute. */
  readonly requestWriteIntervalMs?: number;
  /** Called when recording fails; the SCIM answer is never affected. */
  readonly onError?: (error: unknown) => void;
  readonly now?: () => Date;
}

/** Error outcomes waiting for their body at most; more only happen when `handle` is bypassed. */
const MAX_PENDING_ERRORS = 1_000;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

const textOrNull = (value: unknown) => (typeof value === "string" && value !== "" ? value : null);

/**
 * Records, per tenant, when its IdP last made an authenticated SCIM request and the last 4xx/5xx
 * it was answered (status, `scimType`, `detail`, request id), for the tenant connection page.
 *
 * Two seams of the kit are used: `onResponse` knows the tenant of each answered request, and the
 * wrapped `handle` sees the error body (`scimType`, `detail`). `onResponse` runs inside `handle`,
 * so an error outcome waits in a map keyed by request id until `handle` returns.
 */
export class ConnectionMonitor {
  readonly #store: ConnectionStore;
  readonly #credentials: CredentialStore;
  readonly #interval: number;
  readonly #onError: (error: unknown) => void;
  readonly #now: () => Date;
  readonly #lastWrite = new Map<string, number>();
  readonly #failed = new Map<string, RequestOutcome>();

  constructor(options: ConnectionMonitorOptions) {
    this.#store = options.store;
    this.#credentials = options.credentials;
    this.#interval = options.requestWriteIntervalMs ?? 5_000;
    this.#onError = options.onError ?? (() => {});
    this.#now = options.now ?? (() => new Date());
  }

  /** The `onResponse` hook of the SCIM server. */
  readonly onResponse = (outcome: RequestOutcome): void => {
    if (outcome.status >= 400) {
      // Bounded: an answer made through `fetch` (not the watched `handle`) is never collected.
      const oldest = this.#failed.size >= MAX_PENDING_ERRORS ? this.#failed.keys().next().value : undefined;
      if (oldest !== undefined) this.#failed.delete(oldest);
      this.#failed.set(outcome.requestId, outcome);
    }
    if (outcome.tenantId === undefined) return;
    const now = this.#now();
    const last = this.#lastWrite.get(outcome.tenantId);
    if (last !== undefined && now.getTime() - last < this.#interval) return;
    this.#lastWrite.set(outcome.tenantId, now.getTime());
    this.#store.recordRequest(outcome.tenantId, now.toISOString()).catch(this.#onError);
  };

  /** `server` with a `handle` that records error answers; `fetch` and `runtime` are unchanged. */
  watch(server: ScimServer): ScimServer {
    return {
      ...server,
      handle: async (request, ctx) => {
        const response = await server.handle(request, ctx);
        const requestId = response.headers?.[REQUEST_ID_HEADER];
        const outcome = requestId === undefined ? undefined : this.#failed.get(requestId);
        if (requestId !== undefined) this.#failed.delete(requestId);
        if (outcome) this.#recordError(request, outcome, response).catch(this.#onError);
        return response;
      },
    };
  }

  async #recordError(request: Request, outcome: RequestOutcome, response: ScimResponse): Promise<void> {
    const tenant = outcome.tenantId ?? (await this.#tenantOfToken(request));
    // An error before authentication with no known token (a scanner, a typo) belongs to no tenant.
    if (tenant === undefined) return;
    const body = isRecord(response.body) ? response.body : {};
    const detail = textOrNull(body.detail);
    await this.#store.recordError(tenant, {
      at: this.#now().toISOString(),
      status: outcome.status,
      scimType: textOrNull(body.scimType),
      detail: detail === null ? null : detail.slice(0, MAX_DETAIL_LENGTH),
      requestId: outcome.requestId,
    });
  }

  /** The tenant of an issued token that was refused (e.g. revoked), so its IT admin sees the 401. */
  async #tenantOfToken(request: Request): Promise<string | undefined> {
    const match = /^Bearer\s+(\S+)$/i.exec(request.headers.get("authorization") ?? "");
    const id = match?.[1] === undefined ? undefined : tokenIdOf(match[1]);
    if (id === undefined) return undefined;
    return (await this.#credentials.findById(id))?.tenantId;
  }
}
