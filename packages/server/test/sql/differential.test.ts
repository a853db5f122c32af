import { afterAll, beforeAll, describe, it } from "vitest";
import { PostgresStore } from "../../src/store/sql/postgres/index.js";
import { SqliteStore } from "../../src/store/sql/sqlite/index.js";
import { assertSqlAgreesWithEvaluator } from "./differential.js";
import { differentialRegistry } from "./differential-fixture.js";
import { createTestSchema, type TestSchema } from "./pg-test-schema.js";

// RFC 7644 §3.4.2.2: filters pushed down to SQL must select exactly what the reference
// evaluator selects — every operator, and/or/not, valuePath, extension attributes, pr,
// case-insensitive compare, dateTime ordering, numbers, booleans and meta.*.
describe("SQL filter push-down agrees with the filter evaluator (generated filters × resources)", () => {
  let database: TestSchema;
  beforeAll(async () => {
    database = await createTestSchema("scim_diff");
  });
  afterAll(async () => {
    await database.drop();
  });

  it("SQLite", async () => {
    const registry = differentialRegistry();
    const store = new SqliteStore({ filename: ":memory:", registry });
    try {
      await assertSqlAgreesWithEvaluator(store, registry, 300);
    } finally {
      await store.close();
    }
  }, 120_000);

  it("PostgreSQL", async () => {
    const registry = differentialRegistry();
    const store = await PostgresStore.open({ pool: database.pool, schema: database.schema, registry });
    try {
      await assertSqlAgreesWithEvaluator(store, registry, 80);
    } finally {
      await store.close();
    }
  }, 180_000);
});
