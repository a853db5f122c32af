/**
 * `@scimkit/server/events`: identity events for app code, read from the store's change journal
 * (the outbox written in each change's transaction) — pulled with a cursor, or delivered to
 * in-process handlers and signed HTTP webhooks, at least once, with retries.
 *
 * @module @scimkit/server/events
 */
export { InvalidCursorError } from "../journal/cursor-text.js";
export type { AttributeChange, DerivedEventDraft } from "../journal/entry.js";
export type { EventDeriver, GroupSummary, MembershipLookup } from "../journal/journal-options.js";
export { type BackoffOptions, backoffDelay } from "./backoff.js";
export {
  type DeliveryStatus,
  EventDispatcher,
  type EventDispatcherOptions,
  type EventHandler,
  type SubscriptionOptions,
} from "./dispatcher.js";
export { EventFeed, type EventListQuery, type EventPage } from "./event-feed.js";
export {
  IDENTITY_EVENT_TYPES,
  type IdentityEvent,
  type IdentityEventType,
  identityEventsOf,
} from "./identity-event.js";
export {
  SIGNATURE_HEADER,
  signWebhook,
  type VerifyWebhookOptions,
  verifyWebhookSignature,
} from "./signature.js";
export { WebhookDeliveryError, type WebhookTarget, webhookDelivery } from "./webhook.js";
