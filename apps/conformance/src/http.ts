/** A raw HTTP request as the harness sends it. */
export interface HttpRequest {
  method: string;
  /** Path below the base URL, e.g. `/Users` or `/Users/123`; sent exactly as given (no re-encoding). */
  path: string;
  /** Query parameters, percent-encoded and appended to `path`. Undefined values are dropped. */
  query?: Record<string, string | number | undefined>;
  /** A value serialised as the JSON body (Content-Type `application/scim+json` unless overridden). */
  json?: unknown;
  /** A raw body sent byte-for-byte, for malformed-input checks. */
  body?: string;
  /** Extra headers; they override the defaults. */
  headers?: Record<string, string>;
  /**
   * Authorization to send: `"default"` (the configured bearer token), `"none"` (no header), or a
   * literal `Authorization` header value.
   */
  auth?: "default" | "none" | { header: string };
}

/** What came back for one request. */
export interface HttpExchange {
  method: string;
  url: string;
  status: number;
  headers: Headers;
  /** The raw body text. */
  text: string;
  /** The body parsed as JSON, or `undefined` when it is empty or not JSON. */
  json: unknown;
  durationMs: number;
}

/** Options of {@link ScimHttp}. */
export interface ScimHttpOptions {
  /** The SCIM base URL, e.g. `https://example.com/scim/v2`. */
  baseUrl: string;
  /** Bearer token sent as `Authorization: Bearer <token>`; none when omitted. */
  token?: string;
  /** Abort a request after this many milliseconds. */
  timeoutMs: number;
  /** Upper bound on the number of requests in one run; every request loop is bounded by it. */
  maxRequests: number;
}

/** Thrown when the run exceeds its request budget: a runaway loop, never a server fault. */
export class RequestBudgetExceeded extends Error {
  override readonly name = "RequestBudgetExceeded";
}

/**
 * Raw HTTP over `fetch`: the harness's view of the wire. Checks that must inspect exact statuses,
 * headers and bodies (or send what a SCIM client would refuse to build) use this directly.
 */
export class ScimHttp {
  readonly baseUrl: string;
  private readonly options: ScimHttpOptions;
  private sent = 0;

  constructor(options: ScimHttpOptions) {
    this.options = options;
    this.baseUrl = options.baseUrl.replace(/\/+$/, "");
  }

  /** Number of requests sent so far. */
  get requestCount(): number {
    return this.sent;
  }

  /** Builds the absolute URL for a path and query. */
  url(path: string, query?: HttpRequest["query"]): string {
    const suffix = path.startsWith("/") ? path : `/${path}`;
    const params = Object.entries(query ?? {})
      .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
      .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`);
    if (params.length === 0) return `${this.baseUrl}${suffix}`;
    return `${this.baseUrl}${suffix}${suffix.includes("?") ? "&" : "?"}${params.join("&")}`;
  }

  /** Counts one request against the run's budget; throws once the budget is spent. */
  countRequest(): void {
    this.sent += 1;
    if (this.sent > this.options.maxRequests) {
      throw new RequestBudgetExceeded(`request budget of ${this.options.maxRequests} exhausted`);
    }
  }

  /**
   * A `fetch` that counts against the same budget, for the SCIM client the harness uses for
   * ordinary calls.
   */
  readonly countedFetch = (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    this.countRequest();
    const method = (init?.method ?? (input instanceof Request ? input.method : "GET")).toUpperCase();
    return method === "GET" ? fetchRetryingReset(input, init) : fetch(input, init);
  };

  /** Sends one request and reads the whole response. Network errors and timeouts throw. */
  async send(request: HttpRequest): Promise<HttpExchange> {
    this.countRequest();
    const headers = new Headers({ Accept: "application/scim+json, application/json" });
    const auth = request.auth ?? "default";
    if (auth === "default" && this.options.token !== undefined) {
      headers.set("Authorization", `Bearer ${this.options.token}`);
    } else if (typeof auth === "object") {
      headers.set("Authorization", auth.header);
    }
    let body: string | undefined;
    if (request.body !== undefined) {
      body = request.body;
      headers.set("Content-Type", "application/scim+json");
    } else if (request.json !== undefined) {
      body = JSON.stringify(request.json);
      headers.set("Content-Type", "application/scim+json");
    }
    for (const [name, value] of Object.entries(request.headers ?? {})) headers.set(name, value);

    const url = this.url(request.path, request.query);
    const started = performance.now();
    const init: RequestInit = {
      method: request.method,
      headers,
      body,
      redirect: "manual",
      signal: AbortSignal.timeout(this.options.timeoutMs),
    };
    const response = request.method === "GET" ? await fetchRetryingReset(url, init) : await fetch(url, init);
    const text = await response.text();
    return {
      method: request.method,
      url,
      status: response.status,
      headers: response.headers,
      text,
      json: parseJson(text),
      durationMs: Math.round(performance.now() - started),
    };
  }
}

/**
 * `fetch` for GETs that retries once when a reused keep-alive connection turns out to be closed.
 * A server may close the connection after rejecting an oversized body (413) without reading it;
 * the next request on that socket then fails before reaching the server. Only network failures
 * are retried, never HTTP statuses, and a server that is really down fails the second attempt too.
 */
async function fetchRetryingReset(input: string | URL | Request, init?: RequestInit): Promise<Response> {
  try {
    return await fetch(input, init);
  } catch (error) {
    const timedOut =
      error instanceof DOMException && (error.name === "TimeoutError" || error.name === "AbortError");
    if (timedOut || !(error instanceof TypeError)) throw error;
    return fetch(input, init);
  }
}

function parseJson(text: string): unknown {
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
