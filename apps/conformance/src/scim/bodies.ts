import type { RunContext } from "../context.js";
import type { JsonObject } from "./json.js";
import { GROUP_SCHEMA, USER_SCHEMA } from "./urns.js";

/**
 * A minimal valid User body with a run-unique `userName` (and matching work email), merged with
 * `extra`. The name stays lower-case so case-insensitivity checks can upper-case it.
 */
export function userBody(ctx: RunContext, label: string, extra: JsonObject = {}): JsonObject {
  const userName = ctx.unique(label);
  return {
    schemas: [USER_SCHEMA],
    userName,
    active: true,
    name: { givenName: "Conformance", familyName: label },
    emails: [{ value: `${userName}@example.com`, type: "work", primary: true }],
    ...extra,
  };
}

/** A Group body with a run-unique `displayName` and the given member ids. */
export function groupBody(ctx: RunContext, label: string, memberIds: string[] = []): JsonObject {
  return {
    schemas: [GROUP_SCHEMA],
    displayName: ctx.unique(label),
    members: memberIds.map((value) => ({ value })),
  };
}

/** A string that is unlikely to be the id of anything on the server. */
export function absentId(ctx: RunContext): string {
  return `${ctx.prefix}absent-${Date.now().toString(36)}`;
}
