import type pg from "pg";

/**
 * Runs the `CREATE … IF NOT EXISTS` statements of one of the app's own tables in one transaction
 * under an advisory lock on the table's name. Several server processes may start together on one
 * database, and `CREATE TABLE IF NOT EXISTS` is not safe against itself: both see no table and the
 * second fails on the catalog's unique index (`pg_type_typname_nsp_index`).
 */
export async function createTableOnce(
  pool: pg.Pool,
  table: string,
  statements: readonly string[],
): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    await client.query("SELECT pg_advisory_xact_lock(hashtext($1))", [`scimkit:app-table:${table}`]);
    for (const statement of statements) await client.query(statement);
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw new Error(
      `creating the table ${table} failed: ${error instanceof Error ? error.message : String(error)}`,
      {
        cause: error,
      },
    );
  } finally {
    client.release();
  }
}
