import { getArray, getAttribute, isJsonObject } from "./json.js";

/** The member ids (`members[].value`) of a group resource. */
export function memberIds(group: unknown): string[] {
  return getArray(group, "members")
    .filter(isJsonObject)
    .map((member) => getAttribute(member, "value"))
    .filter((value): value is string => typeof value === "string");
}
