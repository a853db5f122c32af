import { randomUUID } from "node:crypto";
import { type SchemaRegistry, ScimError } from "@scimkit/core";
import { compileFilter, type Filter, matches, parseFilter } from "@scimkit/filter";
import fc from "fast-check";
import { expect } from "vitest";
import type { RequestContext } from "../../src/context.js";
import type { ResourceStore, StoredResource } from "../../src/store/store.js";
import {
  DEVICE_PATHS,
  DEVICE_VALUE_PATHS,
  deviceArb,
  filterArb,
  GROUP_PATHS,
  GROUP_SCHEMA,
  GROUP_VALUE_PATHS,
  groupArb,
  USER_PATHS,
  USER_VALUE_PATHS,
  usersArb,
} from "./differential-fixture.js";

/** The resource as the in-memory evaluator sees it: attributes plus `meta`. */
function viewOf(stored: StoredResource): Record<string, unknown> {
  return {
    ...stored.data,
    meta: {
      resourceType: stored.resourceType,
      created: stored.created,
      lastModified: stored.lastModified,
      version: stored.version,
    },
  };
}

const datasetArb = fc.record({
  users: usersArb,
  devices: fc.array(deviceArb, { maxLength: 6 }),
  groups: fc.array(groupArb, { maxLength: 3 }),
});

const filtersArb = fc.record({
  User: fc.array(filterArb(USER_PATHS, USER_VALUE_PATHS), { minLength: 8, maxLength: 8 }),
  Device: fc.array(filterArb(DEVICE_PATHS, DEVICE_VALUE_PATHS), { minLength: 8, maxLength: 8 }),
  Group: fc.array(filterArb(GROUP_PATHS, GROUP_VALUE_PATHS), { minLength: 4, maxLength: 4 }),
});

async function listIds(store: ResourceStore, ctx: RequestContext, type: string, filter?: Filter) {
  const page = await store.list(ctx, type, { count: 10_000, ...(filter ? { filter } : {}) });
  return page.resources;
}

/**
 * Differential property: for generated resources and generated filters, the SQL store returns
 * exactly the resources the filter evaluator (`matches`) accepts, and rejects exactly the filters
 * it rejects.
 */
export async function assertSqlAgreesWithEvaluator(
  store: ResourceStore,
  registry: SchemaRegistry,
  numRuns: number,
): Promise<void> {
  await fc.assert(
    fc.asyncProperty(datasetArb, filtersArb, async (dataset, filters) => {
      const ctx: RequestContext = {
        tenantId: randomUUID(),
        baseUrl: "https://example.test/v2",
        attributes: new Map(),
      };
      const userIds: string[] = [];
      for (const user of dataset.users) {
        const id = randomUUID();
        userIds.push(id);
        await store.create(ctx, "User", { ...user, id });
      }
      for (const device of dataset.devices)
        await store.create(ctx, "Device", { ...device, id: randomUUID() });
      for (const group of dataset.groups) {
        const members = userIds.length
          ? [...new Set(group.memberPicks.map((pick) => userIds[pick % userIds.length]!))].map(
              (value, index) => ({
                value,
                type: "User",
                ...(index % 2 === 0 ? { display: `Member ${index}` } : {}),
              }),
            )
          : [];
        await store.create(ctx, "Group", {
          id: randomUUID(),
          schemas: [GROUP_SCHEMA],
          displayName: group.displayName,
          members,
        });
      }
      for (const type of ["User", "Device", "Group"] as const) {
        const rt = registry.resourceType(type);
        const all = await listIds(store, ctx, type);
        for (const text of filters[type]) {
          let filter: Filter;
          try {
            filter = parseFilter(text);
          } catch {
            continue; // the parser rejected it: nothing reaches a store
          }
          let expected: string[];
          try {
            compileFilter(filter, rt); // schema-dependent rejections happen here, data or not
            expected = all.filter((stored) => matches(filter, viewOf(stored), rt)).map((s) => s.id);
          } catch (error) {
            // The evaluator rejects the filter: the store must reject it the same way.
            const failure = await listIds(store, ctx, type, filter).then(
              () => undefined,
              (e: unknown) => e,
            );
            expect(
              ScimError.is(failure),
              `${type} ${text}: store accepted a filter the evaluator rejects`,
            ).toBe(true);
            expect((failure as ScimError).status).toBe((error as ScimError).status);
            continue;
          }
          const actual = (await listIds(store, ctx, type, filter)).map((s) => s.id);
          expect(actual.sort(), `${type} filter: ${text}`).toEqual(expected.sort());
        }
      }
    }),
    { numRuns },
  );
}
