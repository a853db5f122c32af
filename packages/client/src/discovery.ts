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

/** The ServiceProviderConfig resource (RFC 7643 §5), as far as the client reads it. */
export interface ServiceProviderConfigBody {
  schemas?: string[];
  documentationUri?: string;
  patch?: { supported: boolean };
  bulk?: { supported: boolean; maxOperations?: number; maxPayloadSize?: number };
  filter?: { supported: boolean; maxResults?: number };
  changePassword?: { supported: boolean };
  sort?: { supported: boolean };
  etag?: { supported: boolean };
  authenticationSchemes?: Array<{ type: string; name: string; description?: string; primary?: boolean }>;
  pagination?: PaginationConfig;
  [key: string]: unknown;
}

/** A ResourceType resource (RFC 7643 §6). */
export interface ResourceTypeBody {
  schemas?: string[];
  id?: string;
  name: string;
  endpoint: string;
  description?: string;
  schema: string;
  schemaExtensions?: Array<{ schema: string; required: boolean }>;
  [key: string]: unknown;
}

/** A Schema resource (RFC 7643 §7). */
export interface SchemaBody {
  schemas?: string[];
  id: string;
  name?: string;
  description?: string;
  attributes: Array<Record<string, unknown>>;
  [key: string]: unknown;
}

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
  return response.body ?? {};
}

/** `GET /ResourceTypes` (RFC 7644 §4). */
export function fetchResourceTypes(
  send: ScimTransport,
  options?: RequestOptions,
): Promise<ResourceTypeBody[]> {
  return fetchDiscoveryList<ResourceTypeBody>(send, "ResourceTypes", options);
}

/** `GET /Schemas` (RFC 7644 §4). */
export function fetchSchemas(send: ScimTransport, options?: RequestOptions): Promise<SchemaBody[]> {
  return fetchDiscoveryList<SchemaBody>(send, "Schemas", options);
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
