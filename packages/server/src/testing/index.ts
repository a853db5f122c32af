/**
 * `@scimkit/server/testing`: the suites a store implementation runs to prove it keeps the
 * {@link ResourceStore} contract.
 *
 * @module @scimkit/server/testing
 */
export {
  runStoreContract,
  type StoreContractSetup,
  type StoreFactory,
  type StoreUnderTest,
} from "./store-contract.js";
export { TcpRelay } from "./tcp-relay.js";
