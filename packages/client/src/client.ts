import type { Group, ScimResource, User } from "@scimkit/core";
import { apiPath } from "./api-contract.js";
import { type BulkOperation, type BulkOptions, type BulkResponseBody, sendBulk } from "./bulk.js";
import {
  fetchResourceTypes,
  fetchSchemas,
  fetchServiceProviderConfig,
  type ResourceTypeBody,
  type SchemaBody,
  type ServiceProviderConfigBody,
  supportsCursorPagination,
} from "./discovery.js";
import { createTransport, type ScimTransport } from "./http.js";
import { MeClient } from "./me-client.js";
import type { ListPage, ResourceShape } from "./resource.js";
import { ResourceClient } from "./resource-client.js";
import { type RootSearchOptions, searchAllResourceTypes } from "./root-search.js";
import type { PaginationMethod, RequestOptions, ScimClientOptions } from "./types.js";

/** A SCIM 2.0 client bound to one service. Create it with {@link createScimClient}. */
export interface ScimClient {
  /** `/Users` (RFC 7643 §4.1). */
  readonly users: ResourceClient<User>;
  /** `/Groups` (RFC 7643 §4.2). */
  readonly groups: ResourceClient<Group>;
  /** `/Me`: the authenticated subject (RFC 7644 §3.11). */
  readonly me: MeClient<User>;
  /**
   * A client for any resource endpoint, typed by the caller.
   * @example
   * const devices = client.resource<Device>("Devices");
   */
  resource<T extends ResourceShape>(endpoint: string): ResourceClient<T>;
  /**
   * `POST /.search` at the root (RFC 7644 §3.4.3): one page across all resource types.
   * @example
   * const page = await client.search({ filter: 'meta.lastModified gt "2026-01-01T00:00:00Z"' });
   */
  search(options?: RootSearchOptions): Promise<ListPage<ScimResource>>;
  /** `POST /Bulk` (RFC 7644 §3.7). */
  bulk(operations: readonly BulkOperation[], options?: BulkOptions): Promise<BulkResponseBody>;
  /**
   * `GET /ServiceProviderConfig` (RFC 7644 §4). Fetched fresh on every call; `iterate` keeps its
   * own cached copy to decide on cursor paging.
   */
  serviceProviderConfig(options?: RequestOptions): Promise<ServiceProviderConfigBody>;
  /** `GET /ResourceTypes` (RFC 7644 §4). */
  resourceTypes(options?: RequestOptions): Promise<ResourceTypeBody[]>;
  /** `GET /Schemas` (RFC 7644 §4). */
  schemas(options?: RequestOptions): Promise<SchemaBody[]>;
}

const DEFAULT_PAGE_SIZE = 100;

/**
 * Creates a client for a SCIM 2.0 service.
 *
 * @example
 * const client = createScimClient({ baseUrl: "https://idp.example.com/scim/v2", token: process.env.SCIM_TOKEN });
 * const user = await client.users.get("2819c223", { attributes: ["userName"] });
 */
export function createScimClient(options: ScimClientOptions): ScimClient {
  const send: ScimTransport = createTransport(options);
  const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
  const defaultPagination: PaginationMethod = options.pagination ?? "auto";
  let cursorSupport: Promise<boolean> | undefined;

  const resolvePagination = async (requested: PaginationMethod): Promise<"index" | "cursor"> => {
    const method = requested === "auto" ? defaultPagination : requested;
    if (method !== "auto") return method;
    // Discovery failures (401, 404 on minimal services) must not break listing: fall back to index paging.
    cursorSupport ??= fetchServiceProviderConfig(send).then(supportsCursorPagination, () => {
      cursorSupport = undefined;
      return false;
    });
    return (await cursorSupport) ? "cursor" : "index";
  };

  const context = { send, pageSize, resolvePagination };
  return {
    users: new ResourceClient<User>(context, apiPath("/Users")),
    groups: new ResourceClient<Group>(context, apiPath("/Groups")),
    me: new MeClient<User>(send),
    resource: <T extends ResourceShape>(endpoint: string) => new ResourceClient<T>(context, endpoint),
    search: (searchOptions) => searchAllResourceTypes(send, searchOptions),
    bulk: (operations, bulkOptions) => sendBulk(send, operations, bulkOptions),
    serviceProviderConfig: (requestOptions) => fetchServiceProviderConfig(send, requestOptions),
    resourceTypes: (requestOptions) => fetchResourceTypes(send, requestOptions),
    schemas: (requestOptions) => fetchSchemas(send, requestOptions),
  };
}
