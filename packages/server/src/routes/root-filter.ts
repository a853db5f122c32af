import type { AttributePath, ResourceTypeSchema } from "@scimkit/core";
import type { Filter } from "@scimkit/filter";

const NO_SPAN = { start: 0, end: 0 } as const;

/** Every resource has an `id` (RFC 7643 §3.1): `id pr` matches all, `not (id pr)` none. */
const ALWAYS: Filter = { kind: "present", path: { attribute: "id" }, span: NO_SPAN };
const NEVER: Filter = { kind: "not", filter: ALWAYS, span: NO_SPAN };

/** Common attributes (RFC 7643 §3.1) every resource type has, whether or not its schema lists them. */
const COMMON = new Set(["id", "externalid", "meta", "schemas"]);

function isDefinedFor(rt: ResourceTypeSchema, path: AttributePath): boolean {
  if (rt.resolve(path) !== undefined) return true;
  const core = path.schema === undefined || path.schema.toLowerCase() === rt.schema.id.toLowerCase();
  return core && COMMON.has(path.attribute.toLowerCase());
}

/**
 * The filter of a query across resource types (at the service root, RFC 7644 §3.4.2), as it applies
 * to one type: "For filtered attributes that are not part of a particular resource type, the
 * service provider SHALL treat the attribute as if there is no attribute value. For example, a
 * presence or equality filter for an undefined attribute evaluates to false." So on a Group,
 * `userName eq null` and `userName pr` are false (not "userName is absent", which `eq null` means
 * where userName is defined); `userName ne "x"` is true, as for any attribute without a value.
 */
export function filterForResourceType(filter: Filter, rt: ResourceTypeSchema): Filter {
  switch (filter.kind) {
    case "and":
    case "or":
      return {
        ...filter,
        left: filterForResourceType(filter.left, rt),
        right: filterForResourceType(filter.right, rt),
      };
    case "not":
      return { ...filter, filter: filterForResourceType(filter.filter, rt) };
    case "present":
    case "valuePath":
      return isDefinedFor(rt, filter.path) ? filter : NEVER;
    case "compare":
      if (isDefinedFor(rt, filter.path)) return filter;
      // No value: only `ne` with a value holds ("ne null" asks for a value, so it does not).
      return filter.op === "ne" && filter.value !== null ? ALWAYS : NEVER;
  }
}
