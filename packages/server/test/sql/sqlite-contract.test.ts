import { SqliteStore } from "../../src/store/sql/sqlite/index.js";
import { runStoreContract } from "../../src/testing/index.js";

runStoreContract("SqliteStore", async ({ registry }) => {
  const store = new SqliteStore({ filename: ":memory:", registry });
  return { store, cleanup: () => store.close() };
});
