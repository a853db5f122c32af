import type { ENTERPRISE_USER_SCHEMA, EnterpriseUser } from "@scimkit/core";

/**
 * Schema extensions known to the type system, keyed by URN (RFC 7643 §3.3). Add your own with
 * declaration merging so `get<AcmeUser>(id)` knows where the attributes live:
 *
 * @example
 * declare module "@scimkit/client" {
 *   interface ScimExtensions {
 *     "urn:acme:params:scim:schemas:extension:2.0:User": AcmeUser;
 *   }
 * }
 */
export interface ScimExtensions {
  [ENTERPRISE_USER_SCHEMA]: EnterpriseUser;
}

/** True when `A` and `B` are the same type. */
type Equals<A, B> = (<V>() => V extends A ? 1 : 2) extends <V>() => V extends B ? 1 : 2 ? true : false;

/** The URN under which `X` is registered in {@link ScimExtensions}, or `never`. */
export type ExtensionUrnOf<X> = {
  [K in keyof ScimExtensions]: Equals<ScimExtensions[K], X> extends true ? K : never;
}[keyof ScimExtensions];

/** Flattens an intersection so editors show one object type. */
type Flatten<T> = { [K in keyof T]: T[K] } & {};

/**
 * The resource type a call returns when the caller passes a type argument `X` to a resource
 * client of `T`:
 * - a full resource type (it has `schemas`) is used as given: `get<MyUser>(id)`;
 * - a registered extension's attribute type puts that extension under its URN and makes it
 *   present: `get<EnterpriseUser>(id)` → `User & { "urn:…:enterprise:2.0:User": EnterpriseUser }`;
 * - any other object is read as extension attributes keyed by URN and merged into `T`:
 *   `get<{ "urn:acme:…:User": { badge: number } }>(id)`.
 */
export type WithExtensions<T, X> = X extends { schemas: readonly string[] }
  ? X
  : [ExtensionUrnOf<X>] extends [never]
    ? Flatten<Omit<T, keyof X> & X>
    : Flatten<Omit<T, ExtensionUrnOf<X>> & { [K in ExtensionUrnOf<X>]: X }>;
