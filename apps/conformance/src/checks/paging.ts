import { type Check, CheckFailure, CheckSkipped, defineCheck } from "../check.js";
import type { RunContext } from "../context.js";
import { expect, expectSameSet } from "../expect.js";
import { userBody } from "../scim/bodies.js";
import { getAttribute, type JsonObject } from "../scim/json.js";
import { idOf } from "../scim/resource-id.js";

const SEEDED = 5;

interface PagingSeed {
  scope: string;
  filter: string;
  /** Ids in displayName order. */
  idsByDisplayName: string[];
}

// Display names deliberately out of creation order, so a sort that returns insertion order fails.
const DISPLAY_NAMES = ["Paging Delta", "Paging alpha", "Paging Echo", "Paging bravo", "Paging Charlie"];

function seed(ctx: RunContext): Promise<PagingSeed> {
  return ctx.once("paging:seed", async () => {
    const scope = `${ctx.unique("paging")}-`;
    const created: { id: string; displayName: string }[] = [];
    for (const [index, displayName] of DISPLAY_NAMES.entries()) {
      const user = await ctx.api.create("/Users", {
        ...userBody(ctx, `p${index}`),
        userName: `${scope}${index}`,
        displayName,
      });
      created.push({ id: idOf(user), displayName });
    }
    const sorted = [...created].sort((a, b) =>
      a.displayName.toLowerCase().localeCompare(b.displayName.toLowerCase()),
    );
    return { scope, filter: `userName sw "${scope}"`, idsByDisplayName: sorted.map((entry) => entry.id) };
  });
}

async function page(ctx: RunContext, query: Record<string, string | number>) {
  await ctx.requireFeature("filter");
  const seeded = await seed(ctx);
  const result = await ctx.api.list("/Users", { filter: seeded.filter, ...query });
  return { seeded, result };
}

function integer(body: JsonObject, name: string): number {
  const value = getAttribute(body, name);
  expect(Number.isInteger(value), `${name} must be a JSON integer, got ${JSON.stringify(value)}`);
  return value as number;
}

/** Index paging (RFC 7644 §3.4.2.4), sorting (§3.4.2.3) and cursor paging (RFC 9865). */
export const pagingChecks: Check[] = [
  defineCheck({
    id: "paging.count",
    section: "paging",
    level: "MUST",
    title: "count limits the page; totalResults counts every match",
    citation: 'RFC 7644 §3.4.2.4 (count: "MUST NOT return more results than specified")',
    async run(ctx) {
      const { result } = await page(ctx, { startIndex: 1, count: 2 });
      expect(result.resources.length <= 2, `count=2 returned ${result.resources.length} resources`);
      // The RFC lets a server return fewer than count, but not an empty page while matches remain.
      expect(result.resources.length >= 1, `count=2 with ${SEEDED} matches returned no resources`);
      expect(integer(result.body, "totalResults") === SEEDED, `totalResults must be ${SEEDED}`);
      expect(
        integer(result.body, "itemsPerPage") === result.resources.length,
        "itemsPerPage must equal the number of resources on the page",
      );
      expect(integer(result.body, "startIndex") === 1, "startIndex must be 1");
      return undefined;
    },
  }),
  defineCheck({
    id: "paging.walk",
    section: "paging",
    level: "MUST",
    title: "walking pages of count 2 by startIndex visits every match exactly once",
    citation: "RFC 7644 §3.4.2.4",
    async run(ctx) {
      const seeded = await seed(ctx);
      const seen: string[] = [];
      // Step by what each page actually returned (a server MAY return fewer than count); bounded.
      let startIndex = 1;
      for (let pageNumber = 0; pageNumber < SEEDED && startIndex <= SEEDED; pageNumber += 1) {
        const { result } = await page(ctx, { startIndex, count: 2 });
        expect(integer(result.body, "startIndex") === startIndex, `page startIndex must echo ${startIndex}`);
        if (result.ids.length === 0) break;
        seen.push(...result.ids);
        startIndex += result.ids.length;
      }
      expect(new Set(seen).size === seen.length, `a resource appeared on two pages: [${seen.join(", ")}]`);
      expectSameSet(seen, seeded.idsByDisplayName, "union of pages");
      return undefined;
    },
  }),
  defineCheck({
    id: "paging.start-index-below-one",
    section: "paging",
    level: "MUST",
    title: "startIndex below 1 is interpreted as 1",
    citation: 'RFC 7644 §3.4.2.4 ("A value less than 1 SHALL be interpreted as 1")',
    async run(ctx) {
      const { result } = await page(ctx, { startIndex: 0, count: 10 });
      expect(
        result.resources.length === SEEDED,
        `startIndex=0 returned ${result.resources.length} of ${SEEDED}`,
      );
      expect(integer(result.body, "startIndex") === 1, "startIndex must be reported as 1");
      return undefined;
    },
  }),
  defineCheck({
    id: "paging.count-zero",
    section: "paging",
    level: "MUST",
    title: "count=0 returns no resources but the full totalResults",
    citation:
      'RFC 7644 §3.4.2.4 ("A value of 0 indicates that no resource results are to be returned except for totalResults")',
    async run(ctx) {
      const { result } = await page(ctx, { count: 0 });
      expect(result.resources.length === 0, `count=0 returned ${result.resources.length} resources`);
      expect(integer(result.body, "totalResults") === SEEDED, `totalResults must be ${SEEDED}`);
      return undefined;
    },
  }),
  defineCheck({
    id: "paging.count-negative",
    section: "paging",
    level: "MUST",
    title: "a negative count is interpreted as 0",
    citation: 'RFC 7644 §3.4.2.4 ("A negative value SHALL be interpreted as 0")',
    async run(ctx) {
      const { result } = await page(ctx, { count: -5 });
      expect(result.resources.length === 0, `count=-5 returned ${result.resources.length} resources`);
      expect(integer(result.body, "totalResults") === SEEDED, `totalResults must be ${SEEDED}`);
      return undefined;
    },
  }),
  defineCheck({
    id: "paging.beyond-end",
    section: "paging",
    level: "MUST",
    title: "a startIndex past the last match returns an empty page with totalResults",
    citation: "RFC 7644 §3.4.2.4",
    async run(ctx) {
      const { result } = await page(ctx, { startIndex: SEEDED + 10, count: 2 });
      expect(
        result.resources.length === 0,
        `startIndex past the end returned ${result.resources.length} resources`,
      );
      expect(integer(result.body, "totalResults") === SEEDED, `totalResults must be ${SEEDED}`);
      return undefined;
    },
  }),
  defineCheck({
    id: "paging.sort-ascending",
    section: "paging",
    level: "MUST",
    title: "sortBy=displayName orders results ascending (case-insensitive for caseExact false)",
    citation: "RFC 7644 §3.4.2.3",
    async run(ctx) {
      await ctx.requireFeature("sort");
      const { seeded, result } = await page(ctx, { sortBy: "displayName", count: 10 });
      expect(
        JSON.stringify(result.ids) === JSON.stringify(seeded.idsByDisplayName),
        `order ${result.resources.map((r) => getAttribute(r, "displayName")).join(" | ")} is not ascending by displayName`,
      );
      return undefined;
    },
  }),
  defineCheck({
    id: "paging.sort-descending",
    section: "paging",
    level: "MUST",
    title: "sortOrder=descending reverses the order",
    citation: "RFC 7644 §3.4.2.3",
    async run(ctx) {
      await ctx.requireFeature("sort");
      const { seeded, result } = await page(ctx, {
        sortBy: "displayName",
        sortOrder: "descending",
        count: 10,
      });
      expect(
        JSON.stringify(result.ids) === JSON.stringify([...seeded.idsByDisplayName].reverse()),
        `order ${result.resources.map((r) => getAttribute(r, "displayName")).join(" | ")} is not descending`,
      );
      return undefined;
    },
  }),
  defineCheck({
    id: "paging.sorted-pages",
    section: "paging",
    level: "MUST",
    title: "sorted pages concatenate to the full sorted order",
    citation: "RFC 7644 §3.4.2.3, §3.4.2.4",
    async run(ctx) {
      await ctx.requireFeature("sort");
      const seeded = await seed(ctx);
      const ids: string[] = [];
      let startIndex = 1;
      for (let pageNumber = 0; pageNumber < SEEDED && startIndex <= SEEDED; pageNumber += 1) {
        const { result } = await page(ctx, { sortBy: "displayName", startIndex, count: 2 });
        if (result.ids.length === 0) break;
        ids.push(...result.ids);
        startIndex += result.ids.length;
      }
      expect(
        JSON.stringify(ids) === JSON.stringify(seeded.idsByDisplayName),
        "pages of a sorted query do not concatenate to the sorted order",
      );
      return undefined;
    },
  }),
  defineCheck({
    id: "paging.cursor",
    section: "paging",
    level: "SHOULD",
    title: "cursor paging visits every match once and ends without nextCursor",
    citation: "RFC 9865 §3 (cursor, nextCursor)",
    async run(ctx) {
      const config = await ctx.serviceProviderConfig();
      if (getAttribute(getAttribute(config, "pagination"), "cursor") !== true) {
        throw new CheckSkipped("ServiceProviderConfig does not advertise pagination.cursor = true");
      }
      const seeded = await seed(ctx);
      const seen: string[] = [];
      let cursor = "";
      for (let pageNumber = 0; pageNumber < SEEDED + 2; pageNumber += 1) {
        const { result } = await page(ctx, { cursor, count: 2 });
        seen.push(...result.ids);
        const next = getAttribute(result.body, "nextCursor");
        if (next === undefined || next === null || next === "") {
          expect(new Set(seen).size === seen.length, "a resource appeared twice");
          expectSameSet(seen, seeded.idsByDisplayName, "union of cursor pages");
          return undefined;
        }
        expect(typeof next === "string", "nextCursor must be a string");
        cursor = next;
      }
      throw new CheckFailure(`cursor paging did not end within ${SEEDED + 2} pages`);
    },
  }),
];
