import { runStoreContract } from "../../src/store/contract.js";
import { SqliteStore } from "../../src/store/sqlite.js";

runStoreContract("SqliteStore", async ({ registry }) => {
  const store = new SqliteStore({ filename: ":memory:", registry });
  return { store, cleanup: () => store.close() };
});
