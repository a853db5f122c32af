import type { ScimErrorBody } from "./errors.js";
import type { AttributesType, SchemaAttributes, Simplify } from "./schema-types.js";
import type { commonAttributes } from "./schemas/common.js";
import type { enterpriseUserSchema } from "./schemas/enterprise-user.js";
import type { groupSchema } from "./schemas/group.js";
import type { resourceTypeSchema } from "./schemas/resource-type.js";
import type { schemaSchema } from "./schemas/schema.js";
import type { serviceProviderConfigSchema } from "./schemas/service-provider-config.js";
import type {
  BULK_REQUEST_SCHEMA,
  BULK_RESPONSE_SCHEMA,
  ENTERPRISE_USER_SCHEMA,
  LIST_RESPONSE_SCHEMA,
  PATCH_OP_SCHEMA,
  SEARCH_REQUEST_SCHEMA,
} from "./schemas/urns.js";
import type { userSchema } from "./schemas/user.js";

export type { ScimErrorBody } from "./errors.js";
export type {
  AttributesType,
  AttributeValueOf,
  SchemaAttributes,
  Simplify,
  SingleAttributeValueOf,
} from "./schema-types.js";

/**
 * Static types of SCIM resources and messages. Resource types are derived from the schema data
 * (`userSchema`, `groupSchema`, …) so they cannot drift from the validators; message types follow
 * RFC 7644 (and RFC 9865 for cursors).
 */

/** The common attributes of every resource (RFC 7643 §3.1): `id`, `externalId`, `meta`. */
type CommonAttributes = AttributesType<typeof commonAttributes>;

/** RFC 7643 §3.1 `meta`. */
export type Meta = NonNullable<CommonAttributes["meta"]>;

/**
 * Any SCIM resource: `schemas` plus the common attributes; other attributes are unknown here.
 * `id` and `meta` are optional because client input has none; the server always sets them.
 */
export interface ScimResource {
  schemas: string[];
  id?: string;
  externalId?: string;
  meta?: Meta;
  [attribute: string]: unknown;
}

/** RFC 7643 §4.3 Enterprise User extension attributes. */
export type EnterpriseUser = SchemaAttributes<typeof enterpriseUserSchema>;

/** RFC 7643 §4.1 User, with the Enterprise User extension under its URN. */
export type User = Simplify<
  { schemas: string[] } & CommonAttributes &
    SchemaAttributes<typeof userSchema> & { [ENTERPRISE_USER_SCHEMA]?: EnterpriseUser }
>;

/** RFC 7643 §4.2 Group. */
export type Group = Simplify<{ schemas: string[] } & CommonAttributes & SchemaAttributes<typeof groupSchema>>;

/** RFC 7643 §5 ServiceProviderConfig. */
export type ServiceProviderConfig = Simplify<
  { schemas: string[]; meta?: Meta } & SchemaAttributes<typeof serviceProviderConfigSchema>
>;

/** RFC 7643 §6 ResourceType. */
export type ResourceType = Simplify<
  { schemas: string[]; meta?: Meta } & SchemaAttributes<typeof resourceTypeSchema>
>;

/** RFC 7643 §7 Schema (as served by `/Schemas`). */
export type Schema = Simplify<{ schemas?: string[]; meta?: Meta } & SchemaAttributes<typeof schemaSchema>>;

/** RFC 7644 §3.4.2 query response (plus RFC 9865 cursor fields). */
export interface ListResponse<T = ScimResource> {
  schemas: [typeof LIST_RESPONSE_SCHEMA];
  totalResults: number;
  /** REQUIRED when `totalResults` is non-zero (RFC 7644 §3.4.2). */
  Resources?: T[];
  startIndex?: number;
  itemsPerPage?: number;
  /** RFC 9865: the cursor of the next page, absent on the last page. */
  nextCursor?: string;
  /** RFC 9865: the cursor of the previous page. */
  previousCursor?: string;
}

/** RFC 7644 §3.5.2 operation names. Entra sends them capitalised, so both spellings type-check. */
export type PatchOperationName = "add" | "remove" | "replace";

/** One RFC 7644 §3.5.2 PATCH operation. */
export interface PatchOperation {
  op: PatchOperationName | Capitalize<PatchOperationName>;
  /** An attribute path (RFC 7644 §3.5.2 PATH); required for `remove`. */
  path?: string;
  value?: unknown;
}

/** RFC 7644 §3.5.2 PATCH request body. */
export interface PatchOp {
  schemas: [typeof PATCH_OP_SCHEMA];
  Operations: PatchOperation[];
}

/** RFC 7644 §3.4.3 `POST /.search` body (plus RFC 9865 `cursor`). */
export interface SearchRequest {
  schemas: [typeof SEARCH_REQUEST_SCHEMA];
  attributes?: string[];
  excludedAttributes?: string[];
  filter?: string;
  sortBy?: string;
  sortOrder?: "ascending" | "descending";
  startIndex?: number;
  count?: number;
  /** RFC 9865: request cursor-based paging; empty string for the first page. */
  cursor?: string;
}

/** RFC 7644 §3.7 HTTP methods a bulk operation may use. */
export type BulkMethod = "POST" | "PUT" | "PATCH" | "DELETE";

/** One operation of a bulk request (RFC 7644 §3.7). */
export interface BulkRequestOperation {
  method: BulkMethod;
  /** REQUIRED for POST: a transient id other operations may reference as `bulkId:<id>`. */
  bulkId?: string;
  /** The resource version for an ETag-conditional operation. */
  version?: string;
  /** The resource endpoint, e.g. `/Users` or `/Users/2819c223…`. */
  path: string;
  data?: unknown;
}

/** RFC 7644 §3.7 bulk request body. */
export interface BulkRequest {
  schemas: [typeof BULK_REQUEST_SCHEMA];
  /** Stop after this many errors. */
  failOnErrors?: number;
  Operations: BulkRequestOperation[];
}

/** One operation result of a bulk response (RFC 7644 §3.7). */
export interface BulkResponseOperation {
  method: BulkMethod;
  bulkId?: string;
  version?: string;
  location?: string;
  /** The HTTP status code as a string, e.g. `"201"`. */
  status: string;
  /** The error body for a failed operation (or the resource, when the server includes it). */
  response?: ScimErrorBody | ScimResource;
}

/** RFC 7644 §3.7 bulk response body. */
export interface BulkResponse {
  schemas: [typeof BULK_RESPONSE_SCHEMA];
  Operations: BulkResponseOperation[];
}
