import type { ResourceTypeSchema } from "@scimkit/core";
import { attributeList } from "./list-parameters.js";

/** `attributes` / `excludedAttributes` of a request (RFC 7644 §3.9). */
export interface Projection {
  readonly attributes?: string[];
  readonly excludedAttributes?: string[];
}

/** Reads the projection from URL query parameters. */
export function projectionFromQuery(query: URLSearchParams): Projection {
  const attributes = attributeList(query.get("attributes") ?? undefined, "attributes");
  const excludedAttributes = attributeList(
    query.get("excludedAttributes") ?? undefined,
    "excludedAttributes",
  );
  return { ...(attributes ? { attributes } : {}), ...(excludedAttributes ? { excludedAttributes } : {}) };
}

function names(list: readonly string[], rt: ResourceTypeSchema): string[] {
  const core = `${rt.schema.id.toLowerCase()}:`;
  return list.map((item) => {
    const lower = item.toLowerCase();
    return lower.startsWith(core) ? lower.slice(core.length) : lower;
  });
}

/**
 * Whether the projection returns the top-level attribute `name` (lower-case), so the server can
 * skip loading it: e.g. Entra reads groups with `excludedAttributes=members`.
 */
export function projectionReturns(projection: Projection, rt: ResourceTypeSchema, name: string): boolean {
  const refersTo = (item: string) => item === name || item.startsWith(`${name}.`);
  if (projection.attributes) return names(projection.attributes, rt).some(refersTo);
  if (projection.excludedAttributes) return !names(projection.excludedAttributes, rt).includes(name);
  return true;
}
