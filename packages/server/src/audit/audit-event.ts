import type { JournalEntry } from "../journal/entry.js";

/**
 * One audit event: a change to one resource, tied to the request and actor that caused it — the
 * journal entry without its place in the journal and its derived events. `actor` is the token id
 * or the JWT `sub`/`client_id`, never a secret; `returned: "never"` values in `changes` (e.g.
 * `password`) read `"[redacted]"`.
 */
export type AuditEvent = Pick<
  JournalEntry,
  | "id"
  | "time"
  | "tenant"
  | "requestId"
  | "actor"
  | "method"
  | "path"
  | "action"
  | "resourceType"
  | "resourceId"
  | "version"
  | "changes"
>;

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
export type AuditExportRecord = Omit<AuditEvent, "id">;

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
