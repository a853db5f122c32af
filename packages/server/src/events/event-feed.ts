import { type ChangeJournal, journalOf, type WithChangeJournal } from "../journal/change-journal.js";
import { formatCursor, parseCursor } from "../journal/cursor-text.js";
import type { JournalPosition } from "../journal/entry.js";
import { comparePositions } from "../journal/position.js";
import { type IdentityEvent, identityEventsOf } from "./identity-event.js";

/** What {@link EventFeed.list} reads. */
export interface EventListQuery {
  /** Only this tenant's events (all tenants when absent). */
  readonly tenant?: string;
  /** Continue after this cursor (`nextCursor` or an event's `cursor`); from the start when absent or empty. */
  readonly after?: string;
  /** Events per page (default 100, at most 1000). */
  readonly limit?: number;
}

/** One page of identity events. */
export interface EventPage {
  readonly events: IdentityEvent[];
  /** Where the next call continues; equal to `after` when nothing new was there. */
  readonly nextCursor: string;
}

const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1000;
/** Journal entries read per round trip while filling a page. */
const ENTRY_BATCH = 200;

/**
 * Identity events in commit order with a cursor, read from the store's change journal: a consumer
 * that was down continues from its last cursor and misses nothing.
 *
 * @example
 * const feed = new EventFeed(store);
 * let cursor = loadCursor();
 * const page = await feed.list({ after: cursor, limit: 100 });
 * for (const event of page.events) await handle(event);
 * saveCursor(page.nextCursor);
 */
export class EventFeed {
  readonly #journal: ChangeJournal;

  constructor(source: WithChangeJournal | ChangeJournal) {
    this.#journal = "read" in source ? source : journalOf(source);
  }

  /** The journal the feed reads. */
  get journal(): ChangeJournal {
    return this.#journal;
  }

  /** The cursor of the feed's current end: a new consumer that wants only what happens next starts here. */
  async endCursor(tenant?: string): Promise<string> {
    const end = await this.#journal.end(tenant);
    return end ? formatCursor({ position: end }) : "";
  }

  /** The next events after `after`, at most `limit`. Throws `InvalidCursorError` for a foreign cursor. */
  async list(query: EventListQuery = {}): Promise<EventPage> {
    const limit = Math.min(MAX_LIMIT, Math.max(1, Math.floor(query.limit ?? DEFAULT_LIMIT)));
    const start = parseCursor(query.after);
    const events: IdentityEvent[] = [];
    let cursor = query.after ?? "";
    let after: JournalPosition | undefined = start?.position;
    let inclusive = start?.consumed !== undefined;
    for (;;) {
      const entries = await this.#journal.read({
        limit: ENTRY_BATCH,
        inclusive,
        ...(query.tenant !== undefined ? { tenant: query.tenant } : {}),
        ...(after ? { after } : {}),
      });
      for (const entry of entries) {
        const all = identityEventsOf(entry);
        const resume =
          start?.consumed !== undefined && comparePositions(entry.position, start.position) === 0
            ? start.consumed
            : 0;
        for (const event of all.slice(resume)) {
          if (events.length >= limit) return { events, nextCursor: cursor };
          events.push(event);
          cursor = event.cursor;
        }
        // An entry without (more) events is passed over for good.
        cursor = formatCursor({ position: entry.position });
      }
      const last = entries.at(-1);
      if (!last || entries.length < ENTRY_BATCH) return { events, nextCursor: cursor };
      after = last.position;
      inclusive = false;
    }
  }
}
