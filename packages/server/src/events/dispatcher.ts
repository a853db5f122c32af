import { randomUUID } from "node:crypto";
import type { ScimLogger } from "../config.js";
import type { ChangeJournal, SubscriptionState, WithChangeJournal } from "../journal/change-journal.js";
import { type BackoffOptions, backoffDelay } from "./backoff.js";
import { EventFeed } from "./event-feed.js";
import type { IdentityEvent } from "./identity-event.js";
import { type WebhookTarget, webhookDelivery } from "./webhook.js";

/** Receives one event; throwing (or rejecting) makes the dispatcher retry it later. */
export type EventHandler = (event: IdentityEvent) => void | Promise<void>;

/** A named subscription. The name keys its delivery state, shared by every instance. */
export interface SubscriptionOptions {
  /** Unique name, e.g. `"end-sessions"` or `"webhook:crm"`. */
  readonly name: string;
  /** Only this tenant's events (all tenants when absent). */
  readonly tenant?: string;
  /** Only these event types (all when absent); other events are passed over. */
  readonly types?: readonly string[];
  /**
   * Where a subscription that has no state yet starts: `"end"` (default) delivers what happens
   * from now on, `"beginning"` everything the journal still holds.
   */
  readonly startAt?: "beginning" | "end";
}

/** Options of {@link EventDispatcher}. */
export interface EventDispatcherOptions {
  /** How often to look for events written by other processes and for due retries (default 1000 ms). */
  readonly pollIntervalMs?: number;
  /** How long one instance holds a subscription while delivering (default 60 s). */
  readonly leaseMs?: number;
  /** Events per delivery run (default 100). */
  readonly batchSize?: number;
  /** Retry timing after a failed delivery. */
  readonly backoff?: BackoffOptions;
  /** Where delivery failures are logged (default: `console`). */
  readonly logger?: ScimLogger;
}

/** A subscription's delivery status. */
export interface DeliveryStatus extends SubscriptionState {
  /** Whether this process has a handler for it. */
  readonly local: boolean;
}

interface Registered {
  readonly options: SubscriptionOptions;
  readonly handler: EventHandler;
}

/**
 * Delivers identity events from the change journal (the outbox) to in-process handlers and HTTP
 * webhooks: after commit, in order, at least once, retrying failures with exponential backoff.
 * Each subscription's cursor, attempts and last error are stored beside the journal, so a
 * restarted process continues where it stopped, and a lease keeps two instances from delivering
 * one subscription at the same time.
 *
 * @example
 * const events = new EventDispatcher(store);
 * await events.subscribe({ name: "end-sessions", types: ["user.deactivated"] }, (e) => sessions.end(e.resourceId));
 * await events.webhook({ name: "crm", url: "https://crm.example/hooks/scim", secrets: [secret] });
 * events.start();
 */
export class EventDispatcher {
  readonly #feed: EventFeed;
  readonly #journal: ChangeJournal;
  readonly #options: EventDispatcherOptions;
  readonly #owner = randomUUID();
  readonly #handlers = new Map<string, Registered>();
  readonly #logger: ScimLogger;
  #timer: NodeJS.Timeout | undefined;
  #unlisten: (() => void) | undefined;
  #running: Promise<void> | undefined;
  #again = false;

  constructor(source: WithChangeJournal | ChangeJournal, options: EventDispatcherOptions = {}) {
    this.#feed = new EventFeed(source);
    this.#journal = this.#feed.journal;
    this.#options = options;
    this.#logger = options.logger ?? console;
  }

  /** The feed the dispatcher reads (for cursor pulls). */
  get feed(): EventFeed {
    return this.#feed;
  }

  /** Registers an in-process handler under a subscription name (creating its state if new). */
  async subscribe(options: SubscriptionOptions, handler: EventHandler): Promise<void> {
    if (this.#handlers.has(options.name))
      throw new Error(`subscription "${options.name}" is already registered`);
    const cursor = options.startAt === "beginning" ? null : await this.#feed.endCursor(options.tenant);
    await this.#journal.ensureSubscription(options.name, options.tenant ?? null, cursor);
    this.#handlers.set(options.name, { options, handler });
    this.wake();
  }

  /** Registers a signed HTTP webhook (see {@link webhookDelivery}). */
  async webhook(options: SubscriptionOptions & WebhookTarget): Promise<void> {
    await this.subscribe(options, webhookDelivery(options));
  }

  /** Starts polling and delivering after each local commit. */
  start(): void {
    if (this.#timer) return;
    this.#unlisten = this.#journal.onCommit(() => this.wake());
    this.#timer = setInterval(() => this.wake(), this.#options.pollIntervalMs ?? 1000);
    this.#timer.unref();
    this.wake();
  }

  /** Stops polling and waits for a delivery run in progress. */
  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
    this.#unlisten?.();
    this.#unlisten = undefined;
    await this.#running;
  }

  /** Asks for a delivery run soon (runs never overlap within one dispatcher). */
  wake(): void {
    if (this.#running) {
      this.#again = true;
      return;
    }
    this.#running = (async () => {
      try {
        do {
          this.#again = false;
          if (await this.runOnce()) this.#again = true;
        } while (this.#again && this.#timer !== undefined);
      } catch (error) {
        this.#logger.error("event delivery run failed", {
          error: error instanceof Error ? error.message : String(error),
        });
      } finally {
        this.#running = undefined;
      }
    })();
  }

  /**
   * One delivery run over every local subscription; resolves true when a subscription has more
   * events waiting. Tests and scripts can call it directly instead of `start()`.
   */
  async runOnce(): Promise<boolean> {
    let more = false;
    for (const registered of this.#handlers.values()) more = (await this.#deliver(registered)) || more;
    return more;
  }

  /** Runs until every local subscription is caught up or waits for a retry. */
  async drain(maxRuns = 1000): Promise<void> {
    for (let run = 0; run < maxRuns; run++) if (!(await this.runOnce())) return;
  }

  /** Every subscription's cursor, attempts, last error and counts (also those of other processes). */
  async status(): Promise<DeliveryStatus[]> {
    return (await this.#journal.subscriptions()).map((state) => ({
      ...state,
      local: this.#handlers.has(state.name),
    }));
  }

  async #deliver({ options, handler }: Registered): Promise<boolean> {
    const started = Date.now();
    const state = await this.#journal.claimSubscription(
      options.name,
      this.#owner,
      new Date(started + (this.#options.leaseMs ?? 60_000)).toISOString(),
      new Date(started).toISOString(),
    );
    if (!state) return false;
    const batchSize = this.#options.batchSize ?? 100;
    let cursor = state.cursor ?? "";
    let attempts = state.attempts;
    let lastError = state.lastError;
    let lastDeliveredAt = state.lastDeliveredAt;
    let nextAttemptAt: string | null = null;
    let delivered = 0;
    let failed = false;
    let page: Awaited<ReturnType<EventFeed["list"]>> | undefined;
    try {
      page = await this.#feed.list({
        after: cursor,
        limit: batchSize,
        ...(state.tenant !== null ? { tenant: state.tenant } : {}),
      });
      for (const event of page.events) {
        if (!options.types || options.types.includes(event.type)) {
          try {
            await handler(event);
          } catch (error) {
            failed = true;
            attempts += 1;
            lastError = error instanceof Error ? error.message : String(error);
            nextAttemptAt = new Date(
              Date.now() + backoffDelay(attempts, this.#options.backoff),
            ).toISOString();
            this.#logger.warn?.(`event delivery to "${options.name}" failed (attempt ${attempts})`, {
              eventId: event.id,
              error: lastError,
            });
            break;
          }
          delivered += 1;
          attempts = 0;
          lastError = null;
          lastDeliveredAt = new Date().toISOString();
        }
        cursor = event.cursor;
      }
      if (!failed) cursor = page.nextCursor;
    } finally {
      await this.#journal.releaseSubscription(options.name, this.#owner, {
        cursor: cursor === "" ? null : cursor,
        attempts,
        lastError,
        lastAttemptAt: delivered > 0 || failed ? new Date().toISOString() : state.lastAttemptAt,
        lastDeliveredAt,
        nextAttemptAt,
        deliveredDelta: delivered,
      });
    }
    return !failed && page !== undefined && page.events.length >= batchSize;
  }
}
