// The store contract suite from the packed @scimkit/server/testing, run by the user's own vitest.
import { MemoryStore } from "@scimkit/server";
import { runStoreContract } from "@scimkit/server/testing";

runStoreContract("MemoryStore from the packed tarball", async ({ registry }) => ({
  store: new MemoryStore({ registry }),
}));
