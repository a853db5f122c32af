import { type Check, defineCheck } from "../check.js";
import { describeExchange, expect, expectSameSet } from "../expect.js";
import { groupBody, userBody } from "../scim/bodies.js";
import { memberIds } from "../scim/members.js";
import { idOf } from "../scim/resource-id.js";

/** Parallel requests in one race; bounded so the harness never floods a production endpoint. */
const RACERS = 8;

/** Concurrency: uniqueness and lost updates under parallel requests. */
export const concurrencyChecks: Check[] = [
  defineCheck({
    id: "concurrency.same-username-race",
    section: "concurrency",
    level: "MUST",
    title: `${RACERS} parallel POSTs of one userName create exactly one user; the rest get 409`,
    citation: "RFC 7644 §3.3 (409 uniqueness); RFC 7643 §4.1.1 (userName uniqueness server)",
    async run(ctx) {
      const body = userBody(ctx, "race");
      const exchanges = await Promise.all(
        Array.from({ length: RACERS }, (_, index) =>
          ctx.api.createRaw("/Users", {
            ...body,
            emails: [{ value: `race${index}@example.com`, type: "work" }],
          }),
        ),
      );
      const statuses = exchanges.map((exchange) => exchange.status);
      const created = statuses.filter((status) => status === 201).length;
      expect(
        created === 1,
        `${created} of ${RACERS} parallel creates succeeded (statuses ${statuses.join(",")})`,
      );
      const others = exchanges.filter((exchange) => exchange.status !== 201);
      for (const exchange of others)
        expect(exchange.status === 409, `a losing create got ${describeExchange(exchange)}`);
      const page = await ctx.api.list("/Users", { filter: `userName eq "${String(body.userName)}"` });
      expect(page.ids.length === 1, `${page.ids.length} users with the userName exist`);
      return undefined;
    },
  }),
  defineCheck({
    id: "concurrency.member-adds",
    section: "concurrency",
    level: "MUST",
    title: `${RACERS} parallel PATCH member adds to one group lose nothing`,
    citation: "RFC 7644 §3.5.2.1 (add appends to members); §3.5.2 (atomic per request)",
    async run(ctx) {
      await ctx.requireFeature("patch");
      const userIds: string[] = [];
      for (let index = 0; index < RACERS; index += 1) {
        userIds.push(idOf(await ctx.api.create("/Users", userBody(ctx, `member${index}`))));
      }
      const group = await ctx.api.create("/Groups", groupBody(ctx, "racegroup"));
      const exchanges = await Promise.all(
        userIds.map((userId) =>
          ctx.api.patchRaw("/Groups", idOf(group), [
            { op: "add", path: "members", value: [{ value: userId }] },
          ]),
        ),
      );
      for (const exchange of exchanges) {
        expect(
          exchange.status === 200 || exchange.status === 204,
          `a member add failed: ${describeExchange(exchange)}`,
        );
      }
      expectSameSet(
        memberIds(await ctx.api.get("/Groups", idOf(group))),
        userIds,
        "members after parallel adds",
      );
      return undefined;
    },
  }),
  defineCheck({
    id: "concurrency.parallel-updates-distinct-users",
    section: "concurrency",
    level: "MUST",
    title: "parallel PATCHes of different users each land on their own user",
    citation: "RFC 7644 §3.5.2",
    async run(ctx) {
      await ctx.requireFeature("patch");
      const users = [];
      for (let index = 0; index < RACERS; index += 1)
        users.push(await ctx.api.create("/Users", userBody(ctx, `par${index}`)));
      await Promise.all(
        users.map((user, index) =>
          ctx.api.patch("/Users", idOf(user), [
            { op: "replace", path: "displayName", value: `Parallel ${index}` },
          ]),
        ),
      );
      for (const [index, user] of users.entries()) {
        const fetched = await ctx.api.get("/Users", idOf(user));
        expect(
          fetched.displayName === `Parallel ${index}`,
          `user ${index} has displayName ${JSON.stringify(fetched.displayName)}`,
        );
      }
      return undefined;
    },
  }),
];
