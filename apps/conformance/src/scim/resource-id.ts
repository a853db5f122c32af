import { CheckFailure } from "../check.js";
import { getAttribute } from "./json.js";

/** The `id` of a resource returned by the server; fails the check when it is missing. */
export function idOf(resource: unknown): string {
  const id = getAttribute(resource, "id");
  if (typeof id !== "string" || id === "")
    throw new CheckFailure(`resource has no string id: ${JSON.stringify(resource)}`);
  return id;
}
