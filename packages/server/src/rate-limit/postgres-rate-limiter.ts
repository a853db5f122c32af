import type { PostgresQueryable } from "../auth/postgres-credential-store.js";
import { quoteSchema } from "../store/sql/postgres/migrations.js";
import {
  decide,
  type FixedWindow,
  fixedWindow,
  type RateLimitDecision,
  type RateLimiter,
  type RateLimiterOptions,
  windowStartOf,
} from "./rate-limiter.js";

/** Options of {@link PostgresRateLimiter}. */
export interface PostgresRateLimiterOptions extends RateLimiterOptions {
  /** A `pg.Pool` (shared with the `PostgresStore` is fine); the limiter never closes it. */
  readonly pool: PostgresQueryable;
  /** The schema the store migrations created the tables in; default `public`. */
  readonly schema?: string;
}

/**
 * Counts requests in the `scim_rate_limits` table of a PostgreSQL schema (created by the store
 * migrations), so every server process on the database shares one count per key and window: one
 * upsert per request, atomic under concurrency (`ON CONFLICT … DO UPDATE` takes the row lock).
 * Windows are read from each process's clock, so keep the hosts' clocks in sync (NTP).
 *
 * @example
 * const limiter = new PostgresRateLimiter({ pool, limit: 600 });
 */
export class PostgresRateLimiter implements RateLimiter {
  readonly #pool: PostgresQueryable;
  readonly #window: FixedWindow;
  readonly #hit: string;
  readonly #prune: string;
  #prunedBefore = Number.NEGATIVE_INFINITY;

  constructor(options: PostgresRateLimiterOptions) {
    this.#pool = options.pool;
    this.#window = fixedWindow(options);
    const table = `${quoteSchema(options.schema ?? "public")}.scim_rate_limits`;
    this.#hit = `INSERT INTO ${table} AS counter (bucket, window_start, hits) VALUES ($1, $2, 1)
      ON CONFLICT (bucket, window_start) DO UPDATE SET hits = counter.hits + 1
      RETURNING hits`;
    this.#prune = `DELETE FROM ${table} WHERE window_start < $1`;
  }

  async hit(key: string): Promise<RateLimitDecision> {
    const now = this.#window.now();
    const windowStart = windowStartOf(now, this.#window.windowMs);
    // Once per window and process: counters of finished windows are dropped.
    if (windowStart > this.#prunedBefore) {
      this.#prunedBefore = windowStart;
      await this.#pool.query(this.#prune, [windowStart]);
    }
    const { rows } = await this.#pool.query(this.#hit, [key, windowStart]);
    const hits = Number((rows[0] as { hits: number | string }).hits);
    return decide(this.#window, windowStart, hits, now);
  }
}
