import { parseInstant } from "@scimkit/filter";
import Database from "better-sqlite3";
import type { SqlConnection, SqlDriver } from "../sql-driver.js";
import type { SqlValue } from "../sql-params.js";
import { SqlResourceStore, type SqlStoreOptions } from "../sql-store.js";
import { sqlTables } from "../sql-tables.js";
import { sqliteDialect } from "./dialect.js";
import { migrateSqlite } from "./migrations.js";

/** Options of {@link SqliteStore}. */
export interface SqliteStoreOptions extends SqlStoreOptions {
  /** Database file (created if missing), or `":memory:"`. */
  readonly filename: string;
  /**
   * `NORMAL` (default): in WAL mode every acknowledged write survives a crash of the process
   * (the commit is in the WAL file before the call returns) but not a power loss or OS crash.
   * `FULL` also fsyncs the WAL on every commit, which survives power loss at a throughput cost.
   */
  readonly synchronous?: "NORMAL" | "FULL";
  /** How long a writer waits for another process's lock before failing (default 5000 ms). */
  readonly busyTimeoutMs?: number;
  /**
   * Page cache of the connection in KiB (default 65,536: 64 MiB). SQLite's own default of 2 MiB
   * holds the hot pages of a few thousand users; past that every read of a resource goes to the
   * file again, and GET by id at 100,000 users costs a fifth more than at 10,000.
   */
  readonly cacheSizeKiB?: number;
}

type Bindable = string | number | null;

/** SQLite's named parameters `@p1…` bound from the positional values the compiler collected. */
function bind(values: readonly SqlValue[]): Record<string, Bindable> {
  const bound: Record<string, Bindable> = {};
  values.forEach((value, index) => {
    bound[`p${index + 1}`] =
      typeof value === "boolean"
        ? value
          ? 1
          : 0
        : Array.isArray(value)
          ? JSON.stringify(value)
          : (value as Bindable);
  });
  return bound;
}

/** Runs one async transaction at a time on the single connection (better-sqlite3 is synchronous). */
class SqliteDriver implements SqlDriver {
  readonly dialect = sqliteDialect;
  readonly tables = sqlTables();
  readonly lockRow = "";
  readonly #db: Database.Database;
  readonly #statements = new Map<string, Database.Statement>();
  #queue: Promise<unknown> = Promise.resolve();

  constructor(db: Database.Database) {
    this.#db = db;
  }

  #statement(sql: string): Database.Statement {
    let statement = this.#statements.get(sql);
    if (!statement) {
      statement = this.#db.prepare(sql);
      if (this.#statements.size > 500) this.#statements.clear();
      this.#statements.set(sql, statement);
    }
    return statement;
  }

  readonly #connection: SqlConnection = {
    query: async <Row extends object>(sql: string, params: readonly SqlValue[]) => {
      const statement = this.#statement(sql);
      return (params.length > 0 ? statement.all(bind(params)) : statement.all()) as Row[];
    },
    execute: async (sql: string, params: readonly SqlValue[]) => {
      const statement = this.#statement(sql);
      return (params.length > 0 ? statement.run(bind(params)) : statement.run()).changes;
    },
  };

  /** Runs `run` after every transaction and read queued before it (one connection, one user at a time). */
  #enqueue<T>(run: () => Promise<T>): Promise<T> {
    const result = this.#queue.then(run, run);
    this.#queue = result.catch(() => undefined);
    return result;
  }

  read<T>(work: (connection: SqlConnection) => Promise<T>): Promise<T> {
    // Queued like a transaction (a write transaction may be open on this connection between its
    // statements), but without BEGIN/COMMIT: in autocommit mode each statement is atomic.
    return this.#enqueue(() => work(this.#connection));
  }

  transaction<T>(work: (connection: SqlConnection) => Promise<T>, mode: "read" | "write"): Promise<T> {
    const run = async () => {
      // IMMEDIATE takes the write lock up front: no other process can slip in between our read
      // of a version and our compare-and-set of it.
      this.#db.exec(mode === "write" ? "BEGIN IMMEDIATE" : "BEGIN");
      try {
        const result = await work(this.#connection);
        this.#db.exec("COMMIT");
        return result;
      } catch (error) {
        if (this.#db.inTransaction) this.#db.exec("ROLLBACK");
        throw error;
      }
    };
    return this.#enqueue(run);
  }

  isUnstorableText(): boolean {
    return false;
  }

  isUniqueViolation(error: unknown): boolean {
    const code = (error as { code?: unknown } | null)?.code;
    return code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY";
  }

  async close(): Promise<void> {
    await this.#queue;
    if (this.#db.open) this.#db.close();
  }
}

/**
 * A {@link ResourceStore} in one SQLite file (better-sqlite3): the embedded default. WAL mode,
 * migrations applied on open, filters/sorting/paging compiled to SQL. One process writes at a
 * time; several processes may share the file (they wait up to `busyTimeoutMs` for the lock).
 *
 * @example
 * const store = new SqliteStore({ filename: "scim.db", registry: createDefaultRegistry() });
 * const server = createScimServer({ registry, store });
 */
export class SqliteStore extends SqlResourceStore {
  /** The underlying better-sqlite3 connection (for backups, inspection and tests). */
  readonly database: Database.Database;

  /** Same as the constructor (which opens and migrates synchronously), for symmetry with PostgresStore.open. */
  static async open(options: SqliteStoreOptions): Promise<SqliteStore> {
    return new SqliteStore(options);
  }

  constructor(options: SqliteStoreOptions) {
    const db = new Database(options.filename);
    db.pragma("journal_mode = WAL");
    db.pragma(`synchronous = ${options.synchronous === "FULL" ? "FULL" : "NORMAL"}`);
    db.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? 5000))}`);
    db.pragma(`cache_size = -${Math.max(0, Math.floor(options.cacheSizeKiB ?? 65_536))}`);
    // JavaScript's own case folding and date parsing, so SQL agrees with the filter evaluator.
    db.function("scim_fold", { deterministic: true }, (value: unknown) =>
      typeof value === "string" ? value.toLowerCase() : value,
    );
    db.function("scim_instant", { deterministic: true }, (value: unknown) =>
      typeof value === "string" ? (parseInstant(value) ?? null) : null,
    );
    migrateSqlite(db, options.registry ? { registry: options.registry } : {});
    super(new SqliteDriver(db), options);
    this.database = db;
  }

  /** Resolves when the database file answers a query (rejects once the store is closed). */
  async ping(): Promise<void> {
    this.database.prepare("SELECT 1").get();
  }
}
