import type { JournalEntry, JournalPosition } from "./entry.js";

/** Entries in commit order after a position (see {@link ChangeJournal.read}). */
export interface JournalReadQuery {
  /** Only this tenant's entries; all tenants when absent. */
  readonly tenant?: string;
  /** Start after this position; from the first entry when absent. */
  readonly after?: JournalPosition;
  /** The position itself is included when true (a reader that stopped inside an entry's events). */
  readonly inclusive?: boolean;
  readonly limit: number;
}

/** An audit query (see {@link ChangeJournal.audit}); every field narrows the result. */
export interface JournalAuditQuery {
  readonly tenant?: string;
  readonly resourceId?: string;
  readonly resourceType?: string;
  /** ISO 8601 instants: `since` inclusive, `until` exclusive. */
  readonly since?: string;
  readonly until?: string;
  /** Entries after this position only (paging). */
  readonly after?: JournalPosition;
  readonly limit: number;
}

/** A named subscription's delivery state, kept next to the journal (shared by every instance). */
export interface SubscriptionState {
  readonly name: string;
  /** Only this tenant's events, or every tenant's when null. */
  readonly tenant: string | null;
  /** The event cursor delivered up to (inclusive); null before the first delivery. */
  readonly cursor: string | null;
  /** Consecutive failed attempts of the event at the cursor (0 after a success). */
  readonly attempts: number;
  readonly lastError: string | null;
  readonly lastAttemptAt: string | null;
  readonly lastDeliveredAt: string | null;
  /** No attempt before this instant (backoff after a failure). */
  readonly nextAttemptAt: string | null;
  /** Events delivered so far. */
  readonly delivered: number;
}

/** What a delivery run writes back when it releases its lease. */
export interface SubscriptionUpdate {
  readonly cursor: string | null;
  readonly attempts: number;
  readonly lastError: string | null;
  readonly lastAttemptAt: string | null;
  readonly lastDeliveredAt: string | null;
  readonly nextAttemptAt: string | null;
  readonly deliveredDelta: number;
}

/**
 * The read side of a store's change journal, and the subscription bookkeeping that lives beside it.
 * Every store of the kit has one (`store.journal`); audit queries (`@scimkit/server/audit`) and
 * identity events (`@scimkit/server/events`) are built on it.
 */
export interface ChangeJournal {
  /**
   * Entries in commit order. On PostgreSQL only entries whose writing transaction and every older
   * one has finished are returned, so a reader that moves past a position never misses an entry
   * that commits later.
   */
  read(query: JournalReadQuery): Promise<JournalEntry[]>;
  /** The position of the last readable entry (for a subscription that starts at the end). */
  end(tenant?: string): Promise<JournalPosition | undefined>;
  /** Entries by tenant, resource and time range, in journal order. */
  audit(query: JournalAuditQuery): Promise<JournalEntry[]>;
  /** Deletes entries older than `before` (ISO 8601); returns how many. */
  prune(before: string): Promise<number>;
  /** Creates the subscription if it does not exist (an existing one keeps its cursor). */
  ensureSubscription(name: string, tenant: string | null, cursor: string | null): Promise<void>;
  /**
   * Takes the subscription's lease until `leaseUntil` when nobody else holds it and its backoff is
   * over; returns its state, or undefined. This is what keeps two instances from delivering the
   * same subscription at once.
   */
  claimSubscription(
    name: string,
    owner: string,
    leaseUntil: string,
    now: string,
  ): Promise<SubscriptionState | undefined>;
  /** Writes the delivery result and gives up the lease; false when the lease was lost meanwhile. */
  releaseSubscription(name: string, owner: string, update: SubscriptionUpdate): Promise<boolean>;
  /** Every subscription's state (delivery status). */
  subscriptions(): Promise<SubscriptionState[]>;
  /** Calls `listener` after each committed write of this process; returns the unsubscribe. */
  onCommit(listener: () => void): () => void;
}

/** Anything that may carry a change journal: the kit's stores do. */
export interface WithChangeJournal {
  readonly journal?: ChangeJournal;
}

/** The journal of a store; a clear error when it has none (a custom store, or `journal: false`). */
export function journalOf(store: WithChangeJournal): ChangeJournal {
  if (!store.journal) {
    throw new Error(
      "this store keeps no change journal: use MemoryStore, SqliteStore or PostgresStore (without journal: false)",
    );
  }
  return store.journal;
}
