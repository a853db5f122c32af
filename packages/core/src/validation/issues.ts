import type { z } from "zod";
import { ScimError } from "../errors.js";

/**
 * Formats a zod issue path the way SCIM names attributes: `emails[0].value`, and for an extension
 * `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value`.
 */
export function formatIssuePath(prefix: string, path: readonly PropertyKey[]): string {
  let out = prefix;
  path.forEach((segment, index) => {
    if (typeof segment === "number") out += `[${segment}]`;
    else if (out === "") out = String(segment);
    // The key of an extension object is its schema URN; attribute names never contain ":"
    // (RFC 7643 §2.1 ATTRNAME), so URN and attribute are joined with ":" (RFC 7644 §3.10).
    else if (index === 1 && prefix === "" && String(path[0]).includes(":")) out += `:${String(segment)}`;
    else out += `.${String(segment)}`;
  });
  return out;
}

/** One readable line per issue, naming the attribute path. */
export function describeIssues(prefix: string, issues: readonly z.core.$ZodIssue[]): string[] {
  const lines: string[] = [];
  for (const issue of issues) {
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys)
        lines.push(`${formatIssuePath(prefix, [...issue.path, key])}: unknown attribute`);
    } else if (issue.code === "invalid_union" && issue.errors.length > 0) {
      lines.push(...describeIssues(formatIssuePath(prefix, issue.path), issue.errors[0]!));
    } else {
      const where = formatIssuePath(prefix, issue.path);
      lines.push(where ? `${where}: ${issue.message}` : issue.message);
    }
  }
  return lines;
}

/** Turns failed validation into a 400 `invalidValue` ScimError listing the first problems. */
export function toScimError(prefix: string, error: z.ZodError): ScimError {
  const lines = describeIssues(prefix, error.issues);
  const shown = lines.slice(0, 5).join("; ");
  const more = lines.length > 5 ? ` (and ${lines.length - 5} more)` : "";
  return new ScimError(400, "invalidValue", `${shown}${more}`, { cause: error });
}
