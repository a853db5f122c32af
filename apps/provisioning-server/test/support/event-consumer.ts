import type { FeedEvent } from "./consistency.js";

/**
 * A consumer of the app's identity-event feed (`GET /api/events?after=<cursor>`) that keeps its
 * cursor across pages and across server restarts, as a real consumer stores it: the cursor moves
 * only when a page has been received whole.
 */
export class EventConsumer {
  readonly events: FeedEvent[] = [];
  cursor = "";
  #running: Promise<void> | undefined;
  #stopped = false;

  constructor(
    /** The server's origin (`http://127.0.0.1:port`); changed after a restart. */
    public origin: string,
    readonly adminToken: string,
  ) {}

  /** Pulls one page; returns how many events it held. Throws when no answer comes. */
  async pull(): Promise<number> {
    const after = encodeURIComponent(this.cursor);
    const response = await fetch(`${this.origin}/api/events?after=${after}&limit=500`, {
      headers: { Authorization: `Bearer ${this.adminToken}` },
      signal: AbortSignal.timeout(15_000),
    });
    if (response.status !== 200)
      throw new Error(`GET /api/events: ${response.status} ${await response.text()}`);
    const page = (await response.json()) as { events: FeedEvent[]; nextCursor: string };
    this.events.push(...page.events);
    this.cursor = page.nextCursor;
    return page.events.length;
  }

  /** Pulls in the background until {@link stop}; a page that fails (the server is down) is retried. */
  start(): void {
    this.#stopped = false;
    this.#running = (async () => {
      while (!this.#stopped) {
        const count = await this.pull().catch(() => 0);
        if (count === 0) await new Promise((resolve) => setTimeout(resolve, 50));
      }
    })();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    await this.#running;
  }

  /** Pulls until a page comes back empty (nothing is being written any more). */
  async drain(): Promise<void> {
    while ((await this.pull()) > 0) {}
  }
}

/** The whole feed from its start, as a new consumer would read it. */
export async function readWholeFeed(origin: string, adminToken: string): Promise<FeedEvent[]> {
  const reader = new EventConsumer(origin, adminToken);
  await reader.drain();
  return reader.events;
}
