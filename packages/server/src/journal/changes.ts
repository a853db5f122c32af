import {
  type AttributeDefinition,
  commonAttributes,
  findAttribute,
  type ResourceTypeSchema,
} from "@scimkit/core";
import { jsonEqual } from "../json-equal.js";
import type { MemberRef, ResourceData } from "../store/store.js";
import { type AttributeChange, REDACTED } from "./entry.js";

/** Keys that are not attributes a change is reported for: the store's own or row-backed. */
const NOT_REPORTED = new Set(["id", "schemas", "meta", "members", "groups"]);

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** Lower-cased key → [written key, value], so `userName` and `username` meet (RFC 7643 §2.1). */
function byLowerKey(data: Json | undefined): Map<string, [string, unknown]> {
  const out = new Map<string, [string, unknown]>();
  for (const [key, value] of Object.entries(data ?? {})) {
    if (value !== undefined) out.set(key.toLowerCase(), [key, value]);
  }
  return out;
}

/**
 * `value` as the journal may keep it: `returned: "never"` attributes (RFC 7643 §7, e.g.
 * `password`) and sub-attributes read {@link REDACTED}, wherever they sit; the schema says which.
 */
export function redactValue(definition: AttributeDefinition | undefined, value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (!definition) return value;
  if (definition.returned === "never") return REDACTED;
  const subAttributes = definition.subAttributes;
  if (!subAttributes || subAttributes.length === 0) return value;
  const redactItem = (item: unknown): unknown => {
    if (!isObject(item)) return item;
    const out: Json = {};
    for (const [key, inner] of Object.entries(item))
      out[key] = redactValue(findAttribute(subAttributes, key), inner);
    return out;
  };
  return Array.isArray(value) ? value.map(redactItem) : redactItem(value);
}

function compareAttributes(
  prefix: string,
  attributes: readonly AttributeDefinition[],
  before: Json | undefined,
  after: Json | undefined,
  into: AttributeChange[],
  skip: (key: string) => boolean,
): void {
  const old = byLowerKey(before);
  const now = byLowerKey(after);
  const keys = new Set([...old.keys(), ...now.keys()]);
  for (const key of keys) {
    if (skip(key)) continue;
    const [oldName, oldValue] = old.get(key) ?? [undefined, undefined];
    const [newName, newValue] = now.get(key) ?? [undefined, undefined];
    if (jsonEqual(oldValue, newValue)) continue;
    const definition = findAttribute(attributes, key);
    const name = definition?.name ?? newName ?? oldName ?? key;
    const path = `${prefix}${name}`;
    // A single-valued complex attribute reports the sub-attributes that changed (name.givenName).
    const singleComplex = definition?.type === "complex" && !definition.multiValued;
    if (
      singleComplex &&
      (oldValue === undefined || isObject(oldValue)) &&
      (newValue === undefined || isObject(newValue))
    ) {
      compareAttributes(`${path}.`, definition.subAttributes ?? [], oldValue, newValue, into, () => false);
      continue;
    }
    into.push({ path, before: redactValue(definition, oldValue), after: redactValue(definition, newValue) });
  }
}

/**
 * The attributes that differ between two versions of a resource (either may be absent: create,
 * delete), as `{ path, before, after }` with redaction applied. Extension attributes are reported
 * under their full URN path. `id`, `schemas`, `meta` and the row-backed `members`/`groups` are left
 * out (members are reported one by one by {@link memberChanges}).
 */
export function attributeChanges(
  rt: ResourceTypeSchema,
  before: ResourceData | undefined,
  after: ResourceData | undefined,
): AttributeChange[] {
  const changes: AttributeChange[] = [];
  const extensions = new Map(rt.extensions.map((e) => [e.schema.id.toLowerCase(), e.schema]));
  const core = [...rt.schema.attributes, ...commonAttributes];
  compareAttributes("", core, before, after, changes, (key) => NOT_REPORTED.has(key) || extensions.has(key));
  const old = byLowerKey(before);
  const now = byLowerKey(after);
  for (const [urn, schema] of extensions) {
    const oldValue = old.get(urn)?.[1];
    const newValue = now.get(urn)?.[1];
    compareAttributes(
      `${schema.id}:`,
      schema.attributes,
      isObject(oldValue) ? oldValue : undefined,
      isObject(newValue) ? newValue : undefined,
      changes,
      () => false,
    );
  }
  return changes;
}

/** The path of one member in a change: a SCIM value filter on `members`. */
export function memberPath(memberId: string): string {
  return `members[value eq ${JSON.stringify(memberId)}]`;
}

/** What a member reads in a change: its row, without empty fields. */
function memberValue(member: MemberRef): Json {
  return {
    value: member.value,
    ...(member.type !== undefined ? { type: member.type } : {}),
    ...(member.display !== undefined ? { display: member.display } : {}),
  };
}

/**
 * Member additions and removals as changes, one per member that really joined or left: the cost
 * is the size of the delta, never of the group.
 */
export function memberChanges(added: readonly MemberRef[], removed: readonly MemberRef[]): AttributeChange[] {
  return [
    ...removed.map((member) => ({
      path: memberPath(member.value),
      before: memberValue(member),
      after: null,
    })),
    ...added.map((member) => ({ path: memberPath(member.value), before: null, after: memberValue(member) })),
  ];
}
