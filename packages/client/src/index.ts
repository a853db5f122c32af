/**
 * The typed SCIM 2.0 client for Node and browsers: resources, paging (index and RFC 9865
 * cursors), PATCH builder, Bulk, discovery, retries and typed errors.
 *
 * @module @scimkit/client
 */
export type { ApiMethod, ApiPath, ApiPathParams, ApiRequestBody, ApiResponseBody } from "./api-contract.js";
export { apiPath } from "./api-contract.js";
export type {
  BulkOperation,
  BulkOperationResult,
  BulkOptions,
  BulkRequestBody,
  BulkResponseBody,
} from "./bulk.js";
export { failedBulkOperations } from "./bulk.js";
export type { ScimClient } from "./client.js";
export { createScimClient } from "./client.js";
export type {
  PaginationConfig,
  ResourceTypeBody,
  SchemaBody,
  ServiceProviderConfigBody,
} from "./discovery.js";
export { supportsCursorPagination } from "./discovery.js";
export type { FailedRequest, ScimErrorType } from "./errors.js";
export { ScimClientError, ScimNetworkError, ScimPaginationError, ScimTimeoutError } from "./errors.js";
export type { ConditionalOptions, ConditionalReadOptions, VersionSource } from "./etag.js";
export { versionOf } from "./etag.js";
export type { ExtensionUrnOf, ScimExtensions, WithExtensions } from "./extensions.js";
export { SCIM_MEDIA_TYPE } from "./http.js";
export type { MeGetOptions } from "./me-client.js";
export { MeClient } from "./me-client.js";
export type { PageFetcher, PaginateOptions } from "./paginate.js";
export { paginate } from "./paginate.js";
export type {
  PatchOperation,
  PatchOperationInput,
  PatchOperationType,
  PatchPathInput,
  PatchRequestOptions,
  PatchValue,
} from "./patch-builder.js";
export { PatchBuilder } from "./patch-builder.js";
export type { AttributeName, Excluded, Projected, TopLevelKey } from "./projection.js";
export type { FilterInput, PageParameters, QueryOptions } from "./query.js";
export type { ListPage, ResourceInput, ResourceShape } from "./resource.js";
export type {
  CreateOptions,
  GetOptions,
  IterateOptions,
  ListOptions,
  ReadResult,
  ResourceClientContext,
  WriteOptions,
} from "./resource-client.js";
export { ResourceClient } from "./resource-client.js";
export type { ResolvedRetryOptions } from "./retry.js";
export { backoffDelay, DEFAULT_RETRY_STATUS_CODES, resolveRetryOptions } from "./retry.js";
export type { RootSearchOptions } from "./root-search.js";
export type {
  PaginationMethod,
  RequestOptions,
  RetryOptions,
  ScimClientOptions,
  ScimClientTokenOptions,
  ScimClientTokenProviderOptions,
  SortOrder,
} from "./types.js";
