import type { ScimResource } from "@scimkit/core";
import { apiPath } from "./api-contract.js";
import type { ScimTransport } from "./http.js";
import { type PageParameters, type QueryOptions, toSearchRequest } from "./query.js";
import type { ListPage } from "./resource.js";
import type { RequestOptions } from "./types.js";

/** Options of a search across all resource types. */
export type RootSearchOptions = QueryOptions & PageParameters & RequestOptions;

/**
 * `POST /.search` at the service root (RFC 7644 §3.4.3): one page of results across every
 * resource type; tell them apart by `meta.resourceType` or `schemas`.
 */
export async function searchAllResourceTypes(
  send: ScimTransport,
  options: RootSearchOptions = {},
): Promise<ListPage<ScimResource>> {
  const { signal, headers, timeout, retry, ...query } = options;
  const response = await send<ListPage<ScimResource>>({
    method: "POST",
    path: apiPath("/.search"),
    body: toSearchRequest(query),
    idempotent: true,
    options: { signal, headers, timeout, retry },
  });
  const body = response.body ?? ({ totalResults: 0, Resources: [] } as ListPage<ScimResource>);
  return { ...body, Resources: Array.isArray(body.Resources) ? body.Resources : [] };
}
