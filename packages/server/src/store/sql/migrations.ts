/**
 * Versioned schema migrations. A migration is never edited once released: changes go into a new
 * version, so every database converges by applying the versions it has not seen, in order.
 * Every table carries `tenant_id` and every unique index starts with it (tenancy-ready).
 */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly statements: readonly string[];
  /**
   * A data step each driver runs after the statements, in the same transaction:
   * `hashStoredSecrets` hashes the clear-text secrets (`returned: "never"` attributes such as
   * `password`, RFC 7643 §4.1.1) of stored resources and deletes their value rows.
   */
  readonly step?: "hashStoredSecrets";
}

/** The migration that hashes secrets stored in clear by earlier versions (same number on both databases). */
const HASH_STORED_SECRETS: Migration = {
  version: 4,
  name: "hash clear-text secrets (returned: never) of stored resources",
  statements: [],
  step: "hashStoredSecrets",
};

/** SQLite migrations (JSONB documents, AUTOINCREMENT sequence for insertion order). */
export const SQLITE_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: "resources, values, memberships",
    statements: [
      `CREATE TABLE scim_resources (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        tenant_id TEXT NOT NULL,
        resource_type TEXT NOT NULL,
        id TEXT NOT NULL,
        data BLOB NOT NULL,
        version TEXT NOT NULL,
        created TEXT NOT NULL,
        last_modified TEXT NOT NULL
      )`,
      "CREATE UNIQUE INDEX scim_resources_key ON scim_resources (tenant_id, resource_type, id)",
      "CREATE INDEX scim_resources_order ON scim_resources (tenant_id, resource_type, seq)",
      "CREATE INDEX scim_resources_last_modified ON scim_resources (tenant_id, resource_type, last_modified)",
      `CREATE TABLE scim_values (
        tenant_id TEXT NOT NULL,
        resource_type TEXT NOT NULL,
        resource_id TEXT NOT NULL,
        attribute TEXT NOT NULL,
        value TEXT NOT NULL,
        unique_scope TEXT
      )`,
      "CREATE INDEX scim_values_lookup ON scim_values (tenant_id, resource_type, attribute, value)",
      "CREATE INDEX scim_values_owner ON scim_values (tenant_id, resource_id)",
      `CREATE UNIQUE INDEX scim_values_unique ON scim_values (tenant_id, unique_scope, attribute, value)
        WHERE unique_scope IS NOT NULL`,
      `CREATE TABLE scim_memberships (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        tenant_id TEXT NOT NULL,
        group_id TEXT NOT NULL,
        member_id TEXT NOT NULL,
        member_type TEXT,
        display TEXT
      )`,
      "CREATE UNIQUE INDEX scim_memberships_key ON scim_memberships (tenant_id, group_id, member_id)",
      "CREATE INDEX scim_memberships_member ON scim_memberships (tenant_id, member_id)",
    ],
  },
  {
    version: 2,
    name: "change journal and event subscriptions",
    statements: [
      // One row per mutation, written in the mutation's transaction: the audit trail and the
      // identity-event outbox. seq (the rowid) is commit order: SQLite has one writer at a time.
      `CREATE TABLE scim_journal (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        tx INTEGER NOT NULL DEFAULT 0,
        id TEXT NOT NULL,
        tenant_id TEXT NOT NULL,
        time TEXT NOT NULL,
        request_id TEXT,
        actor TEXT,
        method TEXT,
        path TEXT,
        action TEXT NOT NULL,
        resource_type TEXT NOT NULL,
        resource_id TEXT NOT NULL,
        version TEXT,
        changes TEXT NOT NULL,
        derived_events TEXT
      )`,
      "CREATE INDEX scim_journal_tenant ON scim_journal (tenant_id, tx, seq)",
      "CREATE INDEX scim_journal_resource ON scim_journal (tenant_id, resource_id)",
      "CREATE INDEX scim_journal_time ON scim_journal (time)",
      `CREATE TABLE scim_event_subscriptions (
        name TEXT PRIMARY KEY,
        tenant_id TEXT,
        delivered_cursor TEXT,
        attempts INTEGER NOT NULL DEFAULT 0,
        last_error TEXT,
        last_attempt_at TEXT,
        last_delivered_at TEXT,
        next_attempt_at TEXT,
        delivered INTEGER NOT NULL DEFAULT 0,
        lease_owner TEXT,
        lease_until TEXT
      )`,
    ],
  },
  {
    version: 3,
    name: "credentials, rate limits",
    statements: [
      // Issued bearer tokens: only the SHA-256 of each token is kept, looked up by its id.
      `CREATE TABLE scim_credentials (
        id TEXT PRIMARY KEY,
        tenant_id TEXT NOT NULL,
        name TEXT,
        scope TEXT NOT NULL,
        secret_hash TEXT NOT NULL,
        created_at TEXT NOT NULL,
        expires_at TEXT,
        revoked_at TEXT,
        last_used_at TEXT
      )`,
      "CREATE INDEX scim_credentials_tenant ON scim_credentials (tenant_id, created_at)",
      // Requests per credential and minute, shared by every process on the same database.
      `CREATE TABLE scim_rate_limits (
        bucket TEXT NOT NULL,
        window_start INTEGER NOT NULL,
        hits INTEGER NOT NULL,
        PRIMARY KEY (bucket, window_start)
      )`,
    ],
  },
  HASH_STORED_SECRETS,
  {
    version: 5,
    name: "filter indexes: value rows get a stable key and a trigram index (co, ew)",
    statements: [
      // co and ew on an indexed attribute search a trigram index of the value rows instead of
      // every document. An FTS5 table that reads its text from scim_values needs a rowid that
      // never changes (VACUUM may renumber an implicit rowid), so the table is rebuilt with one.
      `CREATE TABLE scim_values_new (
        value_id INTEGER PRIMARY KEY,
        tenant_id TEXT NOT NULL,
        resource_type TEXT NOT NULL,
        resource_id TEXT NOT NULL,
        attribute TEXT NOT NULL,
        value TEXT NOT NULL,
        unique_scope TEXT
      )`,
      `INSERT INTO scim_values_new (tenant_id, resource_type, resource_id, attribute, value, unique_scope)
        SELECT tenant_id, resource_type, resource_id, attribute, value, unique_scope FROM scim_values`,
      "DROP TABLE scim_values",
      "ALTER TABLE scim_values_new RENAME TO scim_values",
      // sw is a range on the value (code point order, BINARY) of this index.
      "CREATE INDEX scim_values_lookup ON scim_values (tenant_id, resource_type, attribute, value)",
      "CREATE INDEX scim_values_owner ON scim_values (tenant_id, resource_id)",
      `CREATE UNIQUE INDEX scim_values_unique ON scim_values (tenant_id, unique_scope, attribute, value)
        WHERE unique_scope IS NOT NULL`,
      // Values are stored already folded when caseExact is false, so the index is case-sensitive.
      `CREATE VIRTUAL TABLE scim_values_trigram USING fts5(
        value, content = 'scim_values', content_rowid = 'value_id', tokenize = 'trigram case_sensitive 1'
      )`,
      `CREATE TRIGGER scim_values_trigram_insert AFTER INSERT ON scim_values BEGIN
        INSERT INTO scim_values_trigram (rowid, value) VALUES (new.value_id, new.value);
      END`,
      `CREATE TRIGGER scim_values_trigram_delete AFTER DELETE ON scim_values BEGIN
        INSERT INTO scim_values_trigram (scim_values_trigram, rowid, value) VALUES ('delete', old.value_id, old.value);
      END`,
      `CREATE TRIGGER scim_values_trigram_update AFTER UPDATE ON scim_values BEGIN
        INSERT INTO scim_values_trigram (scim_values_trigram, rowid, value) VALUES ('delete', old.value_id, old.value);
        INSERT INTO scim_values_trigram (rowid, value) VALUES (new.value_id, new.value);
      END`,
      "INSERT INTO scim_values_trigram (scim_values_trigram) VALUES ('rebuild')",
    ],
  },
  {
    version: 6,
    name: "resource counts per tenant and type (exact totalResults without counting rows)",
    statements: [
      // An unfiltered list answers its exact totalResults (RFC 7644 §3.4.2) from this row instead
      // of counting every resource of the type, so a page costs the same at 1,000 and 100,000.
      // Triggers keep it exact for every insert and delete, whoever writes.
      `CREATE TABLE scim_counts (
        tenant_id TEXT NOT NULL,
        resource_type TEXT NOT NULL,
        n INTEGER NOT NULL,
        PRIMARY KEY (tenant_id, resource_type)
      ) WITHOUT ROWID`,
      `INSERT INTO scim_counts (tenant_id, resource_type, n)
        SELECT tenant_id, resource_type, COUNT(*) FROM scim_resources GROUP BY tenant_id, resource_type`,
      `CREATE TRIGGER scim_resources_count_insert AFTER INSERT ON scim_resources BEGIN
        INSERT INTO scim_counts (tenant_id, resource_type, n) VALUES (new.tenant_id, new.resource_type, 1)
          ON CONFLICT (tenant_id, resource_type) DO UPDATE SET n = n + 1;
      END`,
      `CREATE TRIGGER scim_resources_count_delete AFTER DELETE ON scim_resources BEGIN
        UPDATE scim_counts SET n = n - 1 WHERE tenant_id = old.tenant_id AND resource_type = old.resource_type;
      END`,
    ],
  },
];

/** PostgreSQL migrations for the tables in `schema` (a quoted identifier). */
export function postgresMigrations(schema: string): readonly Migration[] {
  return [
    {
      version: 1,
      name: "resources, values, memberships",
      statements: [
        `CREATE TABLE ${schema}.scim_resources (
          tenant_id text NOT NULL,
          resource_type text NOT NULL,
          id text NOT NULL,
          seq bigint GENERATED ALWAYS AS IDENTITY,
          data jsonb NOT NULL,
          version text NOT NULL,
          created text NOT NULL,
          last_modified text NOT NULL,
          PRIMARY KEY (tenant_id, resource_type, id)
        )`,
        `CREATE INDEX scim_resources_order ON ${schema}.scim_resources (tenant_id, resource_type, seq)`,
        `CREATE INDEX scim_resources_last_modified ON ${schema}.scim_resources (tenant_id, resource_type, last_modified)`,
        `CREATE TABLE ${schema}.scim_values (
          tenant_id text NOT NULL,
          resource_type text NOT NULL,
          resource_id text NOT NULL,
          attribute text NOT NULL,
          value text NOT NULL,
          unique_scope text
        )`,
        `CREATE INDEX scim_values_lookup ON ${schema}.scim_values (tenant_id, resource_type, attribute, value)`,
        `CREATE INDEX scim_values_owner ON ${schema}.scim_values (tenant_id, resource_id)`,
        `CREATE UNIQUE INDEX scim_values_unique ON ${schema}.scim_values (tenant_id, unique_scope, attribute, value)
          WHERE unique_scope IS NOT NULL`,
        `CREATE TABLE ${schema}.scim_memberships (
          tenant_id text NOT NULL,
          group_id text NOT NULL,
          member_id text NOT NULL,
          seq bigint GENERATED ALWAYS AS IDENTITY,
          member_type text,
          display text,
          PRIMARY KEY (tenant_id, group_id, member_id)
        )`,
        `CREATE INDEX scim_memberships_member ON ${schema}.scim_memberships (tenant_id, member_id)`,
        // Column statistics tell the planner that one tenant holds most rows; without them it
        // guesses a handful and may walk a whole type instead of probing the values index. So
        // re-analyze after 1% of a table changed, not the default 10%.
        `ALTER TABLE ${schema}.scim_resources SET (autovacuum_analyze_scale_factor = 0.01, autovacuum_analyze_threshold = 200)`,
        `ALTER TABLE ${schema}.scim_values SET (autovacuum_analyze_scale_factor = 0.01, autovacuum_analyze_threshold = 200)`,
        `ALTER TABLE ${schema}.scim_memberships SET (autovacuum_analyze_scale_factor = 0.01, autovacuum_analyze_threshold = 200)`,
        `CREATE INDEX scim_memberships_order ON ${schema}.scim_memberships (tenant_id, group_id, seq)`,
        // Epoch milliseconds of an xsd:dateTime text exactly as the filter evaluator's
        // parseInstant reads it (no offset = UTC, fraction truncated to ms, a day up to 31 rolls
        // over like JavaScript's Date), NULL when it does not parse.
        `CREATE FUNCTION ${schema}.scim_instant(value text) RETURNS double precision
          LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
          DECLARE
            m text[];
            h int := 0; mi int := 0; s int := 0; ms int := 0; off int := 0;
          BEGIN
            m := regexp_match(value,
              '^([0-9]{4})-([0-9]{2})-([0-9]{2})(?:[Tt ]([0-9]{2}):([0-9]{2}):([0-9]{2})(?:[.]([0-9]+))?([Zz]|([+-])([0-9]{2}):([0-9]{2}))?)?$');
            IF m IS NULL THEN RETURN NULL; END IF;
            IF m[4] IS NOT NULL THEN h := m[4]::int; mi := m[5]::int; s := m[6]::int; END IF;
            IF m[7] IS NOT NULL THEN ms := rpad(left(m[7], 3), 3, '0')::int; END IF;
            IF m[9] IS NOT NULL THEN
              IF m[10]::int > 23 OR m[11]::int > 59 THEN RETURN NULL; END IF;
              off := (m[10]::int * 60 + m[11]::int) * (CASE WHEN m[9] = '-' THEN -1 ELSE 1 END);
            END IF;
            IF m[2]::int NOT BETWEEN 1 AND 12 OR m[3]::int NOT BETWEEN 1 AND 31 OR mi > 59 OR s > 59
               OR h > 24 OR (h = 24 AND (mi > 0 OR s > 0 OR ms > 0)) THEN
              RETURN NULL;
            END IF;
            -- Shifting by 10000 years keeps the Gregorian cycle and keeps year 0000 in range.
            RETURN (make_date(m[1]::int + 10000, m[2]::int, 1) - make_date(11970, 1, 1) + m[3]::int - 1)::double precision
              * 86400000 + h * 3600000 + mi * 60000 + s * 1000 + ms - off * 60000;
          END $$`,
      ],
    },
    {
      version: 2,
      name: "change journal and event subscriptions",
      statements: [
        // tx is the writing transaction's id: readers order by (tx, seq) and read only entries of
        // transactions older than every open one, so none is passed over (see SqlJournal).
        `CREATE TABLE ${schema}.scim_journal (
          seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
          tx bigint NOT NULL DEFAULT (pg_current_xact_id()::text::bigint),
          id text NOT NULL,
          tenant_id text NOT NULL,
          time text NOT NULL,
          request_id text,
          actor text,
          method text,
          path text,
          action text NOT NULL,
          resource_type text NOT NULL,
          resource_id text NOT NULL,
          version text,
          changes text NOT NULL,
          derived_events text
        )`,
        `CREATE INDEX scim_journal_order ON ${schema}.scim_journal (tx, seq)`,
        `CREATE INDEX scim_journal_tenant ON ${schema}.scim_journal (tenant_id, tx, seq)`,
        `CREATE INDEX scim_journal_resource ON ${schema}.scim_journal (tenant_id, resource_id)`,
        `CREATE INDEX scim_journal_time ON ${schema}.scim_journal (time)`,
        `CREATE TABLE ${schema}.scim_event_subscriptions (
          name text PRIMARY KEY,
          tenant_id text,
          delivered_cursor text,
          attempts integer NOT NULL DEFAULT 0,
          last_error text,
          last_attempt_at text,
          last_delivered_at text,
          next_attempt_at text,
          delivered bigint NOT NULL DEFAULT 0,
          lease_owner text,
          lease_until text
        )`,
      ],
    },
    {
      version: 3,
      name: "credentials, rate limits",
      statements: [
        `CREATE TABLE ${schema}.scim_credentials (
          id text PRIMARY KEY,
          tenant_id text NOT NULL,
          name text,
          scope text NOT NULL,
          secret_hash text NOT NULL,
          created_at text NOT NULL,
          expires_at text,
          revoked_at text,
          last_used_at text
        )`,
        `CREATE INDEX scim_credentials_tenant ON ${schema}.scim_credentials (tenant_id, created_at)`,
        `CREATE TABLE ${schema}.scim_rate_limits (
          bucket text NOT NULL,
          window_start bigint NOT NULL,
          hits integer NOT NULL,
          PRIMARY KEY (bucket, window_start)
        )`,
      ],
    },
    HASH_STORED_SECRETS,
    {
      version: 5,
      name: "filter indexes: prefix ranges (sw) and trigrams (co, ew) on value rows",
      statements: [
        // sw is a range in code point order (the ~>=~ / ~<~ operators), which text_pattern_ops
        // serves whatever the database's collation; equality is served by it too.
        // The lookup index is rebuilt with text_pattern_ops: one index serves eq and the sw range.
        `DROP INDEX ${schema}.scim_values_lookup`,
        `CREATE INDEX scim_values_lookup ON ${schema}.scim_values (tenant_id, resource_type, attribute, value text_pattern_ops)`,
        // co and ew are LIKE '%…%' / '%…' on the (already case-folded) value rows, served by a
        // pg_trgm GIN index. pg_trgm ships with PostgreSQL and is a trusted extension (PostgreSQL
        // 13+: any role with CREATE on the database may install it). Where it cannot be installed
        // the migration goes on without the index: co/ew then read the attribute's value rows
        // through scim_values_lookup (still no per-document JSON scan). Installing it later and
        // creating the index by hand makes the same queries use it:
        //   CREATE INDEX scim_values_trigram ON <schema>.scim_values USING gin (value gin_trgm_ops)
        `DO $$
        DECLARE
          home text;
        BEGIN
          BEGIN
            CREATE EXTENSION IF NOT EXISTS pg_trgm;
          EXCEPTION WHEN OTHERS THEN
            RAISE NOTICE 'pg_trgm is not available (%): co/ew filters read value rows without a trigram index', SQLERRM;
          END;
          SELECT extnamespace::regnamespace::text INTO home FROM pg_extension WHERE extname = 'pg_trgm';
          IF home IS NOT NULL THEN
            EXECUTE 'CREATE INDEX scim_values_trigram ON ${schema}.scim_values USING gin (value ' || home || '.gin_trgm_ops)';
          END IF;
        END $$`,
      ],
    },
    {
      version: 6,
      name: "resource counts per tenant and type (exact totalResults without counting rows)",
      statements: [
        // An unfiltered list answers its exact totalResults (RFC 7644 §3.4.2) from these rows
        // instead of counting every resource of the type, so a page costs the same at 1,000 and
        // 100,000. Triggers keep them exact in the writing transaction, whoever writes. A tenant
        // and type has up to 16 rows (slots), so concurrent creates seldom wait for one row
        // lock; a transaction always uses one slot (its backend's), so writers cannot deadlock.
        `CREATE TABLE ${schema}.scim_counts (
          tenant_id text NOT NULL,
          resource_type text NOT NULL,
          slot smallint NOT NULL,
          n bigint NOT NULL,
          PRIMARY KEY (tenant_id, resource_type, slot)
        )`,
        `INSERT INTO ${schema}.scim_counts (tenant_id, resource_type, slot, n)
          SELECT tenant_id, resource_type, 0, COUNT(*) FROM ${schema}.scim_resources GROUP BY tenant_id, resource_type`,
        // Statement triggers over transition tables: one upsert per statement and tenant, so a
        // bulk INSERT … SELECT does not update one counter row once per inserted row.
        `CREATE FUNCTION ${schema}.scim_count_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          INSERT INTO ${schema}.scim_counts AS c (tenant_id, resource_type, slot, n)
            SELECT tenant_id, resource_type, pg_backend_pid() % 16, COUNT(*) FROM inserted GROUP BY tenant_id, resource_type
            ON CONFLICT (tenant_id, resource_type, slot) DO UPDATE SET n = c.n + excluded.n;
          RETURN NULL;
        END $$`,
        `CREATE FUNCTION ${schema}.scim_count_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          INSERT INTO ${schema}.scim_counts AS c (tenant_id, resource_type, slot, n)
            SELECT tenant_id, resource_type, pg_backend_pid() % 16, -COUNT(*) FROM deleted GROUP BY tenant_id, resource_type
            ON CONFLICT (tenant_id, resource_type, slot) DO UPDATE SET n = c.n + excluded.n;
          RETURN NULL;
        END $$`,
        `CREATE FUNCTION ${schema}.scim_count_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          DELETE FROM ${schema}.scim_counts;
          RETURN NULL;
        END $$`,
        `CREATE TRIGGER scim_resources_count_insert AFTER INSERT ON ${schema}.scim_resources
          REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION ${schema}.scim_count_inserted()`,
        `CREATE TRIGGER scim_resources_count_delete AFTER DELETE ON ${schema}.scim_resources
          REFERENCING OLD TABLE AS deleted FOR EACH STATEMENT EXECUTE FUNCTION ${schema}.scim_count_deleted()`,
        `CREATE TRIGGER scim_resources_count_truncate AFTER TRUNCATE ON ${schema}.scim_resources
          FOR EACH STATEMENT EXECUTE FUNCTION ${schema}.scim_count_truncated()`,
      ],
    },
    {
      version: 7,
      name: "trigram index without a pending list",
      statements: [
        // With fastupdate a GIN index queues new entries in a pending list that every search
        // reads in full until (auto)vacuum merges it: after a bulk sync, co/ew searches read
        // every new value row. Entries go straight into the index instead.
        `DO $$
        BEGIN
          IF to_regclass('${schema}.scim_values_trigram') IS NOT NULL THEN
            ALTER INDEX ${schema}.scim_values_trigram SET (fastupdate = off);
            PERFORM gin_clean_pending_list('${schema}.scim_values_trigram'::regclass);
          END IF;
        END $$`,
      ],
    },
  ];
}
