import type { AttributeChange, JournalAction, JournalEntry } from "../journal/entry.js";

/**
 * One audit event: a change to one resource, tied to the request and actor that caused it. These
 * are the fields of each JSON line of an audit export.
 */
export interface AuditEvent {
  /** Unique id of the event. */
  readonly id: string;
  /** ISO 8601 instant of the change. */
  readonly time: string;
  readonly tenant: string;
  readonly requestId: string | null;
  /** The token id, or the JWT `sub`/`client_id`, that made the change; never a secret. */
  readonly actor: string | null;
  readonly method: string | null;
  readonly path: string | null;
  readonly action: JournalAction;
  readonly resourceType: string;
  readonly resourceId: string;
  /** The resource's version after the change (`null` after a delete). */
  readonly version: string | null;
  /** What changed; `returned: "never"` values (e.g. `password`) read `"[redacted]"`. */
  readonly changes: readonly AttributeChange[];
}

/** The audit event of a journal entry. */
export function auditEventOf(entry: JournalEntry): AuditEvent {
  return {
    id: entry.id,
    time: entry.time,
    tenant: entry.tenant,
    requestId: entry.requestId,
    actor: entry.actor,
    method: entry.method,
    path: entry.path,
    action: entry.action,
    resourceType: entry.resourceType,
    resourceId: entry.resourceId,
    version: entry.version,
    changes: entry.changes,
  };
}

/**
 * One line of an audit export: exactly these fields, in this order (the event's `id` is left
 * out; `requestId` ties events of one request together).
 */
export interface AuditExportRecord {
  readonly time: string;
  readonly tenant: string;
  readonly requestId: string | null;
  readonly actor: string | null;
  readonly method: string | null;
  readonly path: string | null;
  readonly action: JournalAction;
  readonly resourceType: string;
  readonly resourceId: string;
  readonly version: string | null;
  readonly changes: readonly AttributeChange[];
}

/** The export record of an event (see {@link AuditExportRecord}). */
export function auditExportRecordOf(event: AuditEvent): AuditExportRecord {
  return {
    time: event.time,
    tenant: event.tenant,
    requestId: event.requestId,
    actor: event.actor,
    method: event.method,
    path: event.path,
    action: event.action,
    resourceType: event.resourceType,
    resourceId: event.resourceId,
    version: event.version,
    changes: event.changes,
  };
}
