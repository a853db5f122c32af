/** The users, groups and PATCH bodies every server of the suite gets, so that they answer alike. */

export const SCIM_JSON = "application/scim+json";
export const USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
export const GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";
export const PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

/** A stable UUID-shaped id for user number `i`, so the load generator can name users without asking. */
export function userId(i: number): string {
  return `00000000-0000-4000-8000-${i.toString(16).padStart(12, "0")}`;
}

/** User number `i` as an IdP creates it (RFC 7643 §4.1 attributes Entra ID and Okta send). */
export function newUser(i: number | string) {
  const name = `user${i}`;
  return {
    schemas: [USER_SCHEMA],
    userName: `${name}@example.com`,
    externalId: `ext-${i}`,
    active: typeof i === "number" ? i % 3 !== 0 : true,
    displayName: `User ${i}`,
    name: { givenName: `Given${i}`, familyName: `Family${i}` },
    emails: [
      { value: `${name}@example.com`, type: "work", primary: true },
      { value: `${name}@home.example`, type: "home" },
    ],
  };
}

/** Entra ID's member add (one member per request, `op: "Add"`, `path: "members"`). */
export function entraAddMember(memberId: string) {
  return {
    schemas: [PATCH_OP],
    Operations: [{ op: "Add", path: "members", value: [{ value: memberId }] }],
  };
}

/** Okta's member removal (`members[value eq "…"]`). */
export function oktaRemoveMember(memberId: string) {
  return { schemas: [PATCH_OP], Operations: [{ op: "remove", path: `members[value eq "${memberId}"]` }] };
}

/** Entra ID's attribute update of a user. */
export function entraReplaceDisplayName(n: number) {
  return {
    schemas: [PATCH_OP],
    Operations: [{ op: "Replace", path: "displayName", value: `Renamed ${n}` }],
  };
}
