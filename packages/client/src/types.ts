/** Options of {@link createScimClient} that every variant shares. */
interface ScimClientBaseOptions {
  /**
   * Base URL of the SCIM service, up to and including the version segment, e.g.
   * `https://idp.example.com/scim/v2`. Resource paths (`Users`, `Groups/123`) are appended to it.
   */
  baseUrl: string | URL;
  /**
   * The `fetch` to send requests with. Defaults to the global `fetch` (Node 20+, browsers). Pass one
   * to add a proxy agent, record traffic, or call an in-process handler in tests.
   */
  fetch?: (input: string | URL | Request, init?: RequestInit) => Promise<Response>;
  /**
   * Milliseconds to wait for each response before failing with `ScimTimeoutError`; `false`
   * disables the timeout. Applies per attempt, so retries get a fresh budget.
   * @default 30000
   */
  timeout?: number | false;
  /**
   * Retry policy for 429/502/503/504 and network errors. A number sets `limit`; `false` disables
   * retries. Non-idempotent requests (POST, PATCH) are never retried unless `retryNonIdempotent`.
   * @default { limit: 2 }
   */
  retry?: number | RetryOptions | false;
  /** Extra headers for every request, e.g. a tenant header or a `User-Agent`. */
  headers?: Record<string, string>;
  /**
   * Page size (`count`) for {@link ResourceClient.iterate} when the call does not set one.
   * @default 100
   */
  pageSize?: number;
  /**
   * How `iterate` pages: `"auto"` uses RFC 9865 cursors when the ServiceProviderConfig
   * advertises `pagination.cursor: true` and `startIndex`/`count` (RFC 7644 §3.4.2.4) otherwise.
   * @default "auto"
   */
  pagination?: PaginationMethod;
}

/** Authenticate with a fixed bearer token, or not at all. */
export interface ScimClientTokenOptions extends ScimClientBaseOptions {
  /**
   * Bearer token sent as `Authorization: Bearer <token>` (RFC 6750 §2.1). `undefined` sends no
   * `Authorization` header (an open service, or credentials passed in `headers`).
   */
  token?: string;
  getToken?: never;
}

/** Authenticate with a token fetched per request (short-lived OAuth tokens). */
export interface ScimClientTokenProviderOptions extends ScimClientBaseOptions {
  token?: never;
  /**
   * Returns the bearer token; called before every attempt, retries included, so a provider that
   * caches and refreshes tokens keeps long pagination runs authenticated.
   */
  getToken: () => string | Promise<string>;
}

/** Options of {@link createScimClient}: `token` and `getToken` are mutually exclusive. */
export type ScimClientOptions = ScimClientTokenOptions | ScimClientTokenProviderOptions;

/** Retry policy. Delays grow exponentially with full jitter unless the service sends `Retry-After`. */
export interface RetryOptions {
  /**
   * Maximum number of retries after the first attempt.
   * @default 2
   */
  limit?: number;
  /**
   * Statuses that are retried. `Retry-After` (seconds or an HTTP date) is honoured on all of them.
   * @default [429, 502, 503, 504]
   */
  statusCodes?: number[];
  /**
   * Also retry POST and PATCH. Off by default because a lost response does not mean the write
   * was lost: retrying a create can make a duplicate. Queries via `POST /.search` are reads and are
   * retried regardless.
   * @default false
   */
  retryNonIdempotent?: boolean;
  /**
   * Delay before the first retry in milliseconds; retry n waits up to `baseDelay * 2^(n-1)`.
   * @default 300
   */
  baseDelay?: number;
  /**
   * Upper bound for a computed backoff delay in milliseconds.
   * @default 30000
   */
  backoffLimit?: number;
  /**
   * Upper bound for a `Retry-After` wait in milliseconds; longer waits are cut to this value.
   * @default 60000
   */
  maxRetryAfter?: number;
  /**
   * Randomise computed delays between 0 and the backoff ("full jitter") so that many clients
   * throttled at once do not retry in lockstep. `Retry-After` waits are never jittered.
   * @default true
   */
  jitter?: boolean;
  /**
   * Retry after a timeout too (only idempotent requests).
   * @default false
   */
  retryOnTimeout?: boolean;
}

/** Per-call options shared by every method. */
export interface RequestOptions {
  /** Aborts the request (and any pending retry wait). */
  signal?: AbortSignal;
  /** Extra headers for this call only. */
  headers?: Record<string, string>;
  /** Overrides the client's `timeout` for this call. */
  timeout?: number | false;
  /** Overrides the client's retry policy for this call, e.g. `{ retryNonIdempotent: true }`. */
  retry?: number | RetryOptions | false;
}

/** How `iterate` walks result pages. */
export type PaginationMethod = "auto" | "index" | "cursor";

/** `sortOrder` of RFC 7644 §3.4.2.3. */
export type SortOrder = "ascending" | "descending";
