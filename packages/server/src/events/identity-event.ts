import { formatCursor } from "../journal/cursor-text.js";
import type { AttributeChange, JournalEntry } from "../journal/entry.js";

/** The identity events the kit derives from the change journal. */
export const IDENTITY_EVENT_TYPES = [
  "user.created",
  "user.updated",
  "user.deactivated",
  "user.reactivated",
  "user.deleted",
  "group.created",
  "group.deleted",
  "group.member_added",
  "group.member_removed",
  "account.roles_changed",
] as const;

/** One of {@link IDENTITY_EVENT_TYPES}; hooks may add types of their own. */
export type IdentityEventType = (typeof IDENTITY_EVENT_TYPES)[number];

/**
 * An identity change for app code: a new hire, a deactivation, a group membership. Delivered at
 * least once: use `id` to ignore repeats.
 */
export interface IdentityEvent {
  /** Unique and stable: a redelivery carries the same id. */
  readonly id: string;
  readonly type: IdentityEventType | (string & {});
  /** ISO 8601 instant of the change. */
  readonly time: string;
  readonly tenant: string;
  /** `User` or `Group` (the resource the event is about). */
  readonly resourceType: string;
  readonly resourceId: string;
  /** The request that caused it (`X-Request-Id`). */
  readonly requestId: string | null;
  readonly actor: string | null;
  /** The resource's version after the change; null after a delete. */
  readonly version: string | null;
  /** The changed attributes (redacted like the audit trail). */
  readonly changes: readonly AttributeChange[];
  /** Event-specific data: `member` for member events, whatever a hook adds for its events. */
  readonly data?: Readonly<Record<string, unknown>>;
  /** Where a reader continues after this event (`after=` of the feed). */
  readonly cursor: string;
}

type Draft = Omit<IdentityEvent, "id" | "cursor" | "time" | "tenant" | "requestId" | "actor" | "version">;

const isMemberChange = (change: AttributeChange) => change.path.startsWith("members[");

function activeOf(value: unknown): boolean {
  // RFC 7643 §4.1.1: an absent `active` does not make an account inactive.
  return value !== false;
}

function userDrafts(entry: JournalEntry): Draft[] {
  const base = { resourceType: entry.resourceType, resourceId: entry.resourceId };
  if (entry.action === "create") return [{ ...base, type: "user.created", changes: entry.changes }];
  if (entry.action === "delete") return [{ ...base, type: "user.deleted", changes: entry.changes }];
  const active = entry.changes.find((change) => change.path.toLowerCase() === "active");
  const wasActive = activeOf(active?.before);
  const isActive = activeOf(active?.after);
  const switched = active !== undefined && wasActive !== isActive;
  const others = entry.changes.filter((change) => !(switched && change === active));
  const drafts: Draft[] = [];
  if (switched)
    drafts.push({ ...base, type: isActive ? "user.reactivated" : "user.deactivated", changes: [active] });
  if (others.length > 0) drafts.push({ ...base, type: "user.updated", changes: others });
  return drafts;
}

function groupDrafts(entry: JournalEntry): Draft[] {
  const base = { resourceType: entry.resourceType, resourceId: entry.resourceId };
  if (entry.action === "delete") return [{ ...base, type: "group.deleted", changes: entry.changes }];
  const drafts: Draft[] = [];
  if (entry.action === "create") {
    drafts.push({ ...base, type: "group.created", changes: entry.changes.filter((c) => !isMemberChange(c)) });
  }
  for (const change of entry.changes) {
    if (!isMemberChange(change)) continue;
    const added = change.before === null;
    drafts.push({
      ...base,
      type: added ? "group.member_added" : "group.member_removed",
      changes: [change],
      data: { member: added ? change.after : change.before },
    });
  }
  return drafts;
}

/**
 * The identity events of one journal entry, in a fixed order (so cursors and ids are stable):
 * the kit's own events, then those a derivation hook stored with the entry. Users and Groups
 * have events; other resource types have none.
 */
export function identityEventsOf(entry: JournalEntry): IdentityEvent[] {
  const type = entry.resourceType.toLowerCase();
  const drafts: Draft[] = type === "user" ? userDrafts(entry) : type === "group" ? groupDrafts(entry) : [];
  for (const derived of entry.derivedEvents) {
    drafts.push({
      type: derived.type,
      resourceType: derived.resourceType,
      resourceId: derived.resourceId,
      changes: derived.changes,
      ...(derived.data ? { data: derived.data } : {}),
    });
  }
  return drafts.map((draft, index) => ({
    id: `${entry.id}.${index}`,
    time: entry.time,
    tenant: entry.tenant,
    requestId: entry.requestId,
    actor: entry.actor,
    version: entry.version,
    ...draft,
    cursor: formatCursor(
      index === drafts.length - 1
        ? { position: entry.position }
        : { position: entry.position, consumed: index + 1 },
    ),
  }));
}
