import {
  type AttributeDefinition,
  findAttribute,
  isJsonObject,
  type ResourceTypeSchema,
} from "@scimkit/core";
import type { InteropRule } from "../interop-rules.js";
import { rewriteAttributeValue } from "./attribute-value.js";
import { findKey } from "./target.js";

/** The schema URI Entra ID adds to `schemas` when it creates a group (rule legacyGroupSchema). */
export const ENTRA_LEGACY_GROUP_SCHEMA =
  "http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group";

const lower = (s: string) => s.toLowerCase();

/**
 * Rewrites the IdP deviations of a POST or PUT body that the enabled rules accept, before the body is
 * validated: the legacy Entra group schema URI is dropped (legacyGroupSchema), "True"/"false"
 * strings of boolean attributes become booleans (booleanStrings), and a bare string for `manager`
 * becomes `{"value": …}` (managerAsString). Returns a new body; anything else is left for the
 * validator to judge. A body that is not an object is returned as is.
 *
 * @example
 * const body = normalizeInteropBody(rt, await request.json(), rules);
 * const data = validateResource(rt, body, { mode: "create" });
 */
export function normalizeInteropBody(
  rt: ResourceTypeSchema,
  body: unknown,
  rules: ReadonlySet<InteropRule>,
): unknown {
  if (!isJsonObject(body) || rules.size === 0) return body;
  const out: Record<string, unknown> = { ...body };
  if (
    rules.has("legacyGroupSchema") &&
    lower(rt.schema.id) === lower("urn:ietf:params:scim:schemas:core:2.0:Group")
  ) {
    const schemas = out.schemas;
    if (Array.isArray(schemas)) {
      out.schemas = schemas.filter(
        (s) => typeof s !== "string" || lower(s) !== lower(ENTRA_LEGACY_GROUP_SCHEMA),
      );
    }
  }
  rewriteAttributes(rt.schema.attributes, out, rules);
  for (const { schema } of rt.extensions) {
    const key = findKey(out, schema.id);
    const extension = key === undefined ? undefined : out[key];
    if (key !== undefined && isJsonObject(extension)) {
      const copy = { ...extension };
      rewriteAttributes(schema.attributes, copy, rules);
      out[key] = copy;
    }
  }
  return out;
}

function rewriteAttributes(
  attributes: readonly AttributeDefinition[],
  object: Record<string, unknown>,
  rules: ReadonlySet<InteropRule>,
): void {
  for (const [key, value] of Object.entries(object)) {
    const def = findAttribute(attributes, key);
    if (def) object[key] = rewriteAttributeValue(def, value, rules);
  }
}

/**
 * Okta sends profile updates as a full PUT with the core attributes only. RFC 7644 §3.5.1 lets a
 * service provider "take into account whether or not a client has access to, or understands, all of
 * the resource's attributes when deciding whether non-asserted attributes SHALL be removed". With
 * rule putKeepsUnsentExtensions, an extension that the body neither contains nor lists in `schemas`
 * is copied from the stored resource into the body (and listed in `schemas`); an extension the body
 * lists or sends (even as null) is replaced as sent. Without the rule the body is returned as is.
 *
 * Call it on the PUT body before validation; `existing` is the stored resource data.
 *
 * @example
 * const body = mergeOktaPut(rt, stored.data, await request.json(), rules);
 */
export function mergeOktaPut(
  rt: ResourceTypeSchema,
  existing: Record<string, unknown>,
  body: unknown,
  rules: ReadonlySet<InteropRule>,
): unknown {
  if (!rules.has("putKeepsUnsentExtensions") || !isJsonObject(body)) return body;
  const out: Record<string, unknown> = { ...body };
  const listed = Array.isArray(out.schemas)
    ? out.schemas.filter((s): s is string => typeof s === "string")
    : undefined;
  for (const { schema } of rt.extensions) {
    if (findKey(out, schema.id) !== undefined) continue;
    if (listed?.some((s) => lower(s) === lower(schema.id))) continue;
    const storedKey = findKey(existing, schema.id);
    const stored = storedKey === undefined ? undefined : existing[storedKey];
    if (!isJsonObject(stored) || Object.keys(stored).length === 0) continue;
    out[schema.id] = structuredClone(stored);
    if (listed) out.schemas = [...(out.schemas as unknown[]), schema.id];
  }
  return out;
}
