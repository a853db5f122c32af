import { mappingMigration } from "../../src/mapping/index.js";
import { SqliteStore } from "../../src/store/sql/sqlite/index.js";
import { runStoreContract } from "../../src/testing/index.js";
import { CONTRACT_MAPPING } from "./mapping-fixture.js";

runStoreContract("SqliteStore with a table mapping", async ({ registry }) => {
  const store = new SqliteStore({ filename: ":memory:", registry, tableMapping: CONTRACT_MAPPING });
  for (const sql of mappingMigration(CONTRACT_MAPPING, { dialect: "sqlite", registry, createTable: true }))
    store.database.exec(sql);
  return { store, cleanup: () => store.close() };
});
