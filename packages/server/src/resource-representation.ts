import type { ResourceTypeSchema, SchemaRegistry } from "@scimkit/core";
import { etagOf } from "./etag.js";
import type { StoredResource } from "./store/store.js";

/** `meta.location` of a resource (RFC 7643 §3.1). */
export function locationOf(baseUrl: string, rt: ResourceTypeSchema, id: string): string {
  return `${baseUrl}${rt.resourceType.endpoint}/${encodeURIComponent(id)}`;
}

function endpointOf(registry: SchemaRegistry, type: unknown, fallback: string): string {
  const found = typeof type === "string" ? registry.findResourceType(type) : undefined;
  return found?.resourceType.endpoint ?? fallback;
}

/** Adds `$ref` to each `{ value }` item, pointing at the resource the item names. */
function withRefs(
  items: unknown,
  baseUrl: string,
  endpoint: (item: Record<string, unknown>) => string,
): unknown {
  if (!Array.isArray(items)) return items;
  return items.map((item) => {
    if (typeof item !== "object" || item === null) return item;
    const record = item as Record<string, unknown>;
    if (typeof record.value !== "string") return record;
    return { ...record, $ref: `${baseUrl}${endpoint(record)}/${encodeURIComponent(record.value)}` };
  });
}

/**
 * The full SCIM representation of a stored resource: its attributes, `$ref`s on `members` and
 * `groups` derived from the request's base URL, and `meta` (RFC 7643 §3.1) with the weak ETag as
 * `meta.version` (RFC 7644 §3.14).
 */
export function representResource(
  registry: SchemaRegistry,
  rt: ResourceTypeSchema,
  stored: StoredResource,
  baseUrl: string,
): Record<string, unknown> {
  const resource: Record<string, unknown> = { ...stored.data, id: stored.id };
  if ("members" in resource) {
    resource.members = withRefs(resource.members, baseUrl, (m) => endpointOf(registry, m.type, "/Users"));
  }
  if ("groups" in resource) {
    resource.groups = withRefs(resource.groups, baseUrl, () => endpointOf(registry, "Group", "/Groups"));
  }
  resource.meta = {
    resourceType: rt.resourceType.name,
    created: stored.created,
    lastModified: stored.lastModified,
    location: locationOf(baseUrl, rt, stored.id),
    version: etagOf(stored.version),
  };
  return resource;
}
