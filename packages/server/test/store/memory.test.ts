import { runStoreContract } from "../../src/store/contract.js";
import { MemoryStore } from "../../src/store/memory.js";

runStoreContract("MemoryStore", async ({ registry }) => ({ store: new MemoryStore({ registry }) }));
