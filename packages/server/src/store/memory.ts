import {
  createDefaultRegistry,
  type ResourceTypeSchema,
  type SchemaRegistry,
  ScimError,
} from "@scimkit/core";
import { compileFilter, matches } from "@scimkit/filter";
import type { RequestContext } from "../context.js";
import type { ChangeJournal } from "../journal/change-journal.js";
import { attributeChanges, memberChanges } from "../journal/changes.js";
import type { AttributeChange, JournalRecord } from "../journal/entry.js";
import {
  type GroupSummary,
  type JournalOptions,
  type JournalSetting,
  type MembershipLookup,
  resolveJournalSetting,
} from "../journal/journal-options.js";
import { MemoryJournal } from "../journal/memory-journal.js";
import { newJournalEntry, withDerivedEvents } from "../journal/new-entry.js";
import { type CursorPosition, decodeCursor, encodeCursor } from "./cursor.js";
import type { GroupClosureSource, MemberGroup } from "./group-closure.js";
import { isMembershipType, memberRowsOf, storedAttributesOf } from "./membership.js";
import { assertSortable, compareSortKeys, type SortKey, sortKeyOf } from "./sort-order.js";
import type {
  GetOptions,
  ListPage,
  ListQuery,
  MemberRef,
  MembershipChange,
  PatchPlan,
  ResourceData,
  ResourceStore,
  StoredResource,
  WriteCondition,
} from "./store.js";
import { type UniqueAttribute, uniqueAttributesOf, uniqueValueOf } from "./uniqueness.js";

/** The resource type whose `members` are stored as membership rows. */
const GROUP_TYPE = "group";
/** The resource type that gets the computed `groups` attribute (RFC 7643 §4.1.2). */
const USER_TYPE = "user";

interface Entry {
  readonly resourceType: string;
  readonly id: string;
  /** Attributes without `meta`, `members` (rows) and `groups` (computed). */
  data: ResourceData;
  version: string;
  readonly created: string;
  lastModified: string;
  /** Insertion order: the default list order and the keyset tie-breaker. */
  readonly seq: number;
  /** Uniqueness index keys this resource holds. */
  claims: string[];
}

/** One tenant's data; tenants never see each other's maps. */
class TenantSpace {
  /** lower-cased resource type → id → entry */
  readonly resources = new Map<string, Map<string, Entry>>();
  /** group id → member id → member row */
  readonly members = new Map<string, Map<string, MemberRef>>();
  /** member id → group ids: the index behind `User.groups` and delete cascades */
  readonly memberOf = new Map<string, Set<string>>();
  /** `type\0attribute\0value` → id */
  readonly unique = new Map<string, string>();

  table(resourceType: string): Map<string, Entry> {
    const key = resourceType.toLowerCase();
    let table = this.resources.get(key);
    if (!table) {
      table = new Map();
      this.resources.set(key, table);
    }
    return table;
  }
}

/** Options of {@link MemoryStore}. */
export interface MemoryStoreOptions {
  /** The registry the server uses (for uniqueness, filtering and sorting); default: User and Group. */
  readonly registry?: SchemaRegistry;
  /**
   * The change journal (audit trail and identity-event outbox), appended in the same step as each
   * write. On by default; `false` turns it off; an object adds derivation hooks.
   */
  readonly journal?: JournalSetting;
}

/** Which members a write really added and removed, and whether any row changed at all. */
interface MemberDelta {
  readonly added: MemberRef[];
  readonly removed: MemberRef[];
  readonly changed: boolean;
}

const clone = <T>(value: T): T => structuredClone(value);
const stringOf = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);

/**
 * The reference {@link ResourceStore}: everything in process memory, every operation atomic
 * because it runs synchronously between awaits. Use it for tests, demos and as the model for
 * your own store; it passes the store contract suite (`@scimkit/server/testing`).
 *
 * @example
 * const server = createScimServer({ store: new MemoryStore() });
 */
export class MemoryStore implements ResourceStore, GroupClosureSource {
  readonly #registry: SchemaRegistry;
  readonly #tenants = new Map<string, TenantSpace>();
  #sequence = 0;
  #versionCounter = 0;
  readonly #journalOptions: JournalOptions | undefined;
  readonly #journal: MemoryJournal | undefined;

  constructor(options: MemoryStoreOptions = {}) {
    this.#registry = options.registry ?? createDefaultRegistry();
    this.#journalOptions = resolveJournalSetting(options.journal);
    this.#journal = this.#journalOptions ? new MemoryJournal() : undefined;
  }

  /** The change journal (undefined with `journal: false`): audit queries and identity events read it. */
  get journal(): ChangeJournal | undefined {
    return this.#journal;
  }

  async create(ctx: RequestContext, resourceType: string, data: ResourceData): Promise<StoredResource> {
    const rt = this.#registry.resourceType(resourceType);
    const space = this.#space(ctx);
    const table = space.table(rt.resourceType.name);
    const id = String(data.id ?? "");
    if (!id) throw new ScimError(500, undefined, "store.create needs data.id assigned by the server");
    if (table.has(id))
      throw new ScimError(409, "uniqueness", `a ${rt.resourceType.name} with id "${id}" exists`);
    const attributes = this.#attributesOf(data);
    const claims = this.#uniqueClaims(space, rt, attributes, undefined);
    const now = new Date().toISOString();
    const entry: Entry = {
      resourceType: rt.resourceType.name,
      id,
      data: { ...attributes, id },
      version: this.#nextVersion(),
      created: now,
      lastModified: now,
      seq: ++this.#sequence,
      claims,
    };
    table.set(id, entry);
    for (const claim of claims) space.unique.set(claim, id);
    let members: MemberDelta | undefined;
    if (isMembershipType(entry.resourceType)) members = this.#setMembers(space, id, memberRowsOf(data) ?? []);
    await this.#record(
      ctx,
      space,
      "create",
      entry,
      () => attributeChanges(rt, undefined, entry.data),
      members,
    );
    return this.#toStored(space, entry, true);
  }

  async get(
    ctx: RequestContext,
    resourceType: string,
    id: string,
    options?: GetOptions,
  ): Promise<StoredResource | undefined> {
    const space = this.#space(ctx);
    const entry = space.table(resourceType).get(id);
    return entry ? this.#toStored(space, entry, options?.withMembers !== false) : undefined;
  }

  async replace(
    ctx: RequestContext,
    resourceType: string,
    id: string,
    data: ResourceData,
    condition?: WriteCondition,
  ): Promise<StoredResource> {
    const rt = this.#registry.resourceType(resourceType);
    const space = this.#space(ctx);
    const entry = this.#existing(space, rt, id, condition);
    const attributes = this.#attributesOf(data);
    const claims = this.#uniqueClaims(space, rt, attributes, id);
    this.#holdClaims(space, entry, claims);
    const before = entry.data;
    entry.data = { ...attributes, id };
    let members: MemberDelta | undefined;
    if (isMembershipType(entry.resourceType)) members = this.#setMembers(space, id, memberRowsOf(data) ?? []);
    this.#touch(entry);
    await this.#record(ctx, space, "replace", entry, () => attributeChanges(rt, before, entry.data), members);
    return this.#toStored(space, entry, true);
  }

  async patch(
    ctx: RequestContext,
    resourceType: string,
    id: string,
    plan: (current: StoredResource) => PatchPlan,
    condition?: WriteCondition,
    options?: GetOptions,
  ): Promise<StoredResource> {
    const rt = this.#registry.resourceType(resourceType);
    const space = this.#space(ctx);
    const entry = this.#existing(space, rt, id, condition);
    const result = plan(this.#toStored(space, entry, false));
    const before = entry.data;
    let changed = false;
    if (result.data !== undefined) {
      const attributes = { ...this.#attributesOf(result.data), id };
      if (JSON.stringify(attributes) !== JSON.stringify(entry.data)) {
        const claims = this.#uniqueClaims(space, rt, attributes, id);
        this.#holdClaims(space, entry, claims);
        entry.data = attributes;
        changed = true;
      }
    }
    let members: MemberDelta | undefined;
    if (result.members && isMembershipType(entry.resourceType)) {
      members = this.#applyMembership(space, id, result.members);
      changed = members.changed || changed;
    }
    if (changed) {
      this.#touch(entry);
      await this.#record(ctx, space, "patch", entry, () => attributeChanges(rt, before, entry.data), members);
    }
    return this.#toStored(space, entry, options?.withMembers !== false);
  }

  async delete(
    ctx: RequestContext,
    resourceType: string,
    id: string,
    condition?: WriteCondition,
  ): Promise<void> {
    const rt = this.#registry.resourceType(resourceType);
    const space = this.#space(ctx);
    const entry = this.#existing(space, rt, id, condition);
    space.table(rt.resourceType.name).delete(id);
    this.#holdClaims(space, entry, []);
    if (isMembershipType(rt.resourceType.name)) this.#setMembers(space, id, []);
    space.members.delete(id);
    // Cascade: the deleted resource leaves every group it was a member of.
    for (const groupId of space.memberOf.get(id) ?? []) space.members.get(groupId)?.delete(id);
    space.memberOf.delete(id);
    await this.#record(
      ctx,
      space,
      "delete",
      entry,
      () => attributeChanges(rt, entry.data, undefined),
      undefined,
    );
  }

  async list(ctx: RequestContext, resourceType: string, query: ListQuery): Promise<ListPage> {
    const rt = this.#registry.resourceType(resourceType);
    // Schema-dependent 400s come before any resource is read, so they never depend on the data.
    if (query.filter) compileFilter(query.filter, rt);
    if (query.sort) assertSortable(rt, query.sort);
    const space = this.#space(ctx);
    const candidates: { entry: Entry; key: SortKey; seq: number }[] = [];
    const table = space.table(rt.resourceType.name);
    for (const entry of this.#probeUnique(space, rt, query.filter) ?? table.values()) {
      if (!query.filter && !query.sort) {
        candidates.push({ entry, key: null, seq: entry.seq });
        continue;
      }
      // Filters and sort keys read a shallow view; only the returned page is copied.
      const view = this.#viewOf(this.#toStored(space, entry, true, false));
      if (query.filter && !matches(query.filter, view, rt)) continue;
      const key = query.sort ? sortKeyOf(rt, view, query.sort) : null;
      candidates.push({ entry, key, seq: entry.seq });
    }
    const order = query.sort?.order ?? "ascending";
    const compare = (a: { key: SortKey; seq: number }, b: { key: SortKey; seq: number }) =>
      compareSortKeys(a.key, b.key, order) || a.seq - b.seq;
    candidates.sort(compare);
    const totalResults = candidates.length;
    let page: typeof candidates;
    let nextCursor: string | undefined;
    if (query.cursor !== undefined) {
      let rest = candidates;
      if (query.cursor !== "") {
        const position: CursorPosition = decodeCursor(query.cursor);
        rest = candidates.filter((c) => compare(c, position) > 0);
      }
      page = rest.slice(0, Math.max(0, query.count));
      const last = page.at(-1);
      if (last && rest.length > page.length) nextCursor = encodeCursor({ key: last.key, seq: last.seq });
    } else {
      const start = Math.max(1, query.startIndex ?? 1);
      page = candidates.slice(start - 1, start - 1 + Math.max(0, query.count));
    }
    const resources = page.map((c) => this.#toStored(space, c.entry, query.withMembers !== false));
    return nextCursor === undefined ? { resources, totalResults } : { resources, totalResults, nextCursor };
  }

  /** Groups containing `memberId`, nested ones included: a breadth-first walk that visits each group once. */
  async memberGroups(ctx: RequestContext, memberId: string): Promise<MemberGroup[]> {
    const space = this.#space(ctx);
    const groups = space.table("Group");
    const direct = space.memberOf.get(memberId) ?? new Set<string>();
    const seen = new Set<string>(direct);
    const queue = [...direct];
    for (let index = 0; index < queue.length; index++) {
      for (const parent of space.memberOf.get(queue[index]!) ?? []) {
        if (seen.has(parent)) continue;
        seen.add(parent);
        queue.push(parent);
      }
    }
    return queue.flatMap((id) => {
      const group = groups.get(id);
      if (!group) return [];
      const { displayName, externalId } = group.data;
      return [
        {
          id,
          ...(typeof displayName === "string" ? { displayName } : {}),
          ...(typeof externalId === "string" ? { externalId } : {}),
          direct: direct.has(id),
        },
      ];
    });
  }

  async close(): Promise<void> {
    this.#tenants.clear();
  }

  #space(ctx: RequestContext): TenantSpace {
    let space = this.#tenants.get(ctx.tenantId);
    if (!space) {
      space = new TenantSpace();
      this.#tenants.set(ctx.tenantId, space);
    }
    return space;
  }

  #nextVersion(): string {
    this.#versionCounter += 1;
    return this.#versionCounter.toString(36);
  }

  #touch(entry: Entry): void {
    entry.version = this.#nextVersion();
    entry.lastModified = new Date().toISOString();
  }

  /** The stored attributes: no `meta`, and no `members`/`groups`, which live in membership rows. */
  #attributesOf(data: ResourceData): ResourceData {
    return storedAttributesOf(data);
  }

  #existing(space: TenantSpace, rt: ResourceTypeSchema, id: string, condition?: WriteCondition): Entry {
    const entry = space.table(rt.resourceType.name).get(id);
    if (!entry) throw ScimError.notFound(`${rt.resourceType.name} "${id}" not found`);
    if (condition?.expectedVersion !== undefined && condition.expectedVersion !== entry.version) {
      throw new ScimError(
        412,
        undefined,
        `${rt.resourceType.name} "${id}" is at version ${entry.version}, not ${condition.expectedVersion}`,
      );
    }
    return entry;
  }

  /** Checks the unique attributes of `data` against other resources; returns the index keys to hold. */
  #uniqueClaims(space: TenantSpace, rt: ResourceTypeSchema, data: ResourceData, selfId: string | undefined) {
    const claims: string[] = [];
    for (const unique of uniqueAttributesOf(rt)) {
      const value = uniqueValueOf(data, unique);
      if (value === undefined) continue;
      const claim = this.#claimKey(rt, unique, value);
      const holder = space.unique.get(claim);
      if (holder !== undefined && holder !== selfId) {
        throw new ScimError(409, "uniqueness", `${unique.attribute.name} "${value}" is already in use`);
      }
      claims.push(claim);
    }
    return claims;
  }

  #claimKey(rt: ResourceTypeSchema, unique: UniqueAttribute, value: string): string {
    const scope = unique.attribute.uniqueness === "global" ? "*" : rt.resourceType.name.toLowerCase();
    return `${scope}\u0000${unique.schema ?? ""}:${unique.attribute.name.toLowerCase()}\u0000${value}`;
  }

  /**
   * `userName eq "x"` (any unique attribute, `eq` on a string): the lookup IdPs make before every
   * create, answered from the uniqueness index instead of a scan. Returns undefined for other filters.
   */
  #probeUnique(space: TenantSpace, rt: ResourceTypeSchema, filter: ListQuery["filter"]): Entry[] | undefined {
    if (filter?.kind !== "compare" || filter.op !== "eq" || typeof filter.value !== "string")
      return undefined;
    if (filter.path.subAttribute !== undefined) return undefined;
    const resolved = rt.resolve(filter.path);
    if (!resolved || resolved.subAttribute) return undefined;
    const unique = uniqueAttributesOf(rt).find((u) => u.attribute === resolved.attribute);
    if (!unique) return undefined;
    const value = unique.attribute.caseExact ? filter.value : filter.value.toLowerCase();
    const holder = space.unique.get(this.#claimKey(rt, unique, value));
    const entry = holder === undefined ? undefined : space.table(rt.resourceType.name).get(holder);
    // The filter still runs on the probed entry, so the result equals a scan's.
    return entry ? [entry] : [];
  }

  /** Swaps the uniqueness index keys `entry` holds for `claims`. */
  #holdClaims(space: TenantSpace, entry: Entry, claims: string[]): void {
    for (const claim of entry.claims) if (space.unique.get(claim) === entry.id) space.unique.delete(claim);
    for (const claim of claims) space.unique.set(claim, entry.id);
    entry.claims = claims;
  }

  #setMembers(space: TenantSpace, groupId: string, rows: readonly MemberRef[]): MemberDelta {
    return this.#applyMembership(space, groupId, { remove: "all", add: rows });
  }

  /** Applies a membership delta row by row; returns who joined and left, and whether anything changed. */
  #applyMembership(space: TenantSpace, groupId: string, change: MembershipChange): MemberDelta {
    let rows = space.members.get(groupId);
    if (!rows) {
      rows = new Map();
      space.members.set(groupId, rows);
    }
    // Compare only the touched rows, so one change costs the same in a group of any size.
    const before = new Map<string, MemberRef | undefined>();
    const remember = (memberId: string) => {
      if (!before.has(memberId)) before.set(memberId, rows.get(memberId));
    };
    const removed = change.remove === "all" ? [...rows.keys()] : (change.remove ?? []);
    for (const memberId of removed) {
      remember(memberId);
      rows.delete(memberId);
      space.memberOf.get(memberId)?.delete(groupId);
    }
    for (const member of change.add ?? []) {
      remember(member.value);
      const existing = rows.get(member.value);
      rows.set(member.value, existing ? { ...existing, ...member } : { ...member });
      let groups = space.memberOf.get(member.value);
      if (!groups) {
        groups = new Set();
        space.memberOf.set(member.value, groups);
      }
      groups.add(groupId);
    }
    const delta: MemberDelta = { added: [], removed: [], changed: false };
    let changed = false;
    for (const [memberId, old] of before) {
      const now = rows.get(memberId);
      if (this.#rowText(now) !== this.#rowText(old)) changed = true;
      if (old === undefined && now !== undefined) delta.added.push({ ...now });
      if (old !== undefined && now === undefined) delta.removed.push(old);
    }
    return { ...delta, changed };
  }

  /** Appends the journal entry of a write (when the journal is on). */
  async #record(
    ctx: RequestContext,
    space: TenantSpace,
    action: JournalRecord["action"],
    entry: Entry,
    changes: () => AttributeChange[],
    members: MemberDelta | undefined,
  ): Promise<void> {
    const journal = this.#journal;
    const options = this.#journalOptions;
    if (!journal || !options) return;
    const attributes = changes();
    const record: JournalRecord = {
      action,
      resourceType: entry.resourceType,
      resourceId: entry.id,
      version: action === "delete" ? null : entry.version,
      changes: members ? [...attributes, ...memberChanges(members.added, members.removed)] : attributes,
    };
    const draft = newJournalEntry(ctx, record);
    // Without hooks the entry is appended in the same synchronous step as the change.
    if (!options.derive || options.derive.length === 0) journal.append(draft);
    else {
      try {
        journal.append(await withDerivedEvents(draft, options, () => this.#lookup(space), ctx));
      } catch (error) {
        // Memory has no rollback: the change stays, so its entry does too (without hook events).
        journal.append(draft);
        journal.committed();
        throw error;
      }
    }
    journal.committed();
  }

  #lookup(space: TenantSpace): MembershipLookup {
    const summary = (id: string): GroupSummary | undefined => {
      const group = space.table("Group").get(id);
      if (!group) return undefined;
      const { displayName, externalId } = group.data;
      return {
        id,
        ...(typeof displayName === "string" ? { displayName } : {}),
        ...(typeof externalId === "string" ? { externalId } : {}),
      };
    };
    return {
      groupsOf: async (memberId) =>
        [...(space.memberOf.get(memberId) ?? [])].flatMap((id) => summary(id) ?? []),
      group: async (id) => summary(id),
      userActive: async (id) => {
        const user = space.table(USER_TYPE).get(id);
        return user ? user.data.active !== false : undefined;
      },
    };
  }

  #rowText(row: MemberRef | undefined): string | undefined {
    return row === undefined ? undefined : JSON.stringify([row.value, row.type, row.display]);
  }

  /**
   * A member row with `display` (RFC 7643 §4.2, "a human-readable name") read from the member as
   * it is now: a user's `displayName`, else its `userName`; a group's `displayName`. A member that
   * does not resolve keeps the stored `display`. Always a new object: stored rows are never shared.
   */
  #withDisplay(space: TenantSpace, row: MemberRef): MemberRef {
    const user = space.table(USER_TYPE).get(row.value);
    const group = user ? undefined : space.table(GROUP_TYPE).get(row.value);
    const name = user
      ? (stringOf(user.data.displayName) ?? stringOf(user.data.userName))
      : stringOf(group?.data.displayName);
    return name === undefined ? { ...row } : { ...row, display: name };
  }

  /** `copy: false` shares the stored objects: only for read-only use inside the store. */
  #toStored(space: TenantSpace, entry: Entry, withMembers: boolean, copy = true): StoredResource {
    const data = copy ? clone(entry.data) : { ...entry.data };
    const type = entry.resourceType.toLowerCase();
    if (isMembershipType(type) && withMembers) {
      const rows = [...(space.members.get(entry.id)?.values() ?? [])];
      if (rows.length > 0) data.members = rows.map((row) => this.#withDisplay(space, row));
    }
    if (type === USER_TYPE) {
      const groups = [...(space.memberOf.get(entry.id) ?? [])].flatMap((groupId) => {
        const group = space.table("Group").get(groupId);
        if (!group) return [];
        const display = group.data.displayName;
        return [{ value: groupId, ...(typeof display === "string" ? { display } : {}), type: "direct" }];
      });
      if (groups.length > 0) data.groups = groups;
    }
    return {
      resourceType: entry.resourceType,
      id: entry.id,
      data,
      version: entry.version,
      created: entry.created,
      lastModified: entry.lastModified,
    };
  }

  /** The resource as filters see it: attributes plus `meta` (RFC 7644 §3.4.2.2 allows `meta.*`). */
  #viewOf(stored: StoredResource): Record<string, unknown> {
    return {
      ...stored.data,
      meta: {
        resourceType: stored.resourceType,
        created: stored.created,
        lastModified: stored.lastModified,
        version: stored.version,
      },
    };
  }
}
