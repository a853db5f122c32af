import type { MemberRef, ResourceData } from "./store.js";

/**
 * Group membership is kept as rows, not inside the group's JSON (RFC 7643 §4.2 `members`, §4.1.2
 * `groups`): this file is the one place that says which resource type that is and how its rows are
 * read from a resource, for the routes and for every store.
 */

/** The resource type (compared case-insensitively) whose `members` are membership rows. */
const MEMBERSHIP_TYPE = "group";

/** Whether resources of this type keep their `members` as membership rows. */
export function isMembershipType(resourceType: string): boolean {
  return resourceType.toLowerCase() === MEMBERSHIP_TYPE;
}

/**
 * The member rows a resource's `members` names (key matched case-insensitively), one per member
 * id; items without a non-empty string `value` are skipped. `undefined` when `members` is absent.
 */
export function memberRowsOf(data: ResourceData): MemberRef[] | undefined {
  const raw = Object.entries(data).find(([key]) => key.toLowerCase() === "members")?.[1];
  if (!Array.isArray(raw)) return undefined;
  const rows = new Map<string, MemberRef>();
  for (const item of raw) {
    if (typeof item !== "object" || item === null) continue;
    const { value, type, display } = item as Record<string, unknown>;
    if (typeof value !== "string" || value === "") continue;
    rows.set(value, {
      value,
      ...(typeof type === "string" ? { type } : {}),
      ...(typeof display === "string" ? { display } : {}),
    });
  }
  return [...rows.values()];
}

const ROW_BACKED = ["meta", "members", "groups"];

/**
 * A deep copy of the attributes a store keeps in the resource document: everything but `meta`
 * (the store's own) and `members`/`groups` (membership rows).
 */
export function storedAttributesOf(data: ResourceData): ResourceData {
  const out: ResourceData = {};
  for (const [key, value] of Object.entries(data))
    if (!ROW_BACKED.includes(key.toLowerCase())) out[key] = value;
  return structuredClone(out);
}
