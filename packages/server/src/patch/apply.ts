import {
  type AttributeDefinition,
  findAttribute,
  isJsonObject,
  type ResolvedAttribute,
  type ResourceTypeSchema,
  type SchemaDefinition,
  ScimError,
} from "@scimkit/core";
import type { Filter } from "@scimkit/filter";
import { type InteropOption, type InteropRule, resolveInteropRules } from "../interop-rules.js";
import { jsonEqual } from "../json-equal.js";
import type { MemberRef, MembershipChange } from "../store/store.js";
import { normalizeMultiValue, normalizeSingleValue, type ValueRules } from "./attribute-value.js";
import { MembershipDelta } from "./membership-delta.js";
import { appendNew, equalityTerms, settlePrimary, valueEqualityIds, valueMatches } from "./multi-valued.js";
import {
  assertMayChange,
  assertMayRemove,
  assertRequiredSubAttributes,
  assertSubAttributesMayChange,
  keepServerManaged,
} from "./mutability.js";
import { type CheckedOperation, checkOperation, type PatchOpName } from "./operation.js";
import {
  findExtension,
  isAssigned,
  type PatchTarget,
  ResourceDocument,
  resolvePatchPath,
  resolveValueKey,
} from "./target.js";

/** Options of {@link applyPatch}. */
export interface ApplyPatchOptions {
  /**
   * Return operations on the Group `members` attribute as a {@link MembershipChange} instead of
   * applying them to `resource.members`, so that a large group is never read or rewritten. The
   * server sets this for resource types whose core schema has `members` (Groups).
   */
  readonly membersAsDelta?: boolean;
  /**
   * The group's current members, when the caller has them. Used in delta mode to evaluate member
   * filters other than `value eq` (e.g. `members[display eq "x"]`) and to reduce the delta to real
   * changes. Without it such filters are rejected with 400 invalidFilter.
   */
  readonly currentMembers?: readonly MemberRef[];
  /** Interoperability rules; default: profiles `entra` and `okta`. `"strict"` turns all off. */
  readonly interop?: InteropOption;
  /** Unknown attributes in values: 400 invalidValue (`"reject"`, default) or dropped (`"ignore"`). */
  readonly unknownAttributes?: "reject" | "ignore";
}

/** The outcome of {@link applyPatch}. */
export interface PatchResult {
  /** The patched resource data (a new object; the input is never mutated). */
  readonly resource: Record<string, unknown>;
  /**
   * Whether `resource` differs from the input. False means no write and no version bump
   * (RFC 7644 §3.5.2.1). It does not cover `members`: the store tells whether applying the
   * membership delta changed any row.
   */
  readonly changed: boolean;
  /**
   * Delta mode only: the membership change, applied as "remove, then add" (the lists never share an
   * id). Undefined when the operations do not touch `members`.
   */
  readonly members?: MembershipChange;
}

/**
 * Applies the operations of a SCIM PATCH request (RFC 7644 §3.5.2) to a stored resource. Pure and
 * synchronous: the input is not mutated, and any error leaves nothing applied (the request is
 * atomic). Throws `ScimError` 400 with scimType `invalidSyntax` (malformed operation), `invalidPath`,
 * `invalidFilter`, `invalidValue`, `noTarget` or `mutability`.
 *
 * `resource` is the stored data: attribute names in schema spelling, extension attributes nested
 * under their schema URN, no `meta`. Use {@link readPatchOperations} to take the operations out of a
 * request body.
 *
 * @example
 * const { resource, changed } = applyPatch(registry.resourceType("User"), stored, [
 *   { op: "replace", path: "active", value: false },
 *   { op: "add", path: 'emails[type eq "work"].value', value: "bjensen@example.com" },
 * ]);
 */
export function applyPatch(
  rt: ResourceTypeSchema,
  resource: Record<string, unknown>,
  operations: readonly unknown[],
  options: ApplyPatchOptions = {},
): PatchResult {
  if (!Array.isArray(operations) || operations.length === 0) {
    throw ScimError.badRequest(
      "invalidSyntax",
      '"Operations" must hold one or more operations (RFC 7644 §3.5.2)',
    );
  }
  const rules = resolveInteropRules(options.interop);
  const patcher = new Patcher(rt, structuredClone(resource), rules, options);
  operations.forEach((raw, index) => {
    patcher.apply(checkOperation(raw, index, rules));
  });
  const data = patcher.doc.data;
  const members = patcher.members?.toChange(options.currentMembers ? patcher.currentMemberIds : undefined);
  return { resource: data, changed: !jsonEqual(resource, data), ...(members ? { members } : {}) };
}

/** One operation without its path: what the appliers below share. */
interface Step {
  readonly op: PatchOpName;
  readonly value: unknown;
  /** False when `value` was absent or null. */
  readonly hasValue: boolean;
  readonly where: string;
}

const mutability = (detail: string) => ScimError.badRequest("mutability", detail);
const invalidValue = (detail: string) => ScimError.badRequest("invalidValue", detail);

class Patcher {
  readonly doc: ResourceDocument;
  readonly members: MembershipDelta | undefined;
  readonly #values: ValueRules;
  #currentMemberIds: ReadonlySet<string> | undefined;

  constructor(
    readonly rt: ResourceTypeSchema,
    data: Record<string, unknown>,
    readonly rules: ReadonlySet<InteropRule>,
    readonly options: ApplyPatchOptions,
  ) {
    this.doc = new ResourceDocument(rt, data);
    const hasMembers = findAttribute(rt.schema.attributes, "members") !== undefined;
    this.members = options.membersAsDelta && hasMembers ? new MembershipDelta() : undefined;
    this.#values = { rules, unknownAttributes: options.unknownAttributes ?? "reject" };
  }

  /** Ids of `options.currentMembers`, built once and only when needed (it is linear in the group size). */
  get currentMemberIds(): ReadonlySet<string> {
    this.#currentMemberIds ??= new Set((this.options.currentMembers ?? []).map((m) => m.value));
    return this.#currentMemberIds;
  }

  apply(operation: CheckedOperation): void {
    const step: Step = {
      op: operation.op,
      value: operation.value,
      hasValue: operation.hasValue && operation.value !== null,
      where: operation.where,
    };
    if (operation.path === undefined) {
      this.#applyPathless(step);
      return;
    }
    const target = resolvePatchPath(this.rt, operation.path, operation.where);
    this.#applyTarget(step, target);
  }

  #applyTarget(step: Step, target: PatchTarget): void {
    if (target.kind === "extension") {
      this.#applyExtension(step, target.schema);
      return;
    }
    const where = `${step.where} ${target.text}`;
    const s = { ...step, where };
    if (this.members && isMembers(target.resolved)) {
      this.#applyMembers(s, target.filter, target.subAttribute);
      return;
    }
    if (target.filter) {
      this.#applyFiltered(s, target.resolved, target.filter, target.subAttribute);
      return;
    }
    if (target.subAttribute) {
      this.#applySubAttribute(s, target.resolved, target.subAttribute);
      return;
    }
    this.#applyWhole(s, target.resolved);
  }

  /** RFC 7644 §3.5.2.1 / §3.5.2.3 with the path omitted: the value is a set of attributes. */
  #applyPathless(step: Step): void {
    if (step.op === "remove") {
      throw ScimError.badRequest("noTarget", `${step.where}: "remove" requires a "path" (RFC 7644 §3.5.2.2)`);
    }
    if (!isJsonObject(step.value)) {
      throw invalidValue(
        `${step.where}: without "path", "value" must be an object of attributes (RFC 7644 §3.5.2.1, §3.5.2.3)`,
      );
    }
    for (const [key, value] of Object.entries(step.value)) {
      const s: Step = { op: step.op, value, hasValue: value !== null, where: step.where };
      if (key.toLowerCase() === "schemas") {
        this.#applySchemas(s, value);
        continue;
      }
      const extension = findExtension(this.rt, key);
      if (extension) {
        this.#applyExtension(s, extension);
        continue;
      }
      const target = resolveValueKey(this.rt, key);
      if (target?.kind !== "attribute") {
        if (this.#values.unknownAttributes === "ignore") continue;
        throw invalidValue(
          `${step.where}.value: unknown attribute "${key}" in resource type ${this.rt.resourceType.name}`,
        );
      }
      if (target.subAttribute && !this.rules.has("pathKeysInValue")) {
        throw invalidValue(
          `${step.where}.value: key "${key}" is a path, but a pathless "${step.op}" takes a set of attributes (RFC 7644 §3.5.2); the interop rule pathKeysInValue accepts it`,
        );
      }
      this.#applyTarget(s, target);
    }
  }

  /** `schemas` in a pathless value: only URNs of this resource type (RFC 7643 §3). */
  #applySchemas(step: Step, value: unknown): void {
    if (!Array.isArray(value) || value.some((v) => typeof v !== "string")) {
      throw invalidValue(`${step.where}.value.schemas must be an array of schema URIs`);
    }
    const known = (urn: string) => this.rt.schemaUrns.find((u) => u.toLowerCase() === urn.toLowerCase());
    const urns = (value as string[]).map((urn) => {
      const found = known(urn);
      if (!found)
        throw invalidValue(
          `${step.where}.value.schemas: "${urn}" is not a schema of ${this.rt.resourceType.name}`,
        );
      return found;
    });
    if (step.op === "replace") {
      if (!urns.includes(this.rt.schema.id)) {
        throw invalidValue(`${step.where}.value.schemas must contain the core schema ${this.rt.schema.id}`);
      }
      const current = Array.isArray(this.doc.data.schemas) ? this.doc.data.schemas : [];
      if (!jsonEqual([...current].sort(), [...new Set(urns)].sort()))
        this.doc.data.schemas = [...new Set(urns)];
      return;
    }
    for (const urn of urns) this.doc.addSchemaUrn(urn);
  }

  /** The path is an extension URN: the value holds that extension's attributes. */
  #applyExtension(step: Step, schema: SchemaDefinition): void {
    const where = `${step.where} ${schema.id}`;
    // replace with null unassigns the whole extension (RFC 7643 §2.5), like remove.
    if (step.op === "remove" || (step.op === "replace" && !step.hasValue)) {
      for (const attribute of schema.attributes) {
        const resolved: ResolvedAttribute = { schema, isExtension: true, attribute, target: attribute };
        const current = this.doc.read(resolved);
        assertMayRemove(attribute, current, where);
      }
      this.doc.removeExtension(schema);
      return;
    }
    if (!step.hasValue) {
      throw invalidValue(`${where}: "${step.op}" requires a value (RFC 7644 §3.5.2)`);
    }
    if (!isJsonObject(step.value)) {
      throw invalidValue(`${where}: the value of an extension must be an object of its attributes`);
    }
    for (const [key, value] of Object.entries(step.value)) {
      const attribute = findAttribute(schema.attributes, key);
      if (!attribute) {
        if (this.#values.unknownAttributes === "ignore") continue;
        throw invalidValue(`${where}: unknown attribute "${key}"`);
      }
      const resolved: ResolvedAttribute = { schema, isExtension: true, attribute, target: attribute };
      this.#applyWhole(
        { op: step.op, value, hasValue: value !== null, where: `${where}.${attribute.name}` },
        resolved,
      );
    }
  }

  /** A top-level attribute without filter or sub-attribute. */
  #applyWhole(step: Step, resolved: ResolvedAttribute): void {
    const def = resolved.attribute;
    const current = this.doc.read(resolved);
    if (step.op === "remove") {
      if (step.hasValue) {
        if (def.multiValued && this.rules.has("removeMembersByValue")) {
          this.#removeListedValues(step, resolved);
          return;
        }
        throw ScimError.badRequest(
          "invalidSyntax",
          `${step.where}: "remove" takes no "value" (RFC 7644 §3.5.2.2)${def.multiValued ? "; the interop rule removeMembersByValue removes exactly the listed values" : ""}`,
        );
      }
      // RFC 7644 §3.5.2.2: the attribute and all its values are removed.
      assertMayRemove(def, current, step.where);
      this.doc.write(resolved, undefined);
      return;
    }
    if (!step.hasValue) {
      if (step.op === "add")
        throw invalidValue(`${step.where}: "add" requires a non-null value (RFC 7644 §3.5.2.1)`);
      // replace with null unassigns the attribute (RFC 7643 §2.5), under the removal rules.
      assertMayRemove(def, current, step.where);
      this.doc.write(resolved, undefined);
      return;
    }
    if (def.multiValued) {
      const items = normalizeMultiValue(def, step.value, step.where, this.#values);
      items.forEach((item, i) => {
        assertRequiredSubAttributes(def, item, `${step.where}[${i}]`);
      });
      const currentList = Array.isArray(current) ? current : isAssigned(current) ? [current] : [];
      if (step.op === "add") {
        // RFC 7644 §3.5.2.1: a new value is added; a value already present changes nothing.
        const { list, added } = appendNew(currentList, dedupeItems(def, items));
        const next = settlePrimary(list, added, step.where);
        assertMayChange(def, current, next, step.where);
        this.doc.write(resolved, next);
        return;
      }
      // RFC 7644 §3.5.2.3: without a filter, the attribute and all values are replaced.
      const replacement = dedupeItems(def, items);
      if (replacement.length === 0) assertMayRemove(def, current, step.where);
      const next = settlePrimary(replacement, new Set(replacement), step.where);
      assertMayChange(def, current, next, step.where);
      this.doc.write(resolved, next);
      return;
    }
    const value = normalizeSingleValue(def, step.value, step.where, this.#values);
    if (def.type === "complex" && isJsonObject(value)) {
      // RFC 7644 §3.5.2.3: sub-attributes not in the value are left unchanged (add alike, §3.5.2.1).
      const base = isJsonObject(current) ? current : {};
      const next = { ...base, ...value };
      assertSubAttributesMayChange(def, base, next, step.where);
      assertMayChange(def, current, next, step.where);
      assertRequiredSubAttributes(def, next, step.where);
      this.doc.write(resolved, next);
      return;
    }
    assertMayChange(def, current, value, step.where);
    this.doc.write(resolved, value);
  }

  /** `name.givenName`: a sub-attribute of a complex attribute, without filter. */
  #applySubAttribute(step: Step, resolved: ResolvedAttribute, sub: AttributeDefinition): void {
    const def = resolved.attribute;
    const current = this.doc.read(resolved);
    if (def.multiValued) {
      if (step.op !== "remove") {
        throw ScimError.badRequest(
          "invalidPath",
          `${step.where}: select values of multi-valued "${def.name}" with a filter, e.g. ${def.name}[type eq "work"].${sub.name} (RFC 7644 §3.5.2)`,
        );
      }
      const list = Array.isArray(current) ? current : [];
      const next = list
        .map((element) => {
          if (!isJsonObject(element)) return element;
          assertMayRemove(sub, element[sub.name], step.where);
          const { [sub.name]: _removed, ...rest } = element;
          return rest;
        })
        .filter((element) => !isJsonObject(element) || Object.keys(element).length > 0);
      if (next.length === 0) assertMayRemove(def, current, step.where);
      this.doc.write(resolved, next);
      return;
    }
    const base = isJsonObject(current) ? current : {};
    if (step.op === "remove" || !step.hasValue) {
      if (step.op === "add")
        throw invalidValue(`${step.where}: "add" requires a non-null value (RFC 7644 §3.5.2.1)`);
      if (step.op === "remove" && step.hasValue) {
        throw ScimError.badRequest(
          "invalidSyntax",
          `${step.where}: "remove" takes no "value" (RFC 7644 §3.5.2.2)`,
        );
      }
      assertMayRemove(sub, base[sub.name], step.where);
      const { [sub.name]: _removed, ...rest } = base;
      if (Object.keys(rest).length === 0) assertMayRemove(def, current, step.where);
      this.doc.write(resolved, Object.keys(rest).length ? rest : undefined);
      return;
    }
    const value = sub.multiValued
      ? normalizeMultiValue(sub, step.value, step.where, this.#values)
      : normalizeSingleValue(sub, step.value, step.where, this.#values);
    assertMayChange(sub, base[sub.name], value, step.where);
    const next = { ...base, [sub.name]: value };
    assertMayChange(def, current, next, step.where);
    this.doc.write(resolved, next);
  }

  /** `emails[type eq "work"]` and `emails[type eq "work"].value`. */
  #applyFiltered(
    step: Step,
    resolved: ResolvedAttribute,
    filter: Filter,
    sub: AttributeDefinition | undefined,
  ): void {
    const def = resolved.attribute;
    if (def.type !== "complex") {
      throw ScimError.badRequest(
        "invalidPath",
        `${step.where}: a valuePath filter needs a complex attribute`,
      );
    }
    const single = !def.multiValued;
    if (single && !this.rules.has("filterOnSingleValuedComplex")) {
      throw ScimError.badRequest(
        "invalidPath",
        `${step.where}: a valuePath filter selects values of a multi-valued attribute, and "${def.name}" is single-valued (RFC 7644 §3.5.2); the interop rule filterOnSingleValuedComplex accepts it`,
      );
    }
    const current = this.doc.read(resolved);
    const list: unknown[] = Array.isArray(current) ? current : isAssigned(current) ? [current] : [];
    const matched = new Set(list.filter((element) => valueMatches(this.rt, resolved, filter, element)));
    const write = (next: unknown[]) => {
      assertMayChange(def, current, single ? next[0] : next, step.where);
      this.doc.write(resolved, single ? next[0] : next);
    };

    if (step.op === "remove") {
      if (step.hasValue) {
        throw ScimError.badRequest(
          "invalidSyntax",
          `${step.where}: "remove" takes no "value" (RFC 7644 §3.5.2.2)`,
        );
      }
      // RFC 7644 §3.5.2.2: "If the user was not a member of this group, no changes should be made
      // to the resource, and a success response should be returned": no match is not an error.
      if (matched.size === 0) return;
      let next: unknown[];
      if (sub) {
        next = list
          .map((element) => {
            if (!matched.has(element) || !isJsonObject(element)) return element;
            assertMayRemove(sub, element[sub.name], step.where);
            const { [sub.name]: _removed, ...rest } = element;
            return rest;
          })
          .filter((element) => !isJsonObject(element) || Object.keys(element).length > 0);
      } else {
        if (def.mutability === "readOnly" || def.mutability === "immutable") {
          throw mutability(
            `${step.where}: "${def.name}" is ${def.mutability} and its values cannot be removed`,
          );
        }
        next = list.filter((element) => !matched.has(element));
      }
      if (next.length === 0) assertMayRemove(def, current, step.where);
      write(next);
      return;
    }

    if (matched.size === 0) {
      const terms = this.rules.has("createMissingFilteredTarget") ? equalityTerms(filter) : undefined;
      if (!terms) {
        throw ScimError.badRequest(
          "noTarget",
          `${step.where}: the filter matches no value of "${def.name}" (RFC 7644 §3.5.2.3)${this.rules.has("createMissingFilteredTarget") ? "" : "; the interop rule createMissingFilteredTarget creates it"}`,
        );
      }
      if (!step.hasValue) return; // replacing nothing with nothing
      // Entra: the value to create is the filter's eq terms plus the given value.
      const raw = sub
        ? { ...terms, [sub.name]: step.value }
        : { ...terms, ...(isJsonObject(step.value) ? step.value : { value: step.value }) };
      const created = normalizeSingleValue(def, raw, step.where, this.#values);
      assertRequiredSubAttributes(def, created, step.where);
      const next = settlePrimary([...list, created], new Set([created]), step.where);
      write(next);
      return;
    }

    const written = new Set<unknown>();
    const next = list.map((element) => {
      if (!matched.has(element)) return element;
      const old = isJsonObject(element) ? element : {};
      let updated: Record<string, unknown>;
      if (sub) {
        // RFC 7644 §3.5.2.3: the matching sub-attribute of all matching records is replaced.
        if (!step.hasValue) {
          assertMayRemove(sub, old[sub.name], step.where);
          const { [sub.name]: _removed, ...rest } = old;
          updated = rest;
        } else {
          const value = sub.multiValued
            ? normalizeMultiValue(sub, step.value, step.where, this.#values)
            : normalizeSingleValue(sub, step.value, step.where, this.#values);
          assertMayChange(sub, old[sub.name], value, step.where);
          updated = { ...old, [sub.name]: value };
        }
      } else {
        if (!step.hasValue) throw invalidValue(`${step.where}: "${step.op}" requires a non-null value`);
        const value = normalizeSingleValue(def, step.value, step.where, this.#values);
        const given = isJsonObject(value) ? value : {};
        // RFC 7644 §3.5.2.3: matching records are replaced; add merges into them (§3.5.2.1).
        updated = step.op === "replace" ? keepServerManaged(def, old, given) : { ...old, ...given };
        assertSubAttributesMayChange(def, old, updated, step.where);
      }
      assertRequiredSubAttributes(def, updated, step.where);
      written.add(updated);
      return updated;
    });
    write(settlePrimary(next, written, step.where));
  }

  /** Remove with a value array (Entra): removes exactly the listed values (rule removeMembersByValue). */
  #removeListedValues(step: Step, resolved: ResolvedAttribute): void {
    const def = resolved.attribute;
    const current = this.doc.read(resolved);
    const list = Array.isArray(current) ? current : [];
    const listed = normalizeMultiValue(def, step.value, step.where, this.#values);
    const sameValue = (a: unknown, b: unknown) =>
      isJsonObject(a) && isJsonObject(b) && "value" in b ? jsonEqual(a.value, b.value) : jsonEqual(a, b);
    const next = list.filter((element) => !listed.some((item) => sameValue(element, item)));
    if (next.length === list.length) return;
    if (def.mutability === "readOnly" || def.mutability === "immutable") {
      throw mutability(`${step.where}: "${def.name}" is ${def.mutability} and its values cannot be removed`);
    }
    if (next.length === 0) assertMayRemove(def, current, step.where);
    this.doc.write(resolved, next);
  }

  /** Group `members` in delta mode: never applied to the resource, returned as a change. */
  #applyMembers(step: Step, filter: Filter | undefined, sub: AttributeDefinition | undefined): void {
    const delta = this.members as MembershipDelta;
    const membersDef = findAttribute(this.rt.schema.attributes, "members") as AttributeDefinition;
    const toRefs = (value: unknown): MemberRef[] =>
      normalizeMultiValue(membersDef, value, step.where, this.#values).map((item, i) =>
        toMemberRef(item, `${step.where}[${i}]`),
      );

    if (sub) {
      // RFC 7643 §4.2: member sub-attributes are immutable; a member is removed and added instead.
      throw mutability(
        `${step.where}: sub-attributes of a member are immutable; remove and add the member instead`,
      );
    }
    if (filter) {
      if (step.op === "add") {
        throw ScimError.badRequest(
          "invalidPath",
          `${step.where}: add members with path "members" and a value array`,
        );
      }
      if (step.op === "remove" && step.hasValue) {
        throw ScimError.badRequest(
          "invalidSyntax",
          `${step.where}: "remove" takes no "value" (RFC 7644 §3.5.2.2)`,
        );
      }
      const ids = this.#selectMembers(step, filter);
      if (step.op === "replace") {
        // RFC 7644 §3.5.2.3: a valuePath that matches nothing is noTarget (known only with the members at hand).
        if (this.options.currentMembers && ids.length === 0) {
          throw ScimError.badRequest(
            "noTarget",
            `${step.where}: the filter matches no member (RFC 7644 §3.5.2.3)`,
          );
        }
        if (!step.hasValue) throw invalidValue(`${step.where}: "replace" requires a non-null value`);
        for (const id of ids) delta.remove(id);
        for (const ref of toRefs(step.value)) delta.add(ref);
        return;
      }
      for (const id of ids) delta.remove(id);
      return;
    }
    if (step.op === "add") {
      if (!step.hasValue)
        throw invalidValue(`${step.where}: "add" requires a non-null value (RFC 7644 §3.5.2.1)`);
      for (const ref of toRefs(step.value)) delta.add(ref);
      return;
    }
    if (step.op === "replace") {
      // RFC 7644 §3.5.2.3: the attribute and all values are replaced.
      const refs = step.hasValue ? toRefs(step.value) : [];
      delta.removeAll();
      for (const ref of refs) delta.add(ref);
      return;
    }
    if (step.hasValue) {
      if (!this.rules.has("removeMembersByValue")) {
        throw ScimError.badRequest(
          "invalidSyntax",
          `${step.where}: "remove" takes no "value" (RFC 7644 §3.5.2.2); the interop rule removeMembersByValue removes exactly the listed members`,
        );
      }
      for (const ref of toRefs(step.value)) delta.remove(ref.value);
      return;
    }
    // RFC 7644 §3.5.2.2: "remove" on "members" without a filter removes all members.
    delta.removeAll();
  }

  /** The member ids a filter selects: `value eq` terms directly, anything else against the current members. */
  #selectMembers(step: Step, filter: Filter): string[] {
    const ids = valueEqualityIds(filter);
    const current = this.options.currentMembers;
    if (ids && !current) return ids;
    if (!current) {
      throw ScimError.badRequest(
        "invalidFilter",
        `${step.where}: only "value eq" terms (joined by "or") can select group members here; other member filters need the current members`,
      );
    }
    const delta = this.members as MembershipDelta;
    const resolved = this.rt.resolve({ attribute: "members" }) as ResolvedAttribute;
    const candidates = new Map<string, unknown>();
    for (const member of current)
      if (delta.isMember(member.value, this.currentMemberIds)) candidates.set(member.value, member);
    return [...candidates]
      .filter(([, member]) => valueMatches(this.rt, resolved, filter, member))
      .map(([id]) => id);
  }
}

function isMembers(resolved: ResolvedAttribute): boolean {
  return !resolved.isExtension && resolved.attribute.name === "members";
}

function toMemberRef(item: unknown, where: string): MemberRef {
  if (!isJsonObject(item) || typeof item.value !== "string" || item.value === "") {
    throw invalidValue(`${where}: a member needs a "value" with the member's id (RFC 7643 §4.2)`);
  }
  return {
    value: item.value,
    ...(typeof item.type === "string" ? { type: item.type } : {}),
    ...(typeof item.display === "string" ? { display: item.display } : {}),
  };
}

/** Group members are the same member when their `value` is the same; other values must be equal. */
function dedupeItems(def: AttributeDefinition, items: readonly unknown[]): unknown[] {
  const out: unknown[] = [];
  const byValue = def.name === "members";
  for (const item of items) {
    const duplicate = out.some((e) =>
      byValue && isJsonObject(e) && isJsonObject(item) ? e.value === item.value : jsonEqual(e, item),
    );
    if (!duplicate) out.push(item);
  }
  return out;
}
