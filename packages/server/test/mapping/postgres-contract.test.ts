import { afterAll, beforeAll } from "vitest";
import { mappingMigration } from "../../src/mapping/index.js";
import { PostgresStore } from "../../src/store/sql/postgres/index.js";
import { runStoreContract } from "../../src/testing/index.js";
import { createTestSchema, type TestSchema } from "../sql/pg-test-schema.js";
import { CONTRACT_MAPPING } from "./mapping-fixture.js";

let database: TestSchema;
let migrated = false;

beforeAll(async () => {
  database = await createTestSchema("scim_mapped_contract");
});
afterAll(async () => {
  await database.drop();
});

runStoreContract("PostgresStore with a table mapping", async ({ registry }) => {
  const tableMapping = { ...CONTRACT_MAPPING, table: `${database.schema}.app_users` };
  const store = await PostgresStore.open({
    pool: database.pool,
    schema: database.schema,
    registry,
    tableMapping,
  });
  if (migrated) {
    await database.truncate();
    await database.pool.query(`DELETE FROM "${database.schema}".app_users`);
  } else {
    for (const sql of mappingMigration(tableMapping, { dialect: "postgres", registry, createTable: true }))
      await database.pool.query(sql);
  }
  migrated = true;
  return { store, cleanup: () => store.close() };
});
