// The harness keeps its own copy of the URNs instead of importing them from the kit it tests:
// a typo shared between the server and the harness would otherwise hide itself.

/** RFC 7643 §4.1 User schema. */
export const USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
/** RFC 7643 §4.2 Group schema. */
export const GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";
/** RFC 7643 §4.3 Enterprise User extension. */
export const ENTERPRISE_USER_SCHEMA = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
/** RFC 7643 §5 Service Provider Configuration schema. */
export const SERVICE_PROVIDER_CONFIG_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig";
/** RFC 7643 §6 Resource Type schema. */
export const RESOURCE_TYPE_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:ResourceType";
/** RFC 7643 §7 Schema schema. */
export const SCHEMA_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Schema";
/** RFC 7644 §3.4.2 list response. */
export const LIST_RESPONSE_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
/** RFC 7644 §3.4.3 search request. */
export const SEARCH_REQUEST_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:SearchRequest";
/** RFC 7644 §3.5.2 PATCH request. */
export const PATCH_OP_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
/** RFC 7644 §3.7 bulk request. */
export const BULK_REQUEST_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:BulkRequest";
/** RFC 7644 §3.7 bulk response. */
export const BULK_RESPONSE_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:BulkResponse";
/** RFC 7644 §3.12 error response. */
export const ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error";
/** The legacy group schema Microsoft Entra ID declares on group creation. */
export const ENTRA_LEGACY_GROUP_SCHEMA =
  "http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group";
