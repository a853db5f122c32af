/**
 * Qualified table names of one store. PostgreSQL stores may live in their own schema, so every
 * statement takes its names from here.
 */
export interface SqlTables {
  readonly resources: string;
  readonly values: string;
  /** SQLite's FTS5 trigram index of the value rows (co/ew filters). */
  readonly valuesTrigram: string;
  readonly memberships: string;
  /** Resources per tenant and type, kept by triggers (exact totals of unfiltered lists). */
  readonly counts: string;
  readonly migrations: string;
  /** The change journal (audit events and the identity-event outbox). */
  readonly journal: string;
  /** Delivery state of named event subscriptions. */
  readonly subscriptions: string;
}

/** Table names, qualified by `schema` (already a quoted identifier) when given. */
export function sqlTables(schema?: string): SqlTables {
  const q = (name: string) => (schema ? `${schema}.${name}` : name);
  return {
    resources: q("scim_resources"),
    values: q("scim_values"),
    valuesTrigram: q("scim_values_trigram"),
    memberships: q("scim_memberships"),
    counts: q("scim_counts"),
    migrations: q("scim_migrations"),
    journal: q("scim_journal"),
    subscriptions: q("scim_event_subscriptions"),
  };
}
