import { MemoryStore } from "../../src/store/memory.js";
import { runStoreContract } from "../../src/testing/index.js";

runStoreContract("MemoryStore", async ({ registry }) => ({ store: new MemoryStore({ registry }) }));
