import type { SqlDialect } from "./sql-dialect.js";
import type { SqlValue } from "./sql-params.js";
import type { SqlTables } from "./sql-tables.js";

/** One connection inside a transaction. */
export interface SqlConnection {
  /** Runs a statement and returns its rows. */
  query<Row extends object = Record<string, unknown>>(
    sql: string,
    params: readonly SqlValue[],
  ): Promise<Row[]>;
  /** Runs a statement and returns the number of rows it changed. */
  execute(sql: string, params: readonly SqlValue[]): Promise<number>;
}

/** What a database driver provides to the shared SQL store. */
export interface SqlDriver {
  readonly dialect: SqlDialect;
  readonly tables: SqlTables;
  /**
   * Runs `work` in one transaction: committed when it resolves, rolled back when it throws.
   * Write transactions take their locks up front (SQLite `BEGIN IMMEDIATE`), so read-then-write
   * sequences are serialisable.
   */
  transaction<T>(work: (connection: SqlConnection) => Promise<T>, mode: "read" | "write"): Promise<T>;
  /**
   * Runs `work` outside a transaction: for reads that are one statement (atomic on its own), so
   * they cost one round trip instead of BEGIN, the statement and COMMIT.
   */
  read<T>(work: (connection: SqlConnection) => Promise<T>): Promise<T>;
  /** Whether `error` says a text value cannot be stored (PostgreSQL: NUL, unpaired surrogates). */
  isUnstorableText(error: unknown): boolean;
  /** Whether `error` is a unique-constraint violation. */
  isUniqueViolation(error: unknown): boolean;
  /** `FOR UPDATE` where the database has row locks, else empty. */
  readonly lockRow: string;
  close(): Promise<void>;
}
