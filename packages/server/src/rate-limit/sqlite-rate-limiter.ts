import type { SqliteDatabaseLike } from "../auth/sqlite-credential-store.js";
import {
  decide,
  type FixedWindow,
  fixedWindow,
  type RateLimitDecision,
  type RateLimiter,
  type RateLimiterOptions,
  windowStartOf,
} from "./rate-limiter.js";

/** One statement per request: the window's counter row is created or incremented, and read back. */
const HIT = `INSERT INTO scim_rate_limits (bucket, window_start, hits) VALUES (?, ?, 1)
  ON CONFLICT (bucket, window_start) DO UPDATE SET hits = hits + 1
  RETURNING hits`;

const PRUNE = "DELETE FROM scim_rate_limits WHERE window_start < ?";

/**
 * Counts requests in the `scim_rate_limits` table of a SQLite file (created by the store
 * migrations: open a `SqliteStore` or call `migrateSqlite` first), so every process using the file
 * shares one count per key and window. Windows are read from each process's clock.
 *
 * @example
 * const store = new SqliteStore({ filename: "scim.db", registry });
 * const limiter = new SqliteRateLimiter(store.database, { limit: 600 });
 */
export class SqliteRateLimiter implements RateLimiter {
  readonly #db: SqliteDatabaseLike;
  readonly #window: FixedWindow;
  #prunedBefore = Number.NEGATIVE_INFINITY;

  constructor(database: SqliteDatabaseLike, options: RateLimiterOptions) {
    this.#db = database;
    this.#window = fixedWindow(options);
  }

  async hit(key: string): Promise<RateLimitDecision> {
    const now = this.#window.now();
    const windowStart = windowStartOf(now, this.#window.windowMs);
    // Once per window and process: counters of finished windows are dropped.
    if (windowStart > this.#prunedBefore) {
      this.#prunedBefore = windowStart;
      this.#db.prepare(PRUNE).run(windowStart);
    }
    const { hits } = this.#db.prepare(HIT).get(key, windowStart) as { hits: number };
    return decide(this.#window, windowStart, hits, now);
  }
}
