import type { AttributeChange, DerivedEventDraft, NewJournalEntry } from "../journal/entry.js";
import type { EventDeriver, GroupSummary, MembershipLookup } from "../journal/journal-options.js";
import type { RoleMapping } from "./role-mapping.js";

/** Where the roles of one account stood before and after a change. */
interface RoleShift {
  readonly userId: string;
  /** The direct groups before the change (by id), when the change moved the account's memberships. */
  readonly directBefore: readonly GroupSummary[];
  readonly directAfter: readonly GroupSummary[];
  readonly activeBefore: boolean;
  readonly activeAfter: boolean;
}

const memberIdOf = (value: unknown): string | undefined => {
  const id = (value as { value?: unknown } | null)?.value;
  return typeof id === "string" ? id : undefined;
};

/** The groups `start` reaches through nested memberships, `start` included, each once. */
async function closureOf(start: readonly GroupSummary[], lookup: MembershipLookup): Promise<GroupSummary[]> {
  const seen = new Map<string, GroupSummary>();
  const queue = [...start];
  while (queue.length > 0) {
    const group = queue.shift() as GroupSummary;
    if (seen.has(group.id)) continue;
    seen.set(group.id, group);
    queue.push(...(await lookup.groupsOf(group.id)));
  }
  return [...seen.values()];
}

/** The accounts whose memberships a group entry moved: its user members added or removed. */
async function membershipShifts(entry: NewJournalEntry, lookup: MembershipLookup): Promise<RoleShift[]> {
  const joined = new Set<string>();
  const left = new Set<string>();
  for (const change of entry.changes) {
    if (!change.path.startsWith("members[")) continue;
    const added = memberIdOf(change.after);
    const removed = memberIdOf(change.before);
    if (added && change.before === null) joined.add(added);
    if (removed && change.after === null) left.add(removed);
  }
  const group = (await lookup.group(entry.resourceId)) ?? { id: entry.resourceId };
  const shifts: RoleShift[] = [];
  for (const userId of new Set([...joined, ...left])) {
    const active = await lookup.userActive(userId);
    // A nested group as member, or a member that is no User: no account of its own.
    if (active === undefined) continue;
    const directAfter = await lookup.groupsOf(userId);
    const others = directAfter.filter((g) => g.id !== group.id);
    const directBefore = joined.has(userId) ? others : [...others, group];
    shifts.push({ userId, directBefore, directAfter, activeBefore: active, activeAfter: active });
  }
  return shifts;
}

/** The account of a user entry whose `active` changed (RFC 7643 §4.1.1: absent counts as active). */
async function activityShift(entry: NewJournalEntry, lookup: MembershipLookup): Promise<RoleShift[]> {
  const change = entry.changes.find((c: AttributeChange) => c.path.toLowerCase() === "active");
  if (!change || entry.action === "delete") return [];
  const activeAfter = await lookup.userActive(entry.resourceId);
  if (activeAfter === undefined) return [];
  const direct = await lookup.groupsOf(entry.resourceId);
  return [
    {
      userId: entry.resourceId,
      directBefore: direct,
      directAfter: direct,
      activeBefore: change.before !== false,
      activeAfter,
    },
  ];
}

/**
 * An {@link EventDeriver} that adds `account.roles_changed` to the change journal, in the write
 * transaction, whenever a change moves an account's effective roles: a user joins or leaves a
 * mapped group (directly; nested groups count through the closure), or is deactivated or
 * reactivated. The event's change is `{ path: "roles", before, after }`; `data.permissions`
 * holds the permissions before and after. A deleted account has no event of its own here: its
 * `user.deleted` already says that every role is gone. Renaming a group, or nesting one group in
 * another, does not derive per-account events (it would read every member in the write).
 *
 * @example
 * const mapping = new RoleMapping(parseRoleConfig(json.roles));
 * const store = new SqliteStore({ filename, journal: { derive: [rolesChangedDeriver(mapping)] } });
 */
export function rolesChangedDeriver(mapping: RoleMapping): EventDeriver {
  return async (entry, lookup) => {
    const type = entry.resourceType.toLowerCase();
    const shifts =
      type === "group"
        ? await membershipShifts(entry, lookup)
        : type === "user"
          ? await activityShift(entry, lookup)
          : [];
    const events: DerivedEventDraft[] = [];
    for (const shift of shifts) {
      const before = shift.activeBefore ? mapping.rolesOf(await closureOf(shift.directBefore, lookup)) : [];
      const after = shift.activeAfter ? mapping.rolesOf(await closureOf(shift.directAfter, lookup)) : [];
      if (before.join("\0") === after.join("\0")) continue;
      events.push({
        type: "account.roles_changed",
        resourceType: "User",
        resourceId: shift.userId,
        changes: [{ path: "roles", before, after }],
        data: {
          permissions: { before: mapping.permissionsOf(before), after: mapping.permissionsOf(after) },
        },
      });
    }
    return events;
  };
}
