import { type ApiResponseBody, apiPath } from "./api-contract.js";
import type { ScimTransport } from "./http.js";
import type { ListPage } from "./resource.js";
import type { RequestOptions } from "./types.js";

/** RFC 9865 §4: the `pagination` attribute a service adds to its ServiceProviderConfig. */
export interface PaginationConfig {
  /** The service accepts `cursor` paging. */
  cursor?: boolean;
  /** The service accepts `startIndex` paging. */
  index?: boolean;
  /** What the service uses when the request names neither. */
  defaultPaginationMethod?: "cursor" | "index";
  defaultPageSize?: number;
  maxPageSize?: number;
  /** Seconds a cursor stays valid. */
  cursorTimeout?: number;
}

/**
 * The ServiceProviderConfig resource (RFC 7643 §5) as the API document defines it, plus the
 * RFC 9865 §4 `pagination` attribute. Fields are read defensively: other services omit some.
 */
export type ServiceProviderConfigBody = ApiResponseBody<"/ServiceProviderConfig", "get", 200> & {
  pagination?: PaginationConfig;
};

/** A ResourceType resource (RFC 7643 §6) as the API document defines it. */
export type ResourceTypeBody = ApiResponseBody<"/ResourceTypes/{name}", "get", 200>;

/** A Schema resource (RFC 7643 §7) as the API document defines it. */
export type SchemaBody = ApiResponseBody<"/Schemas/{id}", "get", 200>;

/** `GET /ServiceProviderConfig` (RFC 7644 §4). */
export async function fetchServiceProviderConfig(
  send: ScimTransport,
  options?: RequestOptions,
): Promise<ServiceProviderConfigBody> {
  const response = await send<ServiceProviderConfigBody>({
    method: "GET",
    path: "ServiceProviderConfig",
    options,
  });
  return response.body ?? ({} as ServiceProviderConfigBody);
}

/** `GET /ResourceTypes` (RFC 7644 §4). */
export function fetchResourceTypes(
  send: ScimTransport,
  options?: RequestOptions,
): Promise<ResourceTypeBody[]> {
  return fetchDiscoveryList<ResourceTypeBody>(send, apiPath("/ResourceTypes"), options);
}

/** `GET /Schemas` (RFC 7644 §4). */
export function fetchSchemas(send: ScimTransport, options?: RequestOptions): Promise<SchemaBody[]> {
  return fetchDiscoveryList<SchemaBody>(send, apiPath("/Schemas"), options);
}

/** Whether {@link ServiceProviderConfigBody} advertises RFC 9865 cursor paging. */
export function supportsCursorPagination(config: ServiceProviderConfigBody): boolean {
  return config.pagination?.cursor === true;
}

async function fetchDiscoveryList<T>(
  send: ScimTransport,
  path: string,
  options?: RequestOptions,
): Promise<T[]> {
  const response = await send<ListPage<T> | T[]>({ method: "GET", path, options });
  const body = response.body;
  // RFC 7644 §4 specifies a ListResponse; some services answer with a bare array.
  if (Array.isArray(body)) return body;
  return body?.Resources ?? [];
}
