import type { RequestContext } from "../context.js";
import type { SqlConnection, SqlDriver } from "../store/sql/sql-driver.js";
import { SqlParams, type SqlValue } from "../store/sql/sql-params.js";
import type {
  ChangeJournal,
  JournalAuditQuery,
  JournalReadQuery,
  SubscriptionState,
  SubscriptionUpdate,
} from "./change-journal.js";
import type { JournalEntry, JournalPosition, JournalRecord } from "./entry.js";
import type { GroupSummary, JournalOptions, MembershipLookup } from "./journal-options.js";
import { newJournalEntry, withDerivedEvents } from "./new-entry.js";
import { horizonOf, journalWriterKey, SNAPSHOT_QUERY, writerHoldersQuery } from "./postgres-horizon.js";

interface EntryRow {
  tx: number | string;
  seq: number | string;
  id: string;
  tenant_id: string;
  time: string;
  request_id: string | null;
  actor: string | null;
  method: string | null;
  path: string | null;
  action: JournalEntry["action"];
  resource_type: string;
  resource_id: string;
  version: string | null;
  changes: string;
  derived_events: string | null;
}

interface SubscriptionRow {
  name: string;
  tenant_id: string | null;
  delivered_cursor: string | null;
  attempts: number | string;
  last_error: string | null;
  last_attempt_at: string | null;
  last_delivered_at: string | null;
  next_attempt_at: string | null;
  delivered: number | string;
}

const ENTRY_COLUMNS =
  "tx, seq, id, tenant_id, time, request_id, actor, method, path, action, resource_type, resource_id, version, changes, derived_events";
const SUBSCRIPTION_COLUMNS =
  "name, tenant_id, delivered_cursor, attempts, last_error, last_attempt_at, last_delivered_at, next_attempt_at, delivered";

function toEntry(row: EntryRow): JournalEntry {
  return {
    id: row.id,
    position: { tx: Number(row.tx), seq: Number(row.seq) },
    time: row.time,
    tenant: row.tenant_id,
    requestId: row.request_id,
    actor: row.actor,
    method: row.method,
    path: row.path,
    action: row.action,
    resourceType: row.resource_type,
    resourceId: row.resource_id,
    version: row.version,
    changes: JSON.parse(row.changes),
    derivedEvents: row.derived_events ? JSON.parse(row.derived_events) : [],
  };
}

function toSubscription(row: SubscriptionRow): SubscriptionState {
  return {
    name: row.name,
    tenant: row.tenant_id,
    cursor: row.delivered_cursor,
    attempts: Number(row.attempts),
    lastError: row.last_error,
    lastAttemptAt: row.last_attempt_at,
    lastDeliveredAt: row.last_delivered_at,
    nextAttemptAt: row.next_attempt_at,
    delivered: Number(row.delivered),
  };
}

/** Reads one User's data on a transaction's connection; undefined when there is no such User. */
export type UserReader = (
  db: SqlConnection,
  ctx: RequestContext,
  userId: string,
) => Promise<Readonly<Record<string, unknown>> | undefined>;

/**
 * The change journal of the SQL stores: the store calls {@link SqlJournal.record} inside the
 * transaction of each write, so the entry commits or rolls back with the change.
 */
export class SqlJournal implements ChangeJournal {
  readonly #driver: SqlDriver;
  readonly #options: JournalOptions;
  readonly #groupType: string;
  readonly #readUser: UserReader | undefined;
  readonly #listeners = new Set<() => void>();

  /**
   * @param groupType names the resource type whose members are membership rows (for lookups).
   * @param readUser reads a User on the write transaction's connection (the store knows where a
   *   User lives, e.g. a mapped application table); derivation hooks see `active` through it.
   */
  constructor(driver: SqlDriver, options: JournalOptions, groupType = "Group", readUser?: UserReader) {
    this.#driver = driver;
    this.#options = options;
    this.#groupType = groupType;
    this.#readUser = readUser;
  }

  /** Writes the entry of one mutation on the caller's transaction connection. */
  async record(db: SqlConnection, ctx: RequestContext, record: JournalRecord): Promise<void> {
    const entry = await withDerivedEvents(
      newJournalEntry(ctx, record),
      this.#options,
      () => this.#lookup(db, ctx),
      ctx,
    );
    const p = new SqlParams(this.#driver.dialect.placeholder);
    // `tx` is left to its column default: the writing transaction's id on PostgreSQL.
    await db.execute(
      `INSERT INTO ${this.#driver.tables.journal} (id, tenant_id, time, request_id, actor, method, path, action, resource_type, resource_id, version, changes, derived_events)
       VALUES (${[
         entry.id,
         entry.tenant,
         entry.time,
         entry.requestId,
         entry.actor,
         entry.method,
         entry.path,
         entry.action,
         entry.resourceType,
         entry.resourceId,
         entry.version,
         JSON.stringify(entry.changes),
         entry.derivedEvents.length > 0 ? JSON.stringify(entry.derivedEvents) : null,
       ]
         .map((value) => p.add(value))
         .join(", ")})`,
      p.values,
    );
  }

  /** The store calls this after a write transaction committed. */
  committed(): void {
    for (const listener of this.#listeners) listener();
  }

  onCommit(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Which entries a reader may pass: on PostgreSQL those of transactions older than every journal
   * writer still running (see postgres-horizon.ts), checked in a transaction of its own so the read
   * that follows sees every writer that finished meanwhile. SQLite and memory write one
   * transaction at a time, so every committed entry may be passed.
   */
  async #visible(p: SqlParams): Promise<string> {
    if (this.#driver.dialect.name !== "postgres") return "1 = 1";
    const key = journalWriterKey(this.#driver.tables.journal);
    const horizon = await this.#driver.transaction(async (db) => {
      const [row] = await db.query<{ snapshot: string }>(SNAPSHOT_QUERY, []);
      const holders = await db.query<{ xid: string }>(writerHoldersQuery(key), []);
      return horizonOf(
        row!.snapshot,
        holders.map((holder) => holder.xid),
      );
    }, "read");
    return `j.tx < ${p.add(horizon)}`;
  }

  async read(query: JournalReadQuery): Promise<JournalEntry[]> {
    const p = new SqlParams(this.#driver.dialect.placeholder);
    const where = [await this.#visible(p)];
    if (query.tenant !== undefined) where.push(`j.tenant_id = ${p.add(query.tenant)}`);
    if (query.after) where.push(this.#afterPosition(p, query.after, query.inclusive === true));
    const sql = `SELECT ${ENTRY_COLUMNS} FROM ${this.#driver.tables.journal} j WHERE ${where.join(" AND ")}
      ORDER BY j.tx, j.seq LIMIT ${p.add(Math.max(0, Math.floor(query.limit)))}`;
    return this.#readRows(sql, p.values);
  }

  /** Entries after (or at) a position; SQLite's tx is always 0, so its rowid order alone decides. */
  #afterPosition(p: SqlParams, after: JournalPosition, inclusive: boolean): string {
    const op = inclusive ? ">=" : ">";
    if (this.#driver.dialect.name === "sqlite") return `j.seq ${op} ${p.add(after.seq)}`;
    return `(j.tx, j.seq) ${op} (${p.add(after.tx)}, ${p.add(after.seq)})`;
  }

  async end(tenant?: string): Promise<JournalPosition | undefined> {
    const p = new SqlParams(this.#driver.dialect.placeholder);
    const where = [await this.#visible(p)];
    if (tenant !== undefined) where.push(`j.tenant_id = ${p.add(tenant)}`);
    const sql = `SELECT ${ENTRY_COLUMNS} FROM ${this.#driver.tables.journal} j WHERE ${where.join(" AND ")}
      ORDER BY j.tx DESC, j.seq DESC LIMIT 1`;
    const [last] = await this.#readRows(sql, p.values);
    return last?.position;
  }

  async audit(query: JournalAuditQuery): Promise<JournalEntry[]> {
    const p = new SqlParams(this.#driver.dialect.placeholder);
    const where = ["1 = 1"];
    if (query.tenant !== undefined) where.push(`j.tenant_id = ${p.add(query.tenant)}`);
    if (query.resourceId !== undefined) where.push(`j.resource_id = ${p.add(query.resourceId)}`);
    if (query.resourceType !== undefined) where.push(`j.resource_type = ${p.add(query.resourceType)}`);
    if (query.since !== undefined) where.push(`j.time >= ${p.add(query.since)}`);
    if (query.until !== undefined) where.push(`j.time < ${p.add(query.until)}`);
    if (query.after) where.push(this.#afterPosition(p, query.after, false));
    const sql = `SELECT ${ENTRY_COLUMNS} FROM ${this.#driver.tables.journal} j WHERE ${where.join(" AND ")}
      ORDER BY j.tx, j.seq LIMIT ${p.add(Math.max(0, Math.floor(query.limit)))}`;
    return this.#readRows(sql, p.values);
  }

  async prune(before: string): Promise<number> {
    const p = new SqlParams(this.#driver.dialect.placeholder);
    return this.#driver.transaction(
      (db) =>
        db.execute(`DELETE FROM ${this.#driver.tables.journal} WHERE time < ${p.add(before)}`, p.values),
      "write",
    );
  }

  async ensureSubscription(name: string, tenant: string | null, cursor: string | null): Promise<void> {
    const p = new SqlParams(this.#driver.dialect.placeholder);
    await this.#driver.transaction(
      (db) =>
        db.execute(
          `INSERT INTO ${this.#driver.tables.subscriptions} (name, tenant_id, delivered_cursor) VALUES (${p.add(name)}, ${p.add(tenant)}, ${p.add(cursor)})
           ON CONFLICT (name) DO NOTHING`,
          p.values,
        ),
      "write",
    );
  }

  async claimSubscription(
    name: string,
    owner: string,
    leaseUntil: string,
    now: string,
  ): Promise<SubscriptionState | undefined> {
    const table = this.#driver.tables.subscriptions;
    return this.#driver.transaction(async (db) => {
      const p = new SqlParams(this.#driver.dialect.placeholder);
      const claimed = await db.execute(
        `UPDATE ${table} SET lease_owner = ${p.add(owner)}, lease_until = ${p.add(leaseUntil)}
         WHERE name = ${p.add(name)} AND (lease_owner IS NULL OR lease_owner = ${p.add(owner)} OR lease_until < ${p.add(now)})
           AND (next_attempt_at IS NULL OR next_attempt_at <= ${p.add(now)})`,
        p.values,
      );
      if (claimed !== 1) return undefined;
      const q = new SqlParams(this.#driver.dialect.placeholder);
      const [row] = await db.query<SubscriptionRow>(
        `SELECT ${SUBSCRIPTION_COLUMNS} FROM ${table} WHERE name = ${q.add(name)}`,
        q.values,
      );
      return row ? toSubscription(row) : undefined;
    }, "write");
  }

  async releaseSubscription(name: string, owner: string, update: SubscriptionUpdate): Promise<boolean> {
    const p = new SqlParams(this.#driver.dialect.placeholder);
    const changed = await this.#driver.transaction(
      (db) =>
        db.execute(
          `UPDATE ${this.#driver.tables.subscriptions} SET delivered_cursor = ${p.add(update.cursor)}, attempts = ${p.add(update.attempts)},
             last_error = ${p.add(update.lastError)}, last_attempt_at = ${p.add(update.lastAttemptAt)},
             last_delivered_at = ${p.add(update.lastDeliveredAt)}, next_attempt_at = ${p.add(update.nextAttemptAt)},
             delivered = delivered + ${p.add(update.deliveredDelta)}, lease_owner = NULL, lease_until = NULL
           WHERE name = ${p.add(name)} AND lease_owner = ${p.add(owner)}`,
          p.values,
        ),
      "write",
    );
    return changed === 1;
  }

  async subscriptions(): Promise<SubscriptionState[]> {
    return this.#driver.transaction(
      async (db) =>
        (
          await db.query<SubscriptionRow>(
            `SELECT ${SUBSCRIPTION_COLUMNS} FROM ${this.#driver.tables.subscriptions} ORDER BY name`,
            [],
          )
        ).map(toSubscription),
      "read",
    );
  }

  #readRows(sql: string, params: readonly SqlValue[]): Promise<JournalEntry[]> {
    return this.#driver.transaction(
      async (db) => (await db.query<EntryRow>(sql, params)).map(toEntry),
      "read",
    );
  }

  /** Memberships as derivation hooks see them: on the write transaction's own connection. */
  #lookup(db: SqlConnection, ctx: RequestContext): MembershipLookup {
    const { tables, dialect } = this.#driver;
    const summary = (row: { id: string; data: string | Record<string, unknown> }): GroupSummary => {
      const data =
        typeof row.data === "string" ? (JSON.parse(row.data) as Record<string, unknown>) : row.data;
      return {
        id: row.id,
        ...(typeof data.displayName === "string" ? { displayName: data.displayName } : {}),
        ...(typeof data.externalId === "string" ? { externalId: data.externalId } : {}),
      };
    };
    return {
      groupsOf: async (memberId) => {
        const p = new SqlParams(dialect.placeholder);
        const rows = await db.query<{ id: string; data: string | Record<string, unknown> }>(
          `SELECT g.id, ${dialect.dataOut("g.data")} AS data FROM ${tables.memberships} m
           JOIN ${tables.resources} g ON g.tenant_id = m.tenant_id AND g.resource_type = ${p.add(this.#groupType)} AND g.id = m.group_id
           WHERE m.tenant_id = ${p.add(ctx.tenantId)} AND m.member_id = ${p.add(memberId)} ORDER BY m.seq`,
          p.values,
        );
        return rows.map(summary);
      },
      group: async (groupId) => {
        const p = new SqlParams(dialect.placeholder);
        const [row] = await db.query<{ id: string; data: string | Record<string, unknown> }>(
          `SELECT g.id, ${dialect.dataOut("g.data")} AS data FROM ${tables.resources} g
           WHERE g.tenant_id = ${p.add(ctx.tenantId)} AND g.resource_type = ${p.add(this.#groupType)} AND g.id = ${p.add(groupId)}`,
          p.values,
        );
        return row ? summary(row) : undefined;
      },
      userActive: async (userId) => {
        const user = await this.#readUser?.(db, ctx, userId);
        return user ? user.active !== false : undefined;
      },
    };
  }
}
