/** The store contract suite as a custom store runs it (MemoryStore stands in for yours here). */
// #region readme
import { MemoryStore } from "@scimkit/server";
import { runStoreContract } from "@scimkit/server/testing";

runStoreContract("MemoryStore", async ({ registry }) => {
  const store = new MemoryStore({ registry }); // your store, over a fresh test database
  return { store, cleanup: () => store.close() };
});
// #endregion readme
