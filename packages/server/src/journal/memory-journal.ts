import type {
  ChangeJournal,
  JournalAuditQuery,
  JournalReadQuery,
  SubscriptionState,
  SubscriptionUpdate,
} from "./change-journal.js";
import type { JournalEntry, JournalPosition, NewJournalEntry } from "./entry.js";
import { comparePositions } from "./position.js";

interface Lease {
  owner: string;
  until: string;
}

/** The change journal of a `MemoryStore`: entries and subscriptions in process memory. */
export class MemoryJournal implements ChangeJournal {
  readonly #entries: JournalEntry[] = [];
  readonly #subscriptions = new Map<string, SubscriptionState>();
  readonly #leases = new Map<string, Lease>();
  readonly #listeners = new Set<() => void>();
  #seq = 0;

  /** Appends an entry (the memory store calls this in the same synchronous step as the change). */
  append(entry: NewJournalEntry): void {
    this.#entries.push({ ...entry, position: { tx: 0, seq: ++this.#seq } });
  }

  /** Tells commit listeners that a write finished. */
  committed(): void {
    for (const listener of this.#listeners) listener();
  }

  async read(query: JournalReadQuery): Promise<JournalEntry[]> {
    const out: JournalEntry[] = [];
    for (const entry of this.#entries) {
      if (out.length >= query.limit) break;
      if (query.tenant !== undefined && entry.tenant !== query.tenant) continue;
      if (query.after) {
        const order = comparePositions(entry.position, query.after);
        if (order < 0 || (order === 0 && !query.inclusive)) continue;
      }
      out.push(entry);
    }
    return out;
  }

  async end(tenant?: string): Promise<JournalPosition | undefined> {
    for (let i = this.#entries.length - 1; i >= 0; i--) {
      const entry = this.#entries[i]!;
      if (tenant === undefined || entry.tenant === tenant) return entry.position;
    }
    return undefined;
  }

  async audit(query: JournalAuditQuery): Promise<JournalEntry[]> {
    const out: JournalEntry[] = [];
    for (const entry of this.#entries) {
      if (out.length >= query.limit) break;
      if (query.tenant !== undefined && entry.tenant !== query.tenant) continue;
      if (query.resourceId !== undefined && entry.resourceId !== query.resourceId) continue;
      if (query.resourceType !== undefined && entry.resourceType !== query.resourceType) continue;
      if (query.since !== undefined && entry.time < query.since) continue;
      if (query.until !== undefined && entry.time >= query.until) continue;
      if (query.after && comparePositions(entry.position, query.after) <= 0) continue;
      out.push(entry);
    }
    return out;
  }

  async prune(before: string): Promise<number> {
    const kept = this.#entries.filter((entry) => entry.time >= before);
    const removed = this.#entries.length - kept.length;
    this.#entries.splice(0, this.#entries.length, ...kept);
    return removed;
  }

  async ensureSubscription(name: string, tenant: string | null, cursor: string | null): Promise<void> {
    if (this.#subscriptions.has(name)) return;
    this.#subscriptions.set(name, {
      name,
      tenant,
      cursor,
      attempts: 0,
      lastError: null,
      lastAttemptAt: null,
      lastDeliveredAt: null,
      nextAttemptAt: null,
      delivered: 0,
    });
  }

  async claimSubscription(
    name: string,
    owner: string,
    leaseUntil: string,
    now: string,
  ): Promise<SubscriptionState | undefined> {
    const state = this.#subscriptions.get(name);
    if (!state) return undefined;
    const lease = this.#leases.get(name);
    if (lease && lease.owner !== owner && lease.until >= now) return undefined;
    if (state.nextAttemptAt !== null && state.nextAttemptAt > now) return undefined;
    this.#leases.set(name, { owner, until: leaseUntil });
    return state;
  }

  async releaseSubscription(name: string, owner: string, update: SubscriptionUpdate): Promise<boolean> {
    const state = this.#subscriptions.get(name);
    if (!state || this.#leases.get(name)?.owner !== owner) return false;
    this.#leases.delete(name);
    const { deliveredDelta, ...rest } = update;
    this.#subscriptions.set(name, { ...state, ...rest, delivered: state.delivered + deliveredDelta });
    return true;
  }

  async subscriptions(): Promise<SubscriptionState[]> {
    return [...this.#subscriptions.values()];
  }

  onCommit(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
