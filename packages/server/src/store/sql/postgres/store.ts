import pg from "pg";
import { beginJournalWrite, journalWriterKey } from "../../../journal/postgres-horizon.js";
import type { SqlDialect } from "../sql-dialect.js";
import type { SqlConnection, SqlDriver } from "../sql-driver.js";
import type { SqlValue } from "../sql-params.js";
import { SqlResourceStore, type SqlStoreOptions } from "../sql-store.js";
import { type SqlTables, sqlTables } from "../sql-tables.js";
import { postgresDialect } from "./dialect.js";
import { migratePostgres, quoteSchema } from "./migrations.js";
import { StatementCache } from "./statements.js";
import { StatisticsKeeper } from "./statistics.js";

/** Options of {@link PostgresStore}: give a `connectionString` or your own `pool`. */
export interface PostgresStoreOptions extends SqlStoreOptions {
  /** `postgres://user@host:5432/db`; the store then owns (and closes) its pool. */
  readonly connectionString?: string;
  /** A pool you own; `close()` leaves it open. */
  readonly pool?: pg.Pool;
  /** The schema holding the tables (created by the migrations); default `public`. */
  readonly schema?: string;
  /** Maximum connections of the pool the store creates (default 10). */
  readonly maxConnections?: number;
}

class PostgresDriver implements SqlDriver {
  readonly dialect: SqlDialect;
  readonly tables: SqlTables;
  readonly lockRow = "FOR UPDATE";
  readonly #pool: pg.Pool;
  readonly #ownsPool: boolean;
  readonly #ready: Promise<unknown>;
  readonly #statements = new StatementCache();
  readonly statistics: StatisticsKeeper;
  readonly #beginWrite: string;

  constructor(pool: pg.Pool, ownsPool: boolean, schema: string) {
    const quoted = quoteSchema(schema);
    this.dialect = postgresDialect(quoted);
    this.tables = sqlTables(quoted);
    // Journal readers find running writers by this lock (see journal/postgres-horizon.ts).
    this.#beginWrite = beginJournalWrite(journalWriterKey(this.tables.journal));
    this.#pool = pool;
    this.#ownsPool = ownsPool;
    this.statistics = new StatisticsKeeper(pool, schema, this.tables);
    this.#ready = migratePostgres(pool, schema).then((applied) => {
      // A database filled by another process or a restore may never have been analysed.
      void this.statistics.refresh();
      return applied;
    });
    // Surfaced by the first operation; avoid an unhandled rejection before that.
    this.#ready.catch(() => undefined);
  }

  /** A connection view over `run` (a pooled client, or the pool itself for single statements). */
  #connection(
    run: (query: { name?: string; text: string; values: unknown[] }) => Promise<pg.QueryResult>,
  ): SqlConnection {
    return {
      query: async <Row extends object>(sql: string, params: readonly SqlValue[]) =>
        (await run(this.#statements.prepare(sql, params))).rows as Row[],
      execute: async (sql: string, params: readonly SqlValue[]) =>
        (await run(this.#statements.prepare(sql, params))).rowCount ?? 0,
    };
  }

  async read<T>(work: (connection: SqlConnection) => Promise<T>): Promise<T> {
    await this.#ready;
    // Each statement takes any pooled connection: one round trip, no BEGIN/COMMIT.
    return work(this.#connection((query) => this.#pool.query(query)));
  }

  ready(): Promise<unknown> {
    return this.#ready;
  }

  async transaction<T>(work: (connection: SqlConnection) => Promise<T>, mode: "read" | "write"): Promise<T> {
    await this.#ready;
    const client = await this.#pool.connect();
    const connection = this.#connection((query) => client.query(query));
    try {
      // Reads see one snapshot; writes lock the rows they change (and take the journal writer lock).
      await client.query(
        mode === "read" ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY" : this.#beginWrite,
      );
      const result = await work(connection);
      await client.query("COMMIT");
      if (mode === "write") this.statistics.noteWrite();
      return result;
    } catch (error) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  isUniqueViolation(error: unknown): boolean {
    return (error as { code?: unknown } | null)?.code === "23505";
  }

  isUnstorableText(error: unknown): boolean {
    // 22P05 untranslatable_character (\u0000 or a lone surrogate in jsonb), 22021 bad UTF-8 (NUL in text).
    const code = (error as { code?: unknown } | null)?.code;
    return code === "22P05" || code === "22021";
  }

  async analyze(): Promise<void> {
    await this.#ready;
    const { resources, values, memberships } = this.tables;
    await this.#pool.query(`ANALYZE ${resources}, ${values}, ${memberships}`);
  }

  async close(): Promise<void> {
    await this.#ready.catch(() => undefined);
    if (this.#ownsPool) await this.#pool.end();
  }
}

/**
 * A {@link ResourceStore} in PostgreSQL (pg): what several stateless server processes share. The
 * migrations run on first use (under an advisory lock, so processes may start together); call
 * {@link PostgresStore.open} to have them done before the first request. Filters, sorting and
 * paging compile to SQL over jsonb; writes are transactions with row locks and compare-and-set
 * versions; uniqueness is enforced by unique indexes.
 *
 * @example
 * const store = await PostgresStore.open({ connectionString: process.env.DATABASE_URL, registry });
 */
export class PostgresStore extends SqlResourceStore {
  readonly #driver: PostgresDriver;

  constructor(options: PostgresStoreOptions) {
    const pool =
      options.pool ??
      new pg.Pool({ connectionString: options.connectionString, max: options.maxConnections ?? 10 });
    const driver = new PostgresDriver(pool, options.pool === undefined, options.schema ?? "public");
    super(driver, options);
    this.#driver = driver;
  }

  /** Creates the store and waits until its migrations are applied. */
  static async open(options: PostgresStoreOptions): Promise<PostgresStore> {
    const store = new PostgresStore(options);
    await store.ready();
    return store;
  }

  /**
   * Refreshes the planner statistics of the store's tables. Autovacuum does this on its own a
   * little after the data changed; call it after a bulk import so lookups are index probes from
   * the first request on.
   */
  async analyze(): Promise<void> {
    await this.#driver.analyze();
  }

  /**
   * Resolves when the planner-statistics refresh the store started on its own (after bulk changes,
   * see `StatisticsKeeper`) has finished: for tests and bulk imports that want plans settled.
   */
  async statisticsSettled(): Promise<void> {
    await this.#driver.statistics.settled();
  }

  /** Resolves when the schema is migrated; rejects if the database is unreachable. */
  async ready(): Promise<void> {
    await this.#driver.ready();
  }
}
