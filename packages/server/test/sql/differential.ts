import { randomUUID } from "node:crypto";
import { type ResourceTypeSchema, type SchemaRegistry, ScimError } from "@scimkit/core";
import {
  type ComparisonFilter,
  compareStrings,
  compileFilter,
  type Filter,
  matches,
  parseAttributePath,
  parseFilter,
} from "@scimkit/filter";
import fc from "fast-check";
import { expect } from "vitest";
import type { RequestContext } from "../../src/context.js";
import { type SortKey, sortKeyOf } from "../../src/store/sort-order.js";
import type { ResourceStore, SortSpec, StoredResource } from "../../src/store/store.js";
import {
  DEVICE_MULTI_VALUED_PATHS,
  DEVICE_PATHS,
  DEVICE_VALUE_PATHS,
  deviceArb,
  filterArb,
  GROUP_MULTI_VALUED_PATHS,
  GROUP_PATHS,
  GROUP_SCHEMA,
  GROUP_VALUE_PATHS,
  groupArb,
  multiValuedLeafArb,
  USER_MULTI_VALUED_PATHS,
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

const datasetArb = (users: fc.Arbitrary<Record<string, unknown>[]>) =>
  fc.record({
    users,
    devices: fc.array(deviceArb, { minLength: 2, maxLength: 6 }),
    groups: fc.array(groupArb, { minLength: 1, maxLength: 3 }),
  });

/** Sort paths whose values are all well-formed (the reference sort keys unparseable dates differently). */
const SORT_PATHS = {
  User: [
    "userName",
    "displayName",
    "name.givenName",
    "emails",
    "emails.value",
    "active",
    "meta.created",
    "id",
    "title",
    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber",
  ],
  Device: ["serial", "code", "count", "weight", "enabled", "tags", "ports.value", "ports.number", "blob"],
  Group: ["displayName", "members.value", "members"],
} as const;

const sortsArb = fc.record({
  User: fc.record({
    path: fc.constantFrom(...SORT_PATHS.User),
    descending: fc.boolean(),
    pageSize: fc.integer({ min: 1, max: 4 }),
  }),
  Device: fc.record({
    path: fc.constantFrom(...SORT_PATHS.Device),
    descending: fc.boolean(),
    pageSize: fc.integer({ min: 1, max: 4 }),
  }),
  Group: fc.record({
    path: fc.constantFrom(...SORT_PATHS.Group),
    descending: fc.boolean(),
    pageSize: fc.integer({ min: 1, max: 4 }),
  }),
});

/**
 * RFC 7644 §3.4.2.3 reference order: keys as the in-memory store extracts them, strings in code
 * point order (no locale), missing values last ascending and first descending, ties by creation.
 */
function compareKeys(a: SortKey, b: SortKey, descending: boolean): number {
  let result: number;
  if (a === null || b === null) result = a === b ? 0 : a === null ? 1 : -1;
  else if (typeof a === "string" && typeof b === "string") result = Math.sign(compareStrings(a, b));
  else result = a < b ? -1 : a > b ? 1 : 0;
  return descending ? -result : result;
}

const filtersOf = (
  count: number,
  paths: readonly string[],
  valuePaths: Record<string, readonly string[]>,
  multiValuedPaths: readonly string[],
) =>
  fc
    .tuple(
      fc.array(filterArb(paths, valuePaths), { minLength: count, maxLength: count }),
      fc.array(multiValuedLeafArb(multiValuedPaths), { minLength: count / 2, maxLength: count / 2 }),
    )
    .map(([general, multiValued]) => [...general, ...multiValued]);

const filtersArb = fc.record({
  User: filtersOf(8, USER_PATHS, USER_VALUE_PATHS, USER_MULTI_VALUED_PATHS),
  Device: filtersOf(8, DEVICE_PATHS, DEVICE_VALUE_PATHS, DEVICE_MULTI_VALUED_PATHS),
  Group: filtersOf(4, GROUP_PATHS, GROUP_VALUE_PATHS, GROUP_MULTI_VALUED_PATHS),
});

/** The resource key of a multi-valued attribute a comparison reads, if it reads one. */
function multiValuedKey(filter: ComparisonFilter, rt: ResourceTypeSchema): string | undefined {
  const top = rt.resolve({ schema: filter.path.schema, attribute: filter.path.attribute });
  if (!top) return filter.path.attribute.toLowerCase() === "schemas" ? "schemas" : undefined;
  return top.attribute.multiValued && !top.isExtension ? top.attribute.name : undefined;
}

/**
 * RFC 7644 §3.4.2.2: "If the specified attribute in a filter expression is a multi-valued
 * attribute, the filter matches if any of the values of the specified attribute match the
 * specified criterion." So a comparison matches a resource exactly when it matches the resource
 * cut down to one of those values. Checked against the evaluator for every operator, `ne` too,
 * which pins the stores (compared with the evaluator) to the RFC rather than to a shared mistake.
 */
function assertAnyValueSemantics(
  filter: Filter,
  all: readonly StoredResource[],
  rt: ResourceTypeSchema,
  label: string,
): void {
  // `eq null` / `ne null` ask whether there is a value at all, not about one value.
  if (filter.kind !== "compare" || filter.value === null) return;
  const key = multiValuedKey(filter, rt);
  if (key === undefined) return;
  for (const stored of all) {
    const view = viewOf(stored);
    const values = view[key];
    const anyValue =
      Array.isArray(values) && values.some((value) => matches(filter, { ...view, [key]: [value] }, rt));
    expect(matches(filter, view, rt), `${label} on ${JSON.stringify(values)}`).toBe(anyValue);
  }
}

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
  /** Users of another shape (a table mapping stores only what it maps). Default: `usersArb`. */
  users: fc.Arbitrary<Record<string, unknown>[]> = usersArb,
): Promise<void> {
  await fc.assert(
    fc.asyncProperty(datasetArb(users), filtersArb, sortsArb, async (dataset, filters, sorts) => {
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
        await assertOrderAndPaging(store, ctx, type, all, sorts[type], registry);
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
          assertAnyValueSemantics(filter, all, rt, `${type} ${text}`);
          const actual = (await listIds(store, ctx, type, filter)).map((s) => s.id);
          expect(actual.sort(), `${type} filter: ${text}`).toEqual(expected.sort());
        }
      }
    }),
    { numRuns },
  );
}

/** Sorting and both paging styles in SQL give the reference order, each resource exactly once. */
async function assertOrderAndPaging(
  store: ResourceStore,
  ctx: RequestContext,
  type: string,
  all: StoredResource[],
  sortCase: { path: string; descending: boolean; pageSize: number },
  registry: SchemaRegistry,
): Promise<void> {
  const rt = registry.resourceType(type);
  const sort: SortSpec = {
    by: parseAttributePath(sortCase.path, "invalidFilter"),
    order: sortCase.descending ? "descending" : "ascending",
  };
  // `all` is in creation order (the default order), so a stable sort gives ties by creation.
  const expected = all
    .map((stored) => ({ id: stored.id, key: sortKeyOf(rt, viewOf(stored), sort) }))
    .sort((a, b) => compareKeys(a.key, b.key, sortCase.descending))
    .map((entry) => entry.id);
  const label = `${type} sortBy=${sortCase.path} ${sort.order}`;
  const sorted = await store.list(ctx, type, { sort, count: 10_000 });
  expect(
    sorted.resources.map((s) => s.id),
    label,
  ).toEqual(expected);
  // RFC 9865 cursor paging: walking nextCursor visits the same order, each resource once.
  const walked: string[] = [];
  let cursor = "";
  for (let guard = 0; guard <= all.length + 1; guard++) {
    const page = await store.list(ctx, type, { sort, count: sortCase.pageSize, cursor });
    expect(page.totalResults).toBe(all.length);
    walked.push(...page.resources.map((s) => s.id));
    if (page.nextCursor === undefined) break;
    cursor = page.nextCursor;
  }
  expect(walked, `${label} cursor pages of ${sortCase.pageSize}`).toEqual(expected);
  // RFC 7644 §3.4.2.4 index paging (1-based startIndex).
  const indexed: string[] = [];
  for (let start = 1; start <= all.length; start += sortCase.pageSize) {
    const page = await store.list(ctx, type, { sort, count: sortCase.pageSize, startIndex: start });
    indexed.push(...page.resources.map((s) => s.id));
  }
  expect(indexed, `${label} index pages of ${sortCase.pageSize}`).toEqual(expected);
}
