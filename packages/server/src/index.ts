/**
 * The SCIM 2.0 handler kit (RFC 7644): `createScimServer` over a pluggable `ResourceStore`, on a
 * web-standard `Request → Response` core. Adapters, stores and auth are subpath exports.
 *
 * @module @scimkit/server
 */
export * from "./config.js";
export * from "./context.js";
export * from "./etag.js";
export { AuthenticationError, InsufficientScopeError } from "./http/authentication-error.js";
export { isWellFormedRequestId, REQUEST_ID_HEADER, requestIdOf } from "./http/request-id.js";
export { SCIM_CONTENT_TYPE, type ScimResponse } from "./http/scim-response.js";
export type {
  ChangeJournal,
  JournalAuditQuery,
  JournalReadQuery,
  SubscriptionState,
  SubscriptionUpdate,
  WithChangeJournal,
} from "./journal/change-journal.js";
export type {
  AttributeChange,
  DerivedEventDraft,
  JournalAction,
  JournalEntry,
  JournalPosition,
  JournalRecord,
} from "./journal/entry.js";
export type {
  EventDeriver,
  GroupSummary,
  JournalOptions,
  JournalSetting,
  MembershipLookup,
} from "./journal/journal-options.js";
export * from "./patch/index.js";
export type { ScimRuntime } from "./runtime.js";
export * from "./secrets/index.js";
export * from "./server.js";
export * from "./store/memory.js";
export type * from "./store/store.js";
