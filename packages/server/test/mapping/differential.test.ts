import { ENTERPRISE_USER_SCHEMA } from "@scimkit/core";
import fc from "fast-check";
import { afterAll, beforeAll, describe, it } from "vitest";
import { mappingMigration, type TableMapping } from "../../src/mapping/index.js";
import { PostgresStore } from "../../src/store/sql/postgres/index.js";
import { SqliteStore } from "../../src/store/sql/sqlite/index.js";
import { assertSqlAgreesWithEvaluator } from "../sql/differential.js";
import { differentialRegistry, userArb, usersArb } from "../sql/differential-fixture.js";
import { createTestSchema, type TestSchema } from "../sql/pg-test-schema.js";

const E = ENTERPRISE_USER_SCHEMA;
const scalars = {
  user_name: "userName",
  display_name: "displayName",
  nick_name: "nickName",
  active: "active",
  external_id: "externalId",
  title: "title",
  given_name: "name.givenName",
  family_name: "name.familyName",
  employee_number: `${E}:employeeNumber`,
  department: `${E}:department`,
  manager_id: `${E}:manager.value`,
};

/** Every attribute the generated users carry: emails whole, in a JSON column. */
const WHOLE: TableMapping = { table: "mapped_users", columns: { ...scalars, emails: "emails" } };

/** emails by element: the work and the home address each in their own typed columns. */
const ELEMENTS: TableMapping = {
  table: "mapped_users",
  columns: {
    ...scalars,
    work_email: 'emails[type eq "work"].value',
    work_primary: 'emails[type eq "work"].primary',
    work_display: 'emails[type eq "work"].display',
    home_email: 'emails[type eq "home"].value',
    home_primary: 'emails[type eq "home"].primary',
    home_display: 'emails[type eq "home"].display',
  },
};

/** Users whose emails are at most one work and one home address (what ELEMENTS can hold). */
const elementUsersArb = fc.uniqueArray(
  userArb.map((user) => {
    const emails = user.emails as Record<string, unknown>[] | undefined;
    if (!emails) return user;
    const firstIsHome = emails[0]?.type === "home";
    const typed = emails.slice(0, 2).map((email, index) => ({
      ...email,
      type: (index === 0) === firstIsHome ? "home" : email.type === "Work" ? "Work" : "work",
    }));
    return { ...user, emails: typed };
  }),
  { minLength: 2, maxLength: 10, selector: (user) => String(user.userName).toLowerCase() },
);

// RFC 7644 §3.4.2.2: over a mapped table, filters, sorting and both paging styles select exactly
// what the reference evaluator selects on the resources the store returns.
describe.each([
  ["whole attributes", WHOLE, usersArb],
  ["element columns", ELEMENTS, elementUsersArb],
] as const)("table mapping (%s): SQL agrees with the filter evaluator", (_, mapping, users) => {
  let database: TestSchema;
  beforeAll(async () => {
    database = await createTestSchema("scim_mapped_diff");
  });
  afterAll(async () => {
    await database.drop();
  });

  it("SQLite", async () => {
    const registry = differentialRegistry();
    const store = new SqliteStore({ filename: ":memory:", registry, tableMapping: mapping });
    for (const sql of mappingMigration(mapping, { dialect: "sqlite", registry, createTable: true }))
      store.database.exec(sql);
    try {
      await assertSqlAgreesWithEvaluator(store, registry, 60, users);
    } finally {
      await store.close();
    }
  }, 120_000);

  it("PostgreSQL", async () => {
    const registry = differentialRegistry();
    const tableMapping = { ...mapping, table: `${database.schema}.mapped_users` };
    const store = await PostgresStore.open({
      pool: database.pool,
      schema: database.schema,
      registry,
      tableMapping,
    });
    for (const sql of mappingMigration(tableMapping, { dialect: "postgres", registry, createTable: true }))
      await database.pool.query(sql);
    try {
      await assertSqlAgreesWithEvaluator(store, registry, 20, users);
    } finally {
      await store.close();
    }
  }, 180_000);
});
