import { afterAll, beforeAll } from "vitest";
import { PostgresStore } from "../../src/store/sql/postgres/index.js";
import { runStoreContract } from "../../src/testing/index.js";
import { createTestSchema, type TestSchema } from "./pg-test-schema.js";

let database: TestSchema;
let migrated = false;

beforeAll(async () => {
  database = await createTestSchema("scim_contract");
});
afterAll(async () => {
  await database.drop();
});

runStoreContract("PostgresStore", async ({ registry }) => {
  const store = await PostgresStore.open({ pool: database.pool, schema: database.schema, registry });
  if (migrated) await database.truncate();
  migrated = true;
  return { store, cleanup: () => store.close() };
});
