/** Schema URNs of RFC 7643 (resources and discovery) and RFC 7644 (API messages). */

/** RFC 7643 §4.1 "User" resource schema. */
export const USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
/** RFC 7643 §4.2 "Group" resource schema. */
export const GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";
/** RFC 7643 §4.3 Enterprise User schema extension. */
export const ENTERPRISE_USER_SCHEMA = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
/** RFC 7643 §5 "ServiceProviderConfig" schema. */
export const SERVICE_PROVIDER_CONFIG_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig";
/** RFC 7643 §6 "ResourceType" schema. */
export const RESOURCE_TYPE_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:ResourceType";
/** RFC 7643 §7 "Schema" schema. */
export const SCHEMA_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Schema";

/** RFC 7644 §3.4.2 list response message. */
export const LIST_RESPONSE_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
/** RFC 7644 §3.4.3 search request message (`POST .search`). */
export const SEARCH_REQUEST_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:SearchRequest";
/** RFC 7644 §3.5.2 PATCH request message. */
export const PATCH_OP_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
/** RFC 7644 §3.7 bulk request message. */
export const BULK_REQUEST_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:BulkRequest";
/** RFC 7644 §3.7 bulk response message. */
export const BULK_RESPONSE_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:BulkResponse";
// ERROR_SCHEMA (RFC 7644 §3.12) lives next to ScimError in errors.ts and is exported from the index.
