import type pg from "pg";
import type { SqlTables } from "../sql-tables.js";

/** Writes between two looks at the tables' modification counters. */
const CHECK_EVERY_WRITES = 200;

/**
 * Keeps the planner statistics of the store's tables fresh after bulk changes, instead of waiting
 * for autovacuum. Without statistics PostgreSQL guesses that `tenant_id = $1 AND resource_type = $2`
 * selects a row or two, and then may walk any index that starts with those columns rather than
 * probe for the one row a lookup needs: `userName eq` during an IdP's first sync took 0.5 s at
 * 10,000 users (issue 16) until autovacuum happened to analyse.
 *
 * Every {@link CHECK_EVERY_WRITES} writes of this process (and once at start-up) it looks at
 * `pg_class`/`pg_stat_user_tables` and runs `ANALYZE` on each table that was never analysed, or
 * that changed by more than a tenth since, counting the changes of every process (the cumulative
 * statistics) and, as those lag by up to seconds, this process's own writes. At most one refresh
 * runs at a time, off the request path; a failure (e.g. a role that does not own the tables) only
 * skips that refresh.
 */
export class StatisticsKeeper {
  readonly #pool: pg.Pool;
  readonly #schema: string;
  readonly #tables: SqlTables;
  #writes = 0;
  #writesSinceAnalyze = 0;
  #running: Promise<void> | undefined;

  constructor(pool: pg.Pool, schema: string, tables: SqlTables) {
    this.#pool = pool;
    this.#schema = schema;
    this.#tables = tables;
  }

  /** Counts one committed write; every so often looks whether statistics need a refresh. */
  noteWrite(): void {
    this.#writes += 1;
    this.#writesSinceAnalyze += 1;
    if (this.#writes < CHECK_EVERY_WRITES) return;
    this.#writes = 0;
    void this.refresh();
  }

  /** Starts a check (unless one is running) and returns it. */
  refresh(): Promise<void> {
    this.#running ??= this.#check()
      .catch(() => undefined)
      .finally(() => {
        this.#running = undefined;
      });
    return this.#running;
  }

  /** Resolves when the check started last (if any) has finished. */
  async settled(): Promise<void> {
    await this.#running;
  }

  async #check(): Promise<void> {
    const own = this.#writesSinceAnalyze;
    const { rows } = await this.#pool.query<{
      relname: string;
      reltuples: number;
      live: string | null;
      modified: string | null;
      never: boolean;
    }>(
      `SELECT c.relname, c.reltuples, s.n_live_tup AS live, s.n_mod_since_analyze AS modified,
              (s.last_analyze IS NULL AND s.last_autoanalyze IS NULL) AS never
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       LEFT JOIN pg_stat_user_tables s ON s.relid = c.oid
       WHERE n.nspname = $1 AND c.relname IN ('scim_resources', 'scim_values', 'scim_memberships')`,
      [this.#schema],
    );
    const names: Record<string, string> = {
      scim_resources: this.#tables.resources,
      scim_values: this.#tables.values,
      scim_memberships: this.#tables.memberships,
    };
    const stale = rows.filter((row) => {
      const known = Math.max(0, Number(row.reltuples));
      const threshold = 100 + known / 10;
      const changed = Math.max(Number(row.modified ?? 0), own);
      return (row.never !== false && (Number(row.live ?? 0) > 0 || own > 0)) || changed > threshold;
    });
    if (stale.length === 0) return;
    this.#writesSinceAnalyze -= own;
    await this.#pool.query(`ANALYZE ${stale.map((row) => names[row.relname]).join(", ")}`);
  }
}
