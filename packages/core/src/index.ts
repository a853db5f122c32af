/**
 * SCIM 2.0 resources as data (RFC 7643): the User, Group and Enterprise User schemas, the schema
 * registry, the validators, TypeScript types and projection derived from it, the OpenAPI document,
 * and `ScimError`.
 *
 * @module @scimkit/core
 */
export * from "./attribute-path.js";
export * from "./attribute-value.js";
export * from "./default-registry.js";
export * from "./errors.js";
export type * from "./generated-types.js";
export * from "./openapi/index.js";
export * from "./project.js";
export * from "./registry.js";
export * from "./schemas/common.js";
export type * from "./schemas/definition.js";
export * from "./schemas/enterprise-user.js";
export * from "./schemas/group.js";
export * from "./schemas/resource-type.js";
export * from "./schemas/schema.js";
export * from "./schemas/service-provider-config.js";
export * from "./schemas/urns.js";
export * from "./schemas/user.js";
export type * from "./types.js";
export * from "./validate.js";
