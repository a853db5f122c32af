import { type ChangeJournal, journalOf, type WithChangeJournal } from "../journal/change-journal.js";
import { formatCursor, parseCursor } from "../journal/cursor-text.js";
import type { AuditExportRecord } from "./audit-event.js";
import { type AuditEvent, auditEventOf, auditExportRecordOf } from "./audit-event.js";

/** Which audit events to read; every field narrows the result. */
export interface AuditQuery {
  readonly tenant?: string;
  readonly resourceId?: string;
  readonly resourceType?: string;
  /** From this instant on (inclusive). */
  readonly since?: Date | string;
  /** Before this instant (exclusive). */
  readonly until?: Date | string;
  /** Continue after this cursor (a `nextCursor` from before). */
  readonly after?: string;
  /** Events per page (default 500, at most 5000). */
  readonly limit?: number;
}

/** One page of audit events. */
export interface AuditPage {
  readonly events: AuditEvent[];
  /** Present when more events may follow. */
  readonly nextCursor?: string;
}

const DEFAULT_PAGE = 500;
const MAX_PAGE = 5000;

/** An instant as the journal stores it (ISO 8601, UTC); throws for text that is not a date. */
function instant(value: Date | string, name: string): string {
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime()))
    throw new RangeError(`${name} must be an ISO 8601 date-time, got "${String(value)}"`);
  return date.toISOString();
}

/**
 * The audit trail of a store: what changed, when, by whom and through which request, read from
 * the store's change journal (written in the same transaction as each change).
 *
 * @example
 * const audit = new AuditLog(store);
 * const { events } = await audit.query({ tenant: "acme", resourceId: userId });
 * for await (const line of audit.exportJsonLines({ since: "2026-01-01T00:00:00Z" })) process.stdout.write(line);
 */
export class AuditLog {
  readonly #journal: ChangeJournal;

  constructor(source: WithChangeJournal | ChangeJournal) {
    this.#journal = "read" in source ? source : journalOf(source);
  }

  /** One page of events, oldest first. */
  async query(query: AuditQuery = {}): Promise<AuditPage> {
    const limit = Math.min(MAX_PAGE, Math.max(1, Math.floor(query.limit ?? DEFAULT_PAGE)));
    const after = parseCursor(query.after)?.position;
    const entries = await this.#journal.audit({
      limit,
      ...(query.tenant !== undefined ? { tenant: query.tenant } : {}),
      ...(query.resourceId !== undefined ? { resourceId: query.resourceId } : {}),
      ...(query.resourceType !== undefined ? { resourceType: query.resourceType } : {}),
      ...(query.since !== undefined ? { since: instant(query.since, "since") } : {}),
      ...(query.until !== undefined ? { until: instant(query.until, "until") } : {}),
      ...(after ? { after } : {}),
    });
    const last = entries.at(-1);
    const events = entries.map(auditEventOf);
    return entries.length === limit && last
      ? { events, nextCursor: formatCursor({ position: last.position }) }
      : { events };
  }

  /** Every matching event, page by page. */
  async *events(query: AuditQuery = {}): AsyncGenerator<AuditEvent> {
    let after = query.after;
    for (;;) {
      const page = await this.query({ ...query, ...(after !== undefined ? { after } : {}) });
      yield* page.events;
      if (page.nextCursor === undefined) return;
      after = page.nextCursor;
    }
  }

  /**
   * Every matching event as one JSON line (newline-terminated) of exactly the fields of
   * {@link AuditExportRecord}: `time, tenant, requestId, actor, method, path, action,
   * resourceType, resourceId, version, changes`.
   */
  async *exportJsonLines(query: AuditQuery = {}): AsyncGenerator<string> {
    for await (const event of this.events(query)) yield `${JSON.stringify(auditExportRecordOf(event))}\n`;
  }

  /** Deletes the events older than `olderThan`; returns how many. */
  async prune(olderThan: Date | string): Promise<number> {
    return this.#journal.prune(instant(olderThan, "olderThan"));
  }
}
