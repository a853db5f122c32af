/**
 * `@scimkit/server/audit`: the audit trail of a store — query by tenant, resource and time range,
 * export as JSON lines, prune to a retention period.
 *
 * @module @scimkit/server/audit
 */

export { InvalidCursorError } from "../journal/cursor-text.js";
export type { AttributeChange, JournalAction } from "../journal/entry.js";
export { REDACTED } from "../journal/entry.js";
export {
  type AuditEvent,
  type AuditExportRecord,
  auditEventOf,
  auditExportRecordOf,
} from "./audit-event.js";
export { AuditLog, type AuditPage, type AuditQuery } from "./audit-log.js";
export { type AuditRetention, type AuditRetentionOptions, startAuditRetention } from "./retention.js";
