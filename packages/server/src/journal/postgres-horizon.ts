/**
 * How a PostgreSQL journal reader knows how far it may read. Entries are ordered by the id of
 * their writing transaction, but transactions commit in any order: a reader must not pass the id
 * of a transaction that may still add an entry. Every store write transaction therefore starts by
 * taking a shared advisory lock (they never block each other); a reader takes a snapshot, then
 * looks up which lock holders are still running, and reads only entries of older transactions.
 * Unrelated long transactions on the same server do not hold readers back.
 */

/** The advisory lock class (first key) of the journal writer lock. */
const WRITER_LOCK_CLASS = 0x5c1e;

/** A 31-bit FNV-1a hash: the second lock key, one per journal table (schema). */
export function journalWriterKey(journalTable: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < journalTable.length; i++) {
    hash ^= journalTable.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash & 0x7fffffff;
}

/** What a store write transaction runs first (one round trip with BEGIN). */
export function beginJournalWrite(key: number): string {
  return `BEGIN; SELECT pg_advisory_xact_lock_shared(${WRITER_LOCK_CLASS}, ${key})`;
}

/** The first statement of a horizon check: the snapshot (`xmin:xmax:xip,…`). */
export const SNAPSHOT_QUERY = "SELECT pg_current_snapshot()::text AS snapshot";

/** The second statement (after the snapshot): 32-bit ids of running transactions holding the writer lock. */
export function writerHoldersQuery(key: number): string {
  return `SELECT a.backend_xid::text AS xid FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
    WHERE l.locktype = 'advisory' AND l.classid = ${WRITER_LOCK_CLASS} AND l.objid = ${key} AND l.objsubid = 2
      AND l.granted AND a.backend_xid IS NOT NULL`;
}

/**
 * The first transaction id a reader must not reach: the oldest writer that was running at the
 * snapshot and still holds the lock, else the snapshot's xmax (the first id not yet assigned).
 * Holders are looked up after the snapshot: a writer that finished in between committed before
 * the next read, which sees its entries.
 */
export function horizonOf(snapshot: string, holders: readonly string[]): number {
  const [, xmax, xip = ""] = snapshot.split(":");
  const running = new Set(holders.map((xid) => Number(xid)));
  let horizon = Number(xmax);
  for (const text of xip.split(",")) {
    if (text === "") continue;
    const xid = Number(text);
    // pg_stat_activity shows 32-bit xids; the snapshot 64-bit ones (epoch in the high bits).
    if (running.has(xid % 4294967296) && xid < horizon) horizon = xid;
  }
  return horizon;
}
