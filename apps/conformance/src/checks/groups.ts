import { type Check, CheckSkipped, defineCheck } from "../check.js";
import type { RunContext } from "../context.js";
import { expect, expectSameSet, expectScimError, expectStatus } from "../expect.js";
import { groupBody, userBody } from "../scim/bodies.js";
import { getArray, getAttribute, isJsonObject } from "../scim/json.js";
import { memberIds } from "../scim/members.js";
import { idOf } from "../scim/resource-id.js";

async function users(ctx: RunContext, count: number, label: string): Promise<string[]> {
  const ids: string[] = [];
  for (let index = 0; index < count; index += 1) {
    ids.push(idOf(await ctx.api.create("/Users", userBody(ctx, `${label}${index}`))));
  }
  return ids;
}

/** Creates `userCount` users and a group holding the first `initialMembers` of them. */
async function groupWithUsers(ctx: RunContext, label: string, userCount: number, initialMembers: number) {
  const userIds = await users(ctx, userCount, `${label}-u`);
  const group = await ctx.api.create("/Groups", groupBody(ctx, label, userIds.slice(0, initialMembers)));
  return { userIds, group, groupId: idOf(group) };
}

async function membersAfter(ctx: RunContext, groupId: string): Promise<string[]> {
  return memberIds(await ctx.api.get("/Groups", groupId));
}

/** Groups and membership: RFC 7643 §4.2 and RFC 7644 §3.5.2 on /Groups. */
export const groupChecks: Check[] = [
  defineCheck({
    id: "groups.create",
    section: "groups",
    level: "MUST",
    title: "POST /Groups with members returns 201 with id, displayName and the members",
    citation: "RFC 7644 §3.3; RFC 7643 §4.2",
    async run(ctx) {
      const userIds = await users(ctx, 1, "gc");
      const body = groupBody(ctx, "create", userIds);
      const exchange = await ctx.api.createRaw("/Groups", body);
      expectStatus(exchange, 201);
      expect(getAttribute(exchange.json, "displayName") === body.displayName, "displayName not echoed");
      expect(
        getAttribute(getAttribute(exchange.json, "meta"), "resourceType") === "Group",
        'meta.resourceType must be "Group"',
      );
      const location = exchange.headers.get("location");
      expect(
        location?.endsWith(`/Groups/${idOf(exchange.json)}`) === true,
        `Location header ${location} does not name the group`,
      );
      expectSameSet(await membersAfter(ctx, idOf(exchange.json)), userIds, "members after create");
      return undefined;
    },
  }),
  defineCheck({
    id: "groups.display-name-filter",
    section: "groups",
    level: "MUST",
    title: "filter displayName eq finds exactly the group",
    citation: "RFC 7644 §3.4.2.2; RFC 7643 §4.2",
    async run(ctx) {
      await ctx.requireFeature("filter");
      const group = await ctx.api.create("/Groups", groupBody(ctx, "dnfilter"));
      const page = await ctx.api.list("/Groups", {
        filter: `displayName eq "${String(getAttribute(group, "displayName"))}"`,
      });
      expectSameSet(page.ids, [idOf(group)], "groups found");
      return undefined;
    },
  }),
  defineCheck({
    id: "groups.excluded-members",
    section: "groups",
    level: "MUST",
    title: "GET /Groups/{id}?excludedAttributes=members omits members",
    citation: "RFC 7644 §3.9; Entra ID use-scim doc (group GETs exclude members)",
    async run(ctx) {
      const { groupId } = await groupWithUsers(ctx, "exclmembers", 1, 1);
      const fetched = await ctx.api.get("/Groups", groupId, { excludedAttributes: "members" });
      expect(getAttribute(fetched, "members") === undefined, "members returned although excluded");
      expect(getAttribute(fetched, "displayName") !== undefined, "displayName missing");
      return undefined;
    },
  }),
  defineCheck({
    id: "groups.patch-add-member",
    section: "groups",
    level: "MUST",
    title: "PATCH add members appends a member and keeps the others",
    citation: "RFC 7644 §3.5.2.1 (Figure: add member)",
    async run(ctx) {
      await ctx.requireFeature("patch");
      const { userIds, groupId } = await groupWithUsers(ctx, "addmember", 2, 1);
      await ctx.api.patch("/Groups", groupId, [
        { op: "add", path: "members", value: [{ value: userIds[1] }] },
      ]);
      expectSameSet(await membersAfter(ctx, groupId), userIds, "members after add");
      return undefined;
    },
  }),
  defineCheck({
    id: "groups.patch-add-existing-member",
    section: "groups",
    level: "SHOULD",
    title: "adding a member who is already in the group does not duplicate it",
    citation: 'RFC 7644 §3.5.2.1 ("…already contains the value specified, no changes SHOULD be made")',
    async run(ctx) {
      await ctx.requireFeature("patch");
      const { userIds, groupId } = await groupWithUsers(ctx, "addexisting", 1, 1);
      await ctx.api.patch("/Groups", groupId, [
        { op: "add", path: "members", value: [{ value: userIds[0] }] },
      ]);
      const members = await membersAfter(ctx, groupId);
      expect(members.length === 1, `member listed ${members.length} times`);
      return undefined;
    },
  }),
  defineCheck({
    id: "groups.patch-remove-member-value-path",
    section: "groups",
    level: "MUST",
    title: 'PATCH remove members[value eq "id"] removes exactly that member',
    citation: "RFC 7644 §3.5.2.2 (Figure: remove a single member)",
    async run(ctx) {
      await ctx.requireFeature("patch");
      const { userIds, groupId } = await groupWithUsers(ctx, "rmmember", 3, 3);
      await ctx.api.patch("/Groups", groupId, [{ op: "remove", path: `members[value eq "${userIds[1]}"]` }]);
      expectSameSet(await membersAfter(ctx, groupId), [userIds[0]!, userIds[2]!], "members after remove");
      return undefined;
    },
  }),
  defineCheck({
    id: "groups.patch-remove-all-members",
    section: "groups",
    level: "MUST",
    title: "PATCH remove members (no filter) removes every member",
    citation: "RFC 7644 §3.5.2.2 (Figure: remove all members)",
    async run(ctx) {
      await ctx.requireFeature("patch");
      const { groupId } = await groupWithUsers(ctx, "rmall", 2, 2);
      await ctx.api.patch("/Groups", groupId, [{ op: "remove", path: "members" }]);
      expect((await membersAfter(ctx, groupId)).length === 0, "members remain");
      return undefined;
    },
  }),
  defineCheck({
    id: "groups.patch-replace-members",
    section: "groups",
    level: "MUST",
    title: "PATCH replace members sets exactly the given members",
    citation: "RFC 7644 §3.5.2.3 (Figure: replace all members)",
    async run(ctx) {
      await ctx.requireFeature("patch");
      const { userIds, groupId } = await groupWithUsers(ctx, "repmembers", 3, 2);
      await ctx.api.patch("/Groups", groupId, [
        { op: "replace", path: "members", value: [{ value: userIds[2] }] },
      ]);
      expectSameSet(await membersAfter(ctx, groupId), [userIds[2]!], "members after replace");
      return undefined;
    },
  }),
  defineCheck({
    id: "groups.replace",
    section: "groups",
    level: "MUST",
    title: "PUT /Groups/{id} replaces displayName and members",
    citation: "RFC 7644 §3.5.1",
    async run(ctx) {
      const { userIds, group, groupId } = await groupWithUsers(ctx, "putgroup", 2, 1);
      const displayName = ctx.unique("renamed");
      const replaced = await ctx.api.replace("/Groups", groupId, {
        schemas: getArray(group, "schemas"),
        displayName,
        members: [{ value: userIds[1] }],
      });
      expect(getAttribute(replaced, "displayName") === displayName, "displayName not replaced");
      expectSameSet(await membersAfter(ctx, groupId), [userIds[1]!], "members after PUT");
      return undefined;
    },
  }),
  defineCheck({
    id: "groups.user-groups-attribute",
    section: "groups",
    level: "SHOULD",
    title: "a member user's readOnly groups attribute lists the group",
    citation: 'RFC 7643 §4.1.2 (groups: "…group membership changes MUST be applied via the Group Resource")',
    async run(ctx) {
      const { userIds, groupId } = await groupWithUsers(ctx, "usergroups", 1, 1);
      const user = await ctx.api.get("/Users", userIds[0]!);
      const groups = getArray(user, "groups").filter(isJsonObject);
      if (groups.length === 0 && getAttribute(user, "groups") === undefined) {
        throw new CheckSkipped("the server does not return the groups attribute of users");
      }
      expect(
        groups.some((entry) => getAttribute(entry, "value") === groupId),
        "user.groups does not list the group",
      );
      return undefined;
    },
  }),
  defineCheck({
    id: "groups.delete",
    section: "groups",
    level: "MUST",
    title: "DELETE /Groups/{id} returns 204 and the group is gone; its members remain",
    citation: "RFC 7644 §3.6",
    async run(ctx) {
      const { userIds, groupId } = await groupWithUsers(ctx, "delgroup", 1, 1);
      const deleted = await ctx.api.delete("/Groups", groupId);
      expectStatus(deleted, 204);
      ctx.untrack(`/Groups/${encodeURIComponent(groupId)}`);
      expectScimError(
        await ctx.http.send({ method: "GET", path: `/Groups/${encodeURIComponent(groupId)}` }),
        404,
      );
      await ctx.api.get("/Users", userIds[0]!);
      return undefined;
    },
  }),
];
