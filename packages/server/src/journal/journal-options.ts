import type { RequestContext } from "../context.js";
import type { DerivedEventDraft, NewJournalEntry } from "./entry.js";

/** A group as a derivation hook sees it, inside the write transaction. */
export interface GroupSummary {
  readonly id: string;
  readonly displayName?: string;
  readonly externalId?: string;
}

/** Reads memberships inside the write transaction, for derivation hooks. */
export interface MembershipLookup {
  /** The groups `memberId` is a direct member of, after the change. */
  groupsOf(memberId: string): Promise<GroupSummary[]>;
  /** One group after the change, or undefined. */
  group(groupId: string): Promise<GroupSummary | undefined>;
  /**
   * Whether User `userId` is active after the change (RFC 7643 §4.1.1: an absent `active` counts
   * as active), or undefined when no such User exists (never created, deleted, or not a User).
   */
  userActive(userId: string): Promise<boolean | undefined>;
}

/**
 * Derives extra identity events inside the write transaction, so they commit (or not) with the
 * change: e.g. `account.roles_changed` from a group → role mapping. The lookup sees the state after
 * the change; the entry's member changes say what it was before.
 */
export type EventDeriver = (
  entry: NewJournalEntry,
  lookup: MembershipLookup,
  ctx: RequestContext,
) => readonly DerivedEventDraft[] | Promise<readonly DerivedEventDraft[]>;

/** The `journal` option of the kit's stores. */
export interface JournalOptions {
  /** Hooks that add events to an entry in the write transaction (see {@link EventDeriver}). */
  readonly derive?: readonly EventDeriver[];
}

/** `journal` as the stores accept it: `false` turns the journal off, `true`/absent keeps the defaults. */
export type JournalSetting = boolean | JournalOptions;

/** The options in force, or undefined when the journal is off. */
export function resolveJournalSetting(setting: JournalSetting | undefined): JournalOptions | undefined {
  if (setting === false) return undefined;
  return setting === true || setting === undefined ? {} : setting;
}
