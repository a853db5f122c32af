import pg from "pg";
import { beginJournalWrite, journalWriterKey } from "../../../journal/postgres-horizon.js";
import { isStoreTimeout, isStoreUnavailable } from "../../store-unavailable.js";
import type { SqlDialect } from "../sql-dialect.js";
import type { SqlConnection, SqlDriver } from "../sql-driver.js";
import type { SqlValue } from "../sql-params.js";
import { SqlResourceStore, type SqlStoreOptions } from "../sql-store.js";
import { type SqlTables, sqlTables } from "../sql-tables.js";
import { postgresDialect } from "./dialect.js";
import { migratePostgres, type PostgresMigrateOptions, quoteSchema } from "./migrations.js";
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
  /**
   * How long a request waits for a connection of the pool the store creates before it fails with
   * 503 (default 5,000 ms): a database that is down must not hold requests open.
   */
  readonly connectTimeoutMs?: number;
  /** How long one statement may take before it fails with 503 (default 30,000 ms). */
  readonly queryTimeoutMs?: number;
}

/**
 * A pool configured for a server that must outlive its database: bounded waits for a connection
 * and for each statement, TCP keep-alive so a vanished peer is noticed, and an `error` listener so
 * an idle connection that the database terminates (a restart, `pg_terminate_backend`) is dropped
 * from the pool instead of crashing the process with an unhandled `error` event.
 */
export function createPostgresPool(
  options: Pick<
    PostgresStoreOptions,
    "connectionString" | "maxConnections" | "connectTimeoutMs" | "queryTimeoutMs"
  >,
): pg.Pool {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.maxConnections ?? 10,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5_000,
    query_timeout: options.queryTimeoutMs ?? 30_000,
    keepAlive: true,
  });
  guardPoolErrors(pool);
  return pool;
}

/**
 * Makes connection errors harmless to the process. pg-pool listens for errors only on idle
 * clients and inside `pool.query`; a client that is checked out, or that the database terminates
 * in the same network read that completed its connection (before the caller could add a
 * listener), would emit an unhandled `error` and exit the process. Every client gets a permanent
 * listener when it connects; its failed query still rejects, and pg-pool drops a client that is
 * no longer queryable when it is released.
 */
function guardPoolErrors(pool: pg.Pool): void {
  if (guardedPools.has(pool)) return;
  guardedPools.add(pool);
  if (pool.listenerCount("error") === 0) pool.on("error", ignoreConnectionError);
  pool.on("connect", (client) => {
    client.on("error", ignoreConnectionError);
  });
}

const guardedPools = new WeakSet<pg.Pool>();

function ignoreConnectionError(): void {
  // The failure reaches the request through its rejected query (a 503); nothing else to do here.
}

class PostgresDriver implements SqlDriver {
  readonly dialect: SqlDialect;
  readonly tables: SqlTables;
  readonly lockRow = "FOR UPDATE";
  readonly #pool: pg.Pool;
  readonly #ownsPool: boolean;
  readonly #schema: string;
  #ready: Promise<unknown> | undefined;
  readonly #statements = new StatementCache();
  readonly statistics: StatisticsKeeper;
  readonly #beginWrite: string;

  /** The registry that says which stored attributes are secrets, for the hashing migration. */
  readonly #migrateOptions: PostgresMigrateOptions;

  constructor(pool: pg.Pool, ownsPool: boolean, schema: string, migrate: PostgresMigrateOptions = {}) {
    const quoted = quoteSchema(schema);
    this.dialect = postgresDialect(quoted);
    this.tables = sqlTables(quoted);
    // Journal readers find running writers by this lock (see journal/postgres-horizon.ts).
    this.#beginWrite = beginJournalWrite(journalWriterKey(this.tables.journal));
    this.#pool = pool;
    this.#ownsPool = ownsPool;
    this.#schema = schema;
    this.#migrateOptions = migrate;
    guardPoolErrors(pool);
    this.statistics = new StatisticsKeeper(pool, schema, this.tables);
    this.#ready = this.#migrate();
  }

  /**
   * Applies the migrations. A failure (the database is down at start) is not remembered: the
   * next operation tries again, so the server recovers by itself when the database returns.
   */
  #migrate(): Promise<unknown> {
    const migration = migratePostgres(this.#pool, this.#schema, this.#migrateOptions).then(
      (applied) => {
        // A database filled by another process or a restore may never have been analysed.
        void this.statistics.refresh();
        return applied;
      },
      (error: unknown) => {
        this.#ready = undefined;
        throw error;
      },
    );
    // Surfaced by the first operation; avoid an unhandled rejection before that.
    migration.catch(() => undefined);
    return migration;
  }

  #migrated(): Promise<unknown> {
    this.#ready ??= this.#migrate();
    return this.#ready;
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
    await this.#migrated();
    // Each statement takes any pooled connection: one round trip, no BEGIN/COMMIT.
    const connection = this.#connection((query) => this.#pool.query(query));
    try {
      return await work(connection);
    } catch (error) {
      // An idle pooled connection the database ended (a restart, a failover) fails its next
      // statement before the pool notices; pg-pool has discarded it by now. A read changes
      // nothing, so it is safe to try once more on a fresh connection before answering 503.
      // Not after a timeout: the database did not answer in time, and waiting a second time
      // would only double the wait of a request that will fail anyway.
      if (!isStoreUnavailable(error) || isStoreTimeout(error)) throw error;
      return work(connection);
    }
  }

  ready(): Promise<unknown> {
    return this.#migrated();
  }

  async ping(): Promise<void> {
    await this.#migrated();
    await this.#pool.query("SELECT 1");
  }

  async transaction<T>(work: (connection: SqlConnection) => Promise<T>, mode: "read" | "write"): Promise<T> {
    await this.#migrated();
    const client = await this.#pool.connect();
    const connection = this.#connection((query) => client.query(query));
    /** Set when the connection must not go back to the pool. */
    let broken: Error | undefined;
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
      if (isStoreUnavailable(error)) {
        // The connection is gone or silent (a statement timed out and may still be queued or
        // running). A ROLLBACK would wait on it as long again, or be dropped from pg's queue
        // unsent and leave the transaction open for the connection's next user, who would then
        // commit this request's partial writes. Discarding the connection ends the session; the
        // database rolls the transaction back when it does.
        broken = error instanceof Error ? error : new Error(String(error));
      } else {
        await client.query("ROLLBACK").catch((rollbackError: unknown) => {
          broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
        });
      }
      throw error;
    } finally {
      client.release(broken);
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
    await this.#migrated();
    const { resources, values, memberships } = this.tables;
    await this.#pool.query(`ANALYZE ${resources}, ${values}, ${memberships}`);
  }

  async close(): Promise<void> {
    await this.#ready?.catch(() => undefined);
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
    const pool = options.pool ?? createPostgresPool(options);
    const driver = new PostgresDriver(
      pool,
      options.pool === undefined,
      options.schema ?? "public",
      options.registry ? { registry: options.registry } : {},
    );
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

  /** Resolves when the database answers a query now; rejects otherwise (for readiness probes). */
  async ping(): Promise<void> {
    await this.#driver.ping();
  }
}
