import { parseFilter } from "@scimkit/filter";
import { describe, expect } from "vitest";
import type { RequestContext } from "../context.js";
import type { ResourceStore } from "../store/store.js";
import { type ContractTest, expectScimError, userData } from "./fixtures.js";

/** Index paging (RFC 7644 §3.4.2.4) and cursor paging (RFC 9865). */
export function describePaging(it: ContractTest): void {
  describe("list: paging", () => {
    const seedNumbered = async (store: ResourceStore, ctx: RequestContext, n: number) => {
      for (let i = 0; i < n; i++) {
        await store.create(ctx, "User", userData(`user${String(i).padStart(2, "0")}`));
      }
    };
    const sortByUserName = { by: { attribute: "userName" }, order: "ascending" } as const;

    it("index paging is 1-based and reports totalResults (RFC 7644 §3.4.2.4)", async ({ store, ctx }) => {
      await seedNumbered(store, ctx, 7);
      const first = await store.list(ctx, "User", { startIndex: 1, count: 3, sort: sortByUserName });
      expect(first.totalResults).toBe(7);
      expect(first.resources.map((r) => r.data.userName)).toEqual(["user00", "user01", "user02"]);
      const third = await store.list(ctx, "User", { startIndex: 7, count: 3, sort: sortByUserName });
      expect(third.resources.map((r) => r.data.userName)).toEqual(["user06"]);
      const beyond = await store.list(ctx, "User", { startIndex: 20, count: 3, sort: sortByUserName });
      expect(beyond.resources).toEqual([]);
      expect(beyond.totalResults).toBe(7);
    });

    it("count 0 returns only totalResults (RFC 7644 §3.4.2.4)", async ({ store, ctx }) => {
      await seedNumbered(store, ctx, 4);
      const page = await store.list(ctx, "User", { count: 0 });
      expect(page.resources).toEqual([]);
      expect(page.totalResults).toBe(4);
    });

    it("paging without sortBy visits every resource exactly once", async ({ store, ctx }) => {
      await seedNumbered(store, ctx, 9);
      const seen: string[] = [];
      for (let start = 1; start <= 9; start += 4) {
        const page = await store.list(ctx, "User", { startIndex: start, count: 4 });
        seen.push(...page.resources.map((r) => r.id));
      }
      expect(new Set(seen).size).toBe(9);
    });

    it("cursor paging (RFC 9865): empty cursor starts, nextCursor continues, last page has none", async ({
      store,
      ctx,
    }) => {
      await seedNumbered(store, ctx, 7);
      const names: string[] = [];
      let cursor = "";
      let pages = 0;
      for (;;) {
        const page = await store.list(ctx, "User", { cursor, count: 3, sort: sortByUserName });
        pages += 1;
        expect(page.totalResults).toBe(7);
        names.push(...page.resources.map((r) => String(r.data.userName)));
        if (page.nextCursor === undefined) break;
        expect(page.nextCursor).toMatch(/^[A-Za-z0-9\-._~]+$/);
        cursor = page.nextCursor;
        expect(pages).toBeLessThan(10);
      }
      expect(pages).toBe(3);
      expect(names).toEqual(Array.from({ length: 7 }, (_, i) => `user${String(i).padStart(2, "0")}`));
    });

    it("cursor paging without sortBy and with a filter visits each match once", async ({ store, ctx }) => {
      await seedNumbered(store, ctx, 10);
      const filter = parseFilter('userName sw "user0"');
      const ids: string[] = [];
      let cursor = "";
      for (let guard = 0; guard < 10; guard++) {
        const page = await store.list(ctx, "User", { cursor, count: 4, filter });
        ids.push(...page.resources.map((r) => r.id));
        if (page.nextCursor === undefined) break;
        cursor = page.nextCursor;
      }
      expect(ids).toHaveLength(10);
      expect(new Set(ids).size).toBe(10);
    });

    it("a cursor that was not issued is a 400 error (RFC 9865 invalidCursor)", async ({ store, ctx }) => {
      await seedNumbered(store, ctx, 2);
      await expectScimError(store.list(ctx, "User", { cursor: "not-a-cursor", count: 1 }), 400);
    });
  });
}
