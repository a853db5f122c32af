/**
 * The store contract suite: the behaviour every {@link ResourceStore} must show, as a vitest suite.
 * Run it from your store's test file:
 *
 * @example
 * import { runStoreContract } from "@scimkit/server/testing";
 * runStoreContract("MyStore", async ({ registry }) => {
 *   const store = await MyStore.open({ registry });
 *   return { store, cleanup: () => store.close() };
 * });
 */
import { randomUUID } from "node:crypto";
import { createDefaultRegistry, type SchemaRegistry } from "@scimkit/core";
import { afterEach, beforeEach, describe, it } from "vitest";
import type { RequestContext } from "../context.js";
import type { ResourceStore } from "../store/store.js";
import { describeFilters } from "./filters.js";
import { type ContractTest, contextFor } from "./fixtures.js";
import { describeLifecycle } from "./lifecycle.js";
import { describeMembership } from "./membership.js";
import { describePaging } from "./paging.js";
import { describeSorting } from "./sorting.js";
import { describeTenants } from "./tenants.js";
import { describeUniqueness } from "./uniqueness.js";
import { describeVersions } from "./versions.js";

/** What the factory receives: the registry the suite writes resources against. */
export interface StoreContractSetup {
  readonly registry: SchemaRegistry;
}

/** What the factory returns: a fresh, empty store and how to dispose of it. */
export interface StoreUnderTest {
  readonly store: ResourceStore;
  readonly cleanup?: () => Promise<void>;
}

/** Creates a fresh, empty store for one test. */
export type StoreFactory = (setup: StoreContractSetup) => Promise<StoreUnderTest>;

/**
 * Registers the contract suite for a store, one `describe` per concern (the files beside this one).
 * `makeStore` is called once per test and must return an empty store (or one isolated by a fresh
 * tenant); `cleanup` runs after each test.
 */
export function runStoreContract(name: string, makeStore: StoreFactory): void {
  describe(`ResourceStore contract: ${name}`, () => {
    const registry = createDefaultRegistry();
    let store: ResourceStore;
    let cleanup: (() => Promise<void>) | undefined;
    // A fresh tenant per test keeps tests independent even for stores that share a database.
    let ctx: RequestContext;

    beforeEach(async () => {
      const made = await makeStore({ registry });
      store = made.store;
      cleanup = made.cleanup;
      ctx = contextFor(`tenant-${randomUUID()}`);
    });

    afterEach(async () => {
      await cleanup?.();
    });

    const test: ContractTest = (title, body) => it(title, () => body({ store, ctx }));
    describeLifecycle(test);
    describeUniqueness(test);
    describeVersions(test);
    describeMembership(test);
    describeFilters(test);
    describeSorting(test);
    describePaging(test);
    describeTenants(test);
  });
}
