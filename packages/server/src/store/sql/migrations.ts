/**
 * Versioned schema migrations. A migration is never edited once released: changes go into a new
 * version, so every database converges by applying the versions it has not seen, in order.
 * Every table carries `tenant_id` and every unique index starts with it (tenancy-ready).
 */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly statements: readonly string[];
}

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
      "CREATE INDEX scim_values_owner ON scim_values (tenant_id, resource_type, resource_id)",
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
        `CREATE INDEX scim_values_owner ON ${schema}.scim_values (tenant_id, resource_type, resource_id)`,
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
        `CREATE INDEX scim_memberships_order ON ${schema}.scim_memberships (tenant_id, group_id, seq)`,
        // Epoch milliseconds of an xsd:dateTime text, NULL when it does not parse (a filter on
        // malformed data must not fail the whole query). UTC for texts without an offset.
        `CREATE FUNCTION ${schema}.scim_instant(value text) RETURNS double precision
          LANGUAGE plpgsql STABLE SET TimeZone = 'UTC' AS $$
          BEGIN
            RETURN extract(epoch FROM value::timestamptz) * 1000;
          EXCEPTION WHEN others THEN
            RETURN NULL;
          END $$`,
      ],
    },
  ];
}
