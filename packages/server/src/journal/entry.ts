/**
 * The change journal: one entry per mutation, written by the store in the same transaction as the
 * change. Audit events and identity events are both read from it, so neither can disagree with
 * the data: a change that committed has its entry, an entry exists only for a committed change.
 */

/** What a mutation did (the audit event's `action`). */
export type JournalAction = "create" | "replace" | "patch" | "delete";

/**
 * One attribute that changed. `path` is a SCIM attribute path (`name.givenName`,
 * `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department`, or
 * `members[value eq "<id>"]` for one member); an absent value is `null`. Values of `returned:
 * "never"` attributes (e.g. `password`) read {@link REDACTED}.
 */
export interface AttributeChange {
  readonly path: string;
  readonly before: unknown;
  readonly after: unknown;
}

/** What a redacted value reads in the journal. */
export const REDACTED = "[redacted]";

/**
 * An identity event that a hook derived inside the write transaction (e.g. `account.roles_changed`
 * from a group → role mapping); stored with the entry, delivered after the events the kit derives.
 */
export interface DerivedEventDraft {
  /** The event type, e.g. `account.roles_changed`. */
  readonly type: string;
  readonly resourceType: string;
  readonly resourceId: string;
  /** The changed attributes (for roles: `{ path: "roles", before: [...], after: [...] }`). */
  readonly changes: readonly AttributeChange[];
  /** Anything else the consumer needs, JSON-serialisable. */
  readonly data?: Readonly<Record<string, unknown>>;
}

/** What the store knows of one mutation; the journal adds who, when and where from the context. */
export interface JournalRecord {
  readonly action: JournalAction;
  readonly resourceType: string;
  readonly resourceId: string;
  /** The version after the change; `null` for a delete. */
  readonly version: string | null;
  readonly changes: readonly AttributeChange[];
}

/**
 * Where an entry sits in commit order. `tx` orders by transaction (PostgreSQL: the writing
 * transaction's id, so a reader never passes an entry whose transaction is still open; SQLite and
 * memory write one transaction at a time and use 0), `seq` within and across transactions.
 */
export interface JournalPosition {
  readonly tx: number;
  readonly seq: number;
}

/** One journal entry: the audit event plus its place in the journal. */
export interface JournalEntry {
  /** Unique id of the entry (a UUID). */
  readonly id: string;
  readonly position: JournalPosition;
  /** ISO 8601 instant of the change. */
  readonly time: string;
  readonly tenant: string;
  readonly requestId: string | null;
  /** Who made the change (`RequestContext.principal`): a token id, JWT `sub` or `client_id`. */
  readonly actor: string | null;
  readonly method: string | null;
  readonly path: string | null;
  readonly action: JournalAction;
  readonly resourceType: string;
  readonly resourceId: string;
  readonly version: string | null;
  readonly changes: readonly AttributeChange[];
  /** Events a hook derived in the write transaction (see {@link DerivedEventDraft}). */
  readonly derivedEvents: readonly DerivedEventDraft[];
}

/** An entry as the store writes it (the position is assigned by the database). */
export type NewJournalEntry = Omit<JournalEntry, "position">;
