import { type Check, CheckSkipped, defineCheck } from "../check.js";
import type { RunContext } from "../context.js";
import { describeExchange, expect, expectJsonObject, expectSameSet, expectStatus } from "../expect.js";
import type { HttpExchange } from "../http.js";
import { supportsEnterpriseUser } from "../scim/discovery.js";
import { getArray, getAttribute, getPath, isJsonObject, type JsonObject } from "../scim/json.js";
import { memberIds } from "../scim/members.js";
import { idOf } from "../scim/resource-id.js";
import {
  ENTERPRISE_USER_SCHEMA,
  ENTRA_LEGACY_GROUP_SCHEMA,
  GROUP_SCHEMA,
  PATCH_OP_SCHEMA,
  USER_SCHEMA,
} from "../scim/urns.js";
import type { Endpoint } from "../scim-api.js";
import { parseListResponse } from "../scim-api.js";

// Request shapes follow Microsoft's "Tutorial: Develop and plan provisioning for a SCIM endpoint"
// (use-scim-to-provision-users-and-groups, request/response examples) and "Known issues and resolutions
// with SCIM 2.0 protocol compliance" (application-provisioning-config-problem-scim-compatibility),
// as replayed by elimity-com/scim internal/idp_test/testdata/azuread.
const USE_SCIM_DOC = "Microsoft Entra ID: use-scim-to-provision-users-and-groups";
const COMPAT_DOC = "Microsoft Entra ID: application-provisioning-config-problem-scim-compatibility";

/** Entra sends this Content-Type with every body (MicrosoftDocs/azure-docs#12728) and none on GETs. */
const ENTRA_HEADERS = { "Content-Type": "application/scim+json; charset=utf-8" };

function entraSend(ctx: RunContext, method: string, path: string, json?: unknown): Promise<HttpExchange> {
  return ctx.http.send({ method, path, json, headers: json === undefined ? {} : ENTRA_HEADERS });
}

/** Entra encodes spaces in filters as `+` and quotes as `%22`, exactly as in its docs. */
function entraFilterPath(endpoint: Endpoint, filter: string, extra = ""): string {
  const encoded = encodeURIComponent(filter).replace(/%20/g, "+");
  return `${endpoint}?${extra}filter=${encoded}`;
}

async function entraPatch(
  ctx: RunContext,
  endpoint: Endpoint,
  id: string,
  operations: JsonObject[],
): Promise<HttpExchange> {
  const exchange = await entraSend(ctx, "PATCH", `${endpoint}/${encodeURIComponent(id)}`, {
    schemas: [PATCH_OP_SCHEMA],
    Operations: operations,
  });
  expectStatus(exchange, 200, 204);
  return exchange;
}

/** The user body Entra's default mapping sends on create (enterprise URN declared, no extension object). */
function entraUserBody(ctx: RunContext, label: string): JsonObject {
  const userName = `${ctx.unique(label)}@contoso.example`;
  return {
    schemas: [USER_SCHEMA, ENTERPRISE_USER_SCHEMA],
    externalId: ctx.unique(`${label}-ext`),
    userName,
    active: true,
    emails: [{ primary: true, type: "work", value: userName }],
    meta: { resourceType: "User" },
    name: { formatted: "givenName familyName", familyName: "familyName", givenName: "givenName" },
    roles: [],
  };
}

async function entraCreate(ctx: RunContext, endpoint: Endpoint, body: JsonObject): Promise<JsonObject> {
  const exchange = await entraSend(ctx, "POST", endpoint, body);
  ctx.api.trackCreated(endpoint, exchange);
  expectStatus(exchange, 201);
  const created = expectJsonObject(exchange);
  idOf(created);
  return created;
}

async function entraUser(
  ctx: RunContext,
  label: string,
): Promise<{ body: JsonObject; user: JsonObject; id: string }> {
  const body = entraUserBody(ctx, label);
  const user = await entraCreate(ctx, "/Users", body);
  return { body, user, id: idOf(user) };
}

async function entraGroup(ctx: RunContext, label: string, members: string[] = []): Promise<string> {
  const group = await entraCreate(ctx, "/Groups", {
    schemas: [GROUP_SCHEMA],
    externalId: ctx.unique(`${label}-ext`),
    displayName: ctx.unique(label),
    meta: { resourceType: "Group" },
  });
  const id = idOf(group);
  if (members.length > 0) {
    await entraPatch(ctx, "/Groups", id, [
      { op: "Add", path: "members", value: members.map((value) => ({ $ref: null, value })) },
    ]);
  }
  return id;
}

async function getUser(ctx: RunContext, id: string): Promise<JsonObject> {
  const exchange = await entraSend(ctx, "GET", `/Users/${encodeURIComponent(id)}`);
  expectStatus(exchange, 200);
  return expectJsonObject(exchange);
}

async function findByFilter(
  ctx: RunContext,
  endpoint: Endpoint,
  filter: string,
  extra = "",
): Promise<string[]> {
  return parseListResponse(await entraSend(ctx, "GET", entraFilterPath(endpoint, filter, extra))).ids;
}

function workEmail(user: JsonObject): unknown {
  const work = getArray(user, "emails")
    .filter(isJsonObject)
    .find((email) => getAttribute(email, "type") === "work");
  return getAttribute(work, "value");
}

/** The request sequences Microsoft Entra ID sends, including its known deviations from RFC 7644. */
export const entraChecks: Check[] = [
  defineCheck({
    id: "entra.query-absent-user",
    section: "entra",
    level: "IDP",
    title: 'GET /Users?filter=userName+eq+"<absent>" answers 200 with an empty ListResponse',
    citation: `${USE_SCIM_DOC} (Get User by query – zero results)`,
    async run(ctx) {
      const page = parseListResponse(
        await entraSend(
          ctx,
          "GET",
          entraFilterPath("/Users", `userName eq "non-existent user ${ctx.prefix}"`),
        ),
      );
      expect(
        page.totalResults === 0 && page.resources.length === 0,
        `expected totalResults 0, got ${JSON.stringify(page.totalResults)}`,
      );
      return undefined;
    },
  }),
  defineCheck({
    id: "entra.create-user",
    section: "entra",
    level: "IDP",
    title: "POST /Users with the enterprise URN but no extension object, meta and roles: [] is created",
    citation: `${USE_SCIM_DOC} (Create User)`,
    async run(ctx) {
      const { body, user } = await entraUser(ctx, "entra-create");
      expect(getAttribute(user, "userName") === body.userName, "userName not stored as sent");
      expect(getAttribute(user, "externalId") === body.externalId, "externalId not stored as sent");
      expect(getAttribute(user, "active") === true, "active is not true");
      expect(workEmail(user) === body.userName, "work email not stored as sent");
      return undefined;
    },
  }),
  defineCheck({
    id: "entra.query-user-by-username",
    section: "entra",
    level: "IDP",
    title: "filter userName eq (with + for spaces) finds the created user",
    citation: `${USE_SCIM_DOC} (Get User by query)`,
    async run(ctx) {
      const { body, id } = await entraUser(ctx, "entra-q");
      expectSameSet(
        await findByFilter(ctx, "/Users", `userName eq "${String(body.userName)}"`),
        [id],
        "users found",
      );
      return undefined;
    },
  }),
  defineCheck({
    id: "entra.query-user-by-external-id",
    section: "entra",
    level: "IDP",
    title: "filter externalId eq (Entra's default matching attribute) finds the user",
    citation: `${USE_SCIM_DOC} (matching attribute externalId)`,
    async run(ctx) {
      const { body, id } = await entraUser(ctx, "entra-ext");
      expectSameSet(
        await findByFilter(ctx, "/Users", `externalId eq "${String(body.externalId)}"`),
        [id],
        "users found",
      );
      return undefined;
    },
  }),
  defineCheck({
    id: "entra.query-user-by-work-email",
    section: "entra",
    level: "IDP",
    title: 'filter emails[type eq "work"].value eq finds the user',
    citation: `${USE_SCIM_DOC} (queries by emails[type eq "work"].value)`,
    async run(ctx) {
      const { body, id } = await entraUser(ctx, "entra-mail");
      const ids = await findByFilter(
        ctx,
        "/Users",
        `emails[type eq "work"].value eq "${String(body.userName)}"`,
      );
      expectSameSet(ids, [id], "users found");
      return undefined;
    },
  }),
  defineCheck({
    id: "entra.update-user-capitalised-ops",
    section: "entra",
    level: "IDP",
    title:
      "PATCH with Replace (capitalised) on a work-email valuePath, name.familyName, userName and active applies all four",
    citation: `${USE_SCIM_DOC} (Update User [Multi-valued properties]); ${COMPAT_DOC} ("Don't require a case-sensitive match on structural elements")`,
    async run(ctx) {
      const { id } = await entraUser(ctx, "entra-upd");
      const newEmail = `${ctx.unique("updated")}@contoso.example`;
      const newUserName = `${ctx.unique("renamed")}@contoso.example`;
      await entraPatch(ctx, "/Users", id, [
        { op: "Replace", path: 'emails[type eq "work"].value', value: newEmail },
        { op: "Replace", path: "name.familyName", value: "updatedFamilyName" },
        { op: "Replace", path: "userName", value: newUserName },
        { op: "Replace", path: "active", value: false },
      ]);
      const user = await getUser(ctx, id);
      expect(workEmail(user) === newEmail, `work email is ${JSON.stringify(workEmail(user))}`);
      expect(getPath(user, "name.familyName") === "updatedFamilyName", "name.familyName not replaced");
      expect(getAttribute(user, "userName") === newUserName, "userName not replaced");
      expect(getAttribute(user, "active") === false, "active not set to false");
      return undefined;
    },
  }),
  defineCheck({
    id: "entra.disable-string-boolean",
    section: "entra",
    level: "IDP",
    title: 'Replace active with the string "False" disables the user (stored as boolean false)',
    citation: `${COMPAT_DOC} (PATCH active with a string boolean; fixed only behind aadOptscim062020)`,
    async run(ctx) {
      const { id } = await entraUser(ctx, "entra-disable");
      await entraPatch(ctx, "/Users", id, [{ op: "Replace", path: "active", value: "False" }]);
      const user = await getUser(ctx, id);
      expect(
        getAttribute(user, "active") === false,
        `active is ${JSON.stringify(getAttribute(user, "active"))}, expected boolean false`,
      );
      await entraPatch(ctx, "/Users", id, [{ op: "Replace", path: "active", value: "True" }]);
      expect(
        getAttribute(await getUser(ctx, id), "active") === true,
        'Replace active "True" did not re-enable the user',
      );
      return undefined;
    },
  }),
  defineCheck({
    id: "entra.inactive-user-still-returned",
    section: "entra",
    level: "IDP",
    title: "a disabled user is still returned by GET and by the userName query",
    citation: `${USE_SCIM_DOC} ("inactive users must still be returned")`,
    async run(ctx) {
      const { body, id } = await entraUser(ctx, "entra-inactive");
      await entraPatch(ctx, "/Users", id, [{ op: "Replace", path: "active", value: false }]);
      expect(getAttribute(await getUser(ctx, id), "active") === false, "user not disabled");
      expectSameSet(
        await findByFilter(ctx, "/Users", `userName eq "${String(body.userName)}"`),
        [id],
        "disabled user found by query",
      );
      return undefined;
    },
  }),
  defineCheck({
    id: "entra.pathless-replace-dotted-keys",
    section: "entra",
    level: "IDP",
    title:
      "a pathless replace whose keys are paths (name.givenName, URN:employeeNumber) sets those attributes",
    citation: `${COMPAT_DOC} (aadOptscim062020: multiple replaces merged into one pathless replace)`,
    async run(ctx) {
      const { id } = await entraUser(ctx, "entra-dotted");
      const enterprise = await supportsEnterpriseUser(ctx);
      const value: JsonObject = {
        displayName: "Dotted Display",
        "name.givenName": "Dotted",
        "name.familyName": "Keys",
      };
      if (enterprise) value[`${ENTERPRISE_USER_SCHEMA}:employeeNumber`] = "E-42";
      await entraPatch(ctx, "/Users", id, [{ op: "replace", value }]);
      const user = await getUser(ctx, id);
      expect(getAttribute(user, "displayName") === "Dotted Display", "displayName not replaced");
      expect(
        getPath(user, "name.givenName") === "Dotted",
        `name.givenName is ${JSON.stringify(getPath(user, "name.givenName"))}`,
      );
      expect(getPath(user, "name.familyName") === "Keys", "name.familyName not replaced");
      expect(
        getAttribute(user, "name.givenName") === undefined,
        'a literal "name.givenName" attribute was stored',
      );
      if (enterprise) {
        expect(
          getAttribute(getAttribute(user, ENTERPRISE_USER_SCHEMA), "employeeNumber") === "E-42",
          "enterprise employeeNumber not set",
        );
      }
      return undefined;
    },
  }),
  defineCheck({
    id: "entra.filtered-add-absent-value",
    section: "entra",
    level: "IDP",
    title: 'Add phoneNumbers[type eq "mobile"].value on a user without phone numbers creates the value',
    citation: `${COMPAT_DOC}; ${USE_SCIM_DOC} (filtered attribute mappings)`,
    async run(ctx) {
      const { id } = await entraUser(ctx, "entra-phone");
      await entraPatch(ctx, "/Users", id, [
        { op: "Add", path: 'phoneNumbers[type eq "mobile"].value', value: "+1 555 0100" },
      ]);
      const phones = getArray(await getUser(ctx, id), "phoneNumbers").filter(isJsonObject);
      expect(
        phones.some(
          (phone) =>
            getAttribute(phone, "type") === "mobile" && getAttribute(phone, "value") === "+1 555 0100",
        ),
        `phoneNumbers is ${JSON.stringify(phones)}`,
      );
      return undefined;
    },
  }),
  defineCheck({
    id: "entra.filtered-replace-absent-sub-attribute",
    section: "entra",
    level: "IDP",
    title: 'Replace addresses[type eq "work"].streetAddress on a user without addresses creates the address',
    citation: `${COMPAT_DOC}; ${USE_SCIM_DOC} (filtered attribute mappings)`,
    async run(ctx) {
      const { id } = await entraUser(ctx, "entra-addr");
      await entraPatch(ctx, "/Users", id, [
        { op: "Replace", path: 'addresses[type eq "work"].streetAddress', value: "1 Main St" },
      ]);
      const addresses = getArray(await getUser(ctx, id), "addresses").filter(isJsonObject);
      expect(
        addresses.some(
          (address) =>
            getAttribute(address, "type") === "work" &&
            getAttribute(address, "streetAddress") === "1 Main St",
        ),
        `addresses is ${JSON.stringify(addresses)}`,
      );
      return undefined;
    },
  }),
  defineCheck({
    id: "entra.manager-bare-string",
    section: "entra",
    level: "IDP",
    title: "Add on the enterprise manager path with a bare id string sets manager.value",
    citation: `${USE_SCIM_DOC} (manager reference); ${COMPAT_DOC}`,
    async run(ctx) {
      if (!(await supportsEnterpriseUser(ctx)))
        throw new CheckSkipped("the User resource type does not declare the enterprise extension");
      const manager = await entraUser(ctx, "entra-mgr");
      const report = await entraUser(ctx, "entra-report");
      await entraPatch(ctx, "/Users", report.id, [
        { op: "Add", path: `${ENTERPRISE_USER_SCHEMA}:manager`, value: manager.id },
      ]);
      const user = await getUser(ctx, report.id);
      const value = getAttribute(
        getAttribute(getAttribute(user, ENTERPRISE_USER_SCHEMA), "manager"),
        "value",
      );
      expect(value === manager.id, `manager.value is ${JSON.stringify(value)}`);
      return undefined;
    },
  }),
  defineCheck({
    id: "entra.create-group",
    section: "entra",
    level: "IDP",
    title: "POST /Groups with externalId and meta.resourceType creates the group",
    citation: `${USE_SCIM_DOC} (Create Group)`,
    async run(ctx) {
      const displayName = ctx.unique("entra-group");
      const group = await entraCreate(ctx, "/Groups", {
        schemas: [GROUP_SCHEMA],
        externalId: ctx.unique("group-ext"),
        displayName,
        meta: { resourceType: "Group" },
      });
      expect(getAttribute(group, "displayName") === displayName, "displayName not stored as sent");
      return undefined;
    },
  }),
  defineCheck({
    id: "entra.create-group-legacy-schema",
    section: "entra",
    level: "IDP",
    title: "POST /Groups that also declares the ADSCIM legacy group schema is accepted",
    citation: `${USE_SCIM_DOC} (group create declares ${ENTRA_LEGACY_GROUP_SCHEMA})`,
    async run(ctx) {
      await entraCreate(ctx, "/Groups", {
        schemas: [GROUP_SCHEMA, ENTRA_LEGACY_GROUP_SCHEMA],
        externalId: ctx.unique("legacy-ext"),
        displayName: ctx.unique("entra-legacy"),
        meta: { resourceType: "Group" },
      });
      return undefined;
    },
  }),
  defineCheck({
    id: "entra.query-group-excluding-members",
    section: "entra",
    level: "IDP",
    title: "GET /Groups?excludedAttributes=members&filter=displayName eq finds the group without members",
    citation: `${USE_SCIM_DOC} (Get Group by displayName)`,
    async run(ctx) {
      const { id: userId } = await entraUser(ctx, "entra-gq");
      const groupId = await entraGroup(ctx, "entra-gq-group", [userId]);
      const group = await entraSend(
        ctx,
        "GET",
        `/Groups/${encodeURIComponent(groupId)}?excludedAttributes=members`,
      );
      expectStatus(group, 200);
      const displayName = String(getAttribute(group.json, "displayName"));
      expect(getAttribute(group.json, "members") === undefined, "members returned although excluded");
      const page = parseListResponse(
        await entraSend(
          ctx,
          "GET",
          entraFilterPath("/Groups", `displayName eq "${displayName}"`, "excludedAttributes=members&"),
        ),
      );
      expectSameSet(page.ids, [groupId], "groups found");
      expect(
        page.resources.every((resource) => getAttribute(resource, "members") === undefined),
        "members listed although excluded",
      );
      return undefined;
    },
  }),
  defineCheck({
    id: "entra.update-group",
    section: "entra",
    level: "IDP",
    title: 'PATCH group: Replace displayName, Add members with "$ref": null, Remove members by value',
    citation: `${USE_SCIM_DOC} (Update Group [Add/Remove Members])`,
    async run(ctx) {
      const { id: userId } = await entraUser(ctx, "entra-ug");
      const groupId = await entraGroup(ctx, "entra-ug-group");
      const displayName = ctx.unique("updatedDisplayName");
      const exchange = await entraPatch(ctx, "/Groups", groupId, [
        { op: "Replace", path: "displayName", value: displayName },
        { op: "Add", path: "members", value: [{ $ref: null, value: userId }] },
        { op: "Remove", path: "members", value: [{ $ref: null, value: userId }] },
      ]);
      const group = await ctx.api.get("/Groups", groupId);
      expect(
        getAttribute(group, "displayName") === displayName,
        `displayName not replaced: ${describeExchange(exchange)}`,
      );
      expect(memberIds(group).length === 0, `members after add+remove: [${memberIds(group).join(", ")}]`);
      return undefined;
    },
  }),
  defineCheck({
    id: "entra.add-members-ref-null",
    section: "entra",
    level: "IDP",
    title: 'Add members whose items carry "$ref": null adds them',
    citation: `${USE_SCIM_DOC} (Update Group [Add Members])`,
    async run(ctx) {
      const first = await entraUser(ctx, "entra-ref1");
      const second = await entraUser(ctx, "entra-ref2");
      const groupId = await entraGroup(ctx, "entra-ref-group", [first.id, second.id]);
      expectSameSet(memberIds(await ctx.api.get("/Groups", groupId)), [first.id, second.id], "members");
      return undefined;
    },
  }),
  defineCheck({
    id: "entra.remove-member-by-value-keeps-others",
    section: "entra",
    level: "IDP",
    title: 'Remove path "members" with value [{value: id}] removes only that member, not all members',
    citation: `${USE_SCIM_DOC} (Update Group [Remove Members]); ${COMPAT_DOC}`,
    async run(ctx) {
      const first = await entraUser(ctx, "entra-rm1");
      const second = await entraUser(ctx, "entra-rm2");
      const groupId = await entraGroup(ctx, "entra-rm-group", [first.id, second.id]);
      await entraPatch(ctx, "/Groups", groupId, [
        { op: "Remove", path: "members", value: [{ value: first.id }] },
      ]);
      expectSameSet(
        memberIds(await ctx.api.get("/Groups", groupId)),
        [second.id],
        "members after removing one by value",
      );
      return undefined;
    },
  }),
  defineCheck({
    id: "entra.delete-user",
    section: "entra",
    level: "IDP",
    title: "DELETE /Users/{id} returns 204",
    citation: `${USE_SCIM_DOC} (Delete User)`,
    async run(ctx) {
      const { id } = await entraUser(ctx, "entra-del");
      const exchange = await entraSend(ctx, "DELETE", `/Users/${encodeURIComponent(id)}`);
      expectStatus(exchange, 204);
      ctx.untrack(`/Users/${encodeURIComponent(id)}`);
      return undefined;
    },
  }),
];
