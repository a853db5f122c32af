import ky, { HTTPError, type KyInstance, TimeoutError } from "ky";
import { type FailedRequest, ScimClientError, ScimNetworkError, ScimTimeoutError } from "./errors.js";
import { isIdempotentMethod, resolveRetryOptions, toKyRetry } from "./retry.js";
import type { RequestOptions, ScimClientOptions } from "./types.js";

/** RFC 7644 §3.1: SCIM messages use `application/scim+json`. */
export const SCIM_MEDIA_TYPE = "application/scim+json";

/** The HTTP methods SCIM uses (RFC 7644 §3.2). */
export type ScimHttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** One request, relative to the client's base URL. */
export interface ScimRequest {
  readonly method: ScimHttpMethod;
  /** Path relative to the base URL without a leading slash, e.g. `Users/2819c223`. */
  readonly path: string;
  readonly searchParams?: URLSearchParams;
  /** JSON body, serialised as `application/scim+json`. */
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
  /** A query sent as POST (`/.search`): repeating it changes nothing, so it may be retried. */
  readonly idempotent?: boolean;
  /** Non-2xx statuses that are answers rather than failures, e.g. 304 for `If-None-Match`. */
  readonly acceptStatuses?: readonly number[];
  readonly options?: RequestOptions;
}

/** A response with its body parsed (`undefined` for an empty body). */
export interface ScimResponse<T> {
  readonly status: number;
  readonly headers: Headers;
  readonly body: T | undefined;
}

/** Sends SCIM requests: auth, media types, timeouts, retries and error mapping. */
export type ScimTransport = <T>(request: ScimRequest) => Promise<ScimResponse<T>>;

const DEFAULT_TIMEOUT = 30_000;

/** Builds the transport for a client; one ky instance is shared by every request. */
export function createTransport(options: ScimClientOptions): ScimTransport {
  const prefixUrl = String(options.baseUrl).replace(/\/+$/, "");
  const clientTimeout = options.timeout ?? DEFAULT_TIMEOUT;
  const instance: KyInstance = ky.create({
    prefixUrl,
    fetch: options.fetch,
    timeout: clientTimeout,
    headers: { accept: `${SCIM_MEDIA_TYPE}, application/json`, ...options.headers },
    hooks: {
      beforeRequest: [
        async (request) => {
          const token = options.getToken ? await options.getToken() : options.token;
          if (token !== undefined) request.headers.set("authorization", `Bearer ${token}`);
        },
      ],
    },
  });

  return async function send<T>(request: ScimRequest): Promise<ScimResponse<T>> {
    const query = request.searchParams?.toString();
    const failed: FailedRequest = {
      method: request.method,
      url: `${prefixUrl}/${request.path}${query ? `?${query}` : ""}`,
    };
    const idempotent = request.idempotent ?? isIdempotentMethod(request.method);
    const retry = resolveRetryOptions(options.retry, request.options?.retry);
    const timeout = request.options?.timeout ?? clientTimeout;
    const accepted = request.acceptStatuses ?? [];
    const headers: Record<string, string> = { ...request.headers, ...request.options?.headers };
    if (request.body !== undefined) headers["content-type"] = SCIM_MEDIA_TYPE;

    let response: Response;
    try {
      response = await instance(request.path, {
        method: request.method,
        searchParams: request.searchParams,
        body: request.body === undefined ? undefined : JSON.stringify(request.body),
        headers,
        timeout,
        signal: request.options?.signal,
        retry: toKyRetry(retry, request.method, idempotent),
        throwHttpErrors: (status) => !accepted.includes(status),
      });
    } catch (error) {
      if (error instanceof HTTPError) {
        throw new ScimClientError(error.response, failed, await readBody(error.response));
      }
      if (error instanceof TimeoutError) throw new ScimTimeoutError(failed, Number(timeout), error);
      if (isAbort(error)) throw error;
      if (error instanceof TypeError) throw new ScimNetworkError(failed, error);
      throw error;
    }
    return { status: response.status, headers: response.headers, body: (await readBody(response)) as T };
  };
}

/** Parses a JSON body; keeps non-JSON text (an HTML error page from a proxy) as a string. */
async function readBody(response: Response): Promise<unknown> {
  const text = await response.text().catch(() => "");
  if (text === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && error.name === "AbortError";
}
