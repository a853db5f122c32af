import { SEARCH_REQUEST_SCHEMA } from "@scimkit/core";
import { type Filter, stringifyFilter } from "@scimkit/filter";
import type { ApiRequestBody } from "./api-contract.js";
import type { SortOrder } from "./types.js";

/** A filter as text (`userName eq "bjensen"`) or as a builder AST from `@scimkit/filter`. */
export type FilterInput = string | Filter;

/** Query parameters of RFC 7644 §3.4.2 shared by list, search and iterate. */
export interface QueryOptions<A = readonly string[] | undefined, E = readonly string[] | undefined> {
  /** RFC 7644 §3.4.2.2 filter, as text or as an AST built with `eq`, `and`, … from `@scimkit/filter`. */
  filter?: FilterInput;
  /** RFC 7644 §3.9: return only these attributes (narrows the result type when given as a literal tuple). */
  attributes?: A;
  /** RFC 7644 §3.9: leave these attributes out. */
  excludedAttributes?: E;
  /** RFC 7644 §3.4.2.3: attribute path to sort by. */
  sortBy?: string;
  /** RFC 7644 §3.4.2.3: `ascending` (default on the service) or `descending`. */
  sortOrder?: SortOrder;
}

/** Paging parameters of one page request. */
export interface PageParameters {
  /** RFC 7644 §3.4.2.4: 1-based index of the first result. */
  startIndex?: number;
  /** RFC 7644 §3.4.2.4: maximum number of results in the page. */
  count?: number;
  /** RFC 9865 §2: `""` asks for the first page, otherwise a `nextCursor` of an earlier page. */
  cursor?: string;
}

/** Renders a filter for the wire; an AST goes through `stringifyFilter`. */
export function filterText(filter: FilterInput): string {
  return typeof filter === "string" ? filter : stringifyFilter(filter);
}

/** Query string of a `GET` list request (RFC 7644 §3.4.2). */
export function toSearchParams(query: QueryOptions & PageParameters): URLSearchParams {
  const params = new URLSearchParams();
  if (query.filter !== undefined) params.set("filter", filterText(query.filter));
  if (query.attributes?.length) params.set("attributes", query.attributes.join(","));
  if (query.excludedAttributes?.length) params.set("excludedAttributes", query.excludedAttributes.join(","));
  if (query.sortBy !== undefined) params.set("sortBy", query.sortBy);
  if (query.sortOrder !== undefined) params.set("sortOrder", query.sortOrder);
  if (query.startIndex !== undefined) params.set("startIndex", String(query.startIndex));
  if (query.count !== undefined) params.set("count", String(query.count));
  // RFC 9865 §2: an empty `cursor` is meaningful (first page), so test for undefined only.
  if (query.cursor !== undefined) params.set("cursor", query.cursor);
  return params;
}

/** Body of a `POST /.search` request (RFC 7644 §3.4.3); same parameters as the query string. */
export function toSearchRequest(
  query: QueryOptions & PageParameters,
): ApiRequestBody<"/Users/.search", "post"> {
  const body: ApiRequestBody<"/Users/.search", "post"> = { schemas: [SEARCH_REQUEST_SCHEMA] };
  if (query.filter !== undefined) body.filter = filterText(query.filter);
  if (query.attributes?.length) body.attributes = [...query.attributes];
  if (query.excludedAttributes?.length) body.excludedAttributes = [...query.excludedAttributes];
  if (query.sortBy !== undefined) body.sortBy = query.sortBy;
  if (query.sortOrder !== undefined) body.sortOrder = query.sortOrder;
  if (query.startIndex !== undefined) body.startIndex = query.startIndex;
  if (query.count !== undefined) body.count = query.count;
  if (query.cursor !== undefined) body.cursor = query.cursor;
  return body;
}
