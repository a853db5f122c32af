import { createDefaultRegistry, ScimError } from "@scimkit/core";
import { expect } from "vitest";

const registry = createDefaultRegistry();
/** The RFC 7643 User resource type, with the enterprise extension. */
export const users = registry.resourceType("User");
/** The RFC 7643 Group resource type. */
export const groups = registry.resourceType("Group");

export const USER = "urn:ietf:params:scim:schemas:core:2.0:User";
export const GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";
export const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

/** Babs Jensen, shaped like the RFC 7643 §8.2 full user example (stored form: no meta). */
export function babs(): Record<string, unknown> {
  return {
    schemas: [USER],
    id: "2819c223-7f76-453a-919d-413861904646",
    userName: "bjensen",
    name: { familyName: "Jensen", givenName: "Barbara" },
    active: true,
    emails: [
      { value: "bjensen@example.com", type: "work", primary: true },
      { value: "babs@jensen.org", type: "home" },
    ],
    addresses: [
      { type: "work", streetAddress: "100 Universal City Plaza", locality: "Hollywood", primary: true },
      { type: "home", streetAddress: "456 Hollywood Blvd", locality: "Hollywood" },
    ],
  };
}

/** Asserts that `run` throws a ScimError with this status and scimType; returns its detail. */
export function expectScimError(run: () => unknown, status: number, scimType: string | undefined): string {
  try {
    run();
  } catch (error) {
    expect(ScimError.is(error), String(error)).toBe(true);
    const scim = error as ScimError;
    expect({ status: scim.status, scimType: scim.scimType }).toEqual({ status, scimType });
    return scim.detail;
  }
  throw new Error(`expected a ScimError ${status} ${scimType}, but nothing was thrown`);
}
