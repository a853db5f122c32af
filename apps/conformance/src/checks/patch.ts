import { type Check, defineCheck } from "../check.js";
import type { RunContext } from "../context.js";
import { describeExchange, expect, expectJsonObject, expectScimError, expectStatus } from "../expect.js";
import { userBody } from "../scim/bodies.js";
import { getArray, getAttribute, getPath, isJsonObject, type JsonObject } from "../scim/json.js";
import { idOf } from "../scim/resource-id.js";
import type { PatchOperationBody } from "../scim-api.js";

interface PatchedUser {
  id: string;
  before: JsonObject;
  after: JsonObject;
}

/** Creates a user with two emails, applies `operations` (expecting success) and reads it back. */
async function patchUser(
  ctx: RunContext,
  label: string,
  operations: PatchOperationBody[],
): Promise<PatchedUser> {
  await ctx.requireFeature("patch");
  const body = userBody(ctx, label, { displayName: "Patch Target", nickName: "nick" });
  body.emails = [
    { value: `${String(body.userName)}@example.com`, type: "work", primary: true },
    { value: `${String(body.userName)}.home@example.com`, type: "home" },
  ];
  const before = await ctx.api.create("/Users", body);
  const id = idOf(before);
  const exchange = await ctx.api.patch("/Users", id, operations);
  if (exchange.status === 200) {
    // RFC 7644 §3.5.2: a 200 carries "the entire resource".
    expect(idOf(expectJsonObject(exchange)) === id, "200 PATCH response is not the patched resource");
  }
  const after = await ctx.api.get("/Users", id);
  return { id, before, after };
}

/** A user with two emails on which a failing PATCH is attempted; returns the error exchange and state. */
async function failingPatch(ctx: RunContext, label: string, operations: PatchOperationBody[]) {
  await ctx.requireFeature("patch");
  const body = userBody(ctx, label, { displayName: "Patch Target" });
  body.emails = [
    { value: `${String(body.userName)}@example.com`, type: "work", primary: true },
    { value: `${String(body.userName)}.home@example.com`, type: "home" },
  ];
  const before = await ctx.api.create("/Users", body);
  const id = idOf(before);
  const exchange = await ctx.api.patchRaw("/Users", id, operations);
  const after = await ctx.api.get("/Users", id);
  return { exchange, before, after };
}

function emailsOf(resource: JsonObject): JsonObject[] {
  return getArray(resource, "emails").filter(isJsonObject);
}

function emailOfType(resource: JsonObject, type: string): JsonObject | undefined {
  return emailsOf(resource).find((email) => getAttribute(email, "type") === type);
}

const ADD = "RFC 7644 §3.5.2.1";
const REMOVE = "RFC 7644 §3.5.2.2";
const REPLACE = "RFC 7644 §3.5.2.3";

/** PATCH semantics: every rule of RFC 7644 §3.5.2. */
export const patchChecks: Check[] = [
  defineCheck({
    id: "patch.add-single-valued",
    section: "patch",
    level: "MUST",
    title: "add with a path sets a single-valued attribute",
    citation: `${ADD} ("If the target location specifies an attribute that does not exist, the attribute is added")`,
    async run(ctx) {
      const { after } = await patchUser(ctx, "add1", [{ op: "add", path: "title", value: "Added Title" }]);
      expect(
        getAttribute(after, "title") === "Added Title",
        `title is ${JSON.stringify(getAttribute(after, "title"))}`,
      );
      return undefined;
    },
  }),
  defineCheck({
    id: "patch.add-no-path-merges",
    section: "patch",
    level: "MUST",
    title: "add without a path merges the value object into the resource",
    citation: `${ADD} ("If omitted, the target location is assumed to be the resource itself")`,
    async run(ctx) {
      const { after } = await patchUser(ctx, "add2", [
        { op: "add", value: { title: "Merged", name: { middleName: "M" } } },
      ]);
      expect(getAttribute(after, "title") === "Merged", "title not added");
      expect(getPath(after, "name.middleName") === "M", "name.middleName not added");
      expect(
        getPath(after, "name.givenName") === "Conformance",
        "pathless add of name dropped name.givenName (must merge)",
      );
      expect(getAttribute(after, "displayName") === "Patch Target", "pathless add dropped displayName");
      return undefined;
    },
  }),
  defineCheck({
    id: "patch.add-complex-merges",
    section: "patch",
    level: "MUST",
    title: "add to a complex attribute merges sub-attributes",
    citation: `${ADD} ("If the target location specifies a complex attribute, a set of sub-attributes SHALL be specified")`,
    async run(ctx) {
      const { after } = await patchUser(ctx, "add3", [
        { op: "add", path: "name", value: { middleName: "Mid" } },
      ]);
      expect(getPath(after, "name.middleName") === "Mid", "name.middleName not added");
      expect(getPath(after, "name.givenName") === "Conformance", "add to name dropped name.givenName");
      return undefined;
    },
  }),
  defineCheck({
    id: "patch.add-multi-valued-appends",
    section: "patch",
    level: "MUST",
    title: "add to a multi-valued attribute appends and keeps existing values",
    citation: `${ADD} ("If the target location specifies a multi-valued attribute, a new value is added")`,
    async run(ctx) {
      const { before, after } = await patchUser(ctx, "add4", [
        { op: "add", path: "emails", value: [{ value: `${ctx.prefix}other@example.com`, type: "other" }] },
      ]);
      expect(
        emailsOf(after).length === emailsOf(before).length + 1,
        `emails has ${emailsOf(after).length} values, expected ${emailsOf(before).length + 1}`,
      );
      expect(
        emailOfType(after, "work") !== undefined && emailOfType(after, "other") !== undefined,
        "emails lost a value or missed the new one",
      );
      return undefined;
    },
  }),
  defineCheck({
    id: "patch.add-existing-value-no-duplicate",
    section: "patch",
    level: "SHOULD",
    title: "adding a value that is already present does not duplicate it",
    citation: `${ADD} ("If the target location already contains the value specified, no changes SHOULD be made")`,
    async run(ctx) {
      await ctx.requireFeature("patch");
      const created = await ctx.api.create("/Users", userBody(ctx, "adddup"));
      const email = emailsOf(created)[0];
      expect(email !== undefined, "created user has no email");
      await ctx.api.patch("/Users", idOf(created), [{ op: "add", path: "emails", value: [email] }]);
      const after = await ctx.api.get("/Users", idOf(created));
      expect(emailsOf(after).length === 1, `re-adding the same email left ${emailsOf(after).length} emails`);
      return undefined;
    },
  }),
  defineCheck({
    id: "patch.primary-unique",
    section: "patch",
    level: "MUST",
    title: "setting primary on one value clears primary on the others",
    citation:
      'RFC 7644 §3.5.2 ("…SHALL cause the server to automatically set primary to false for any other values"); RFC 7643 §2.4',
    async run(ctx) {
      const { after } = await patchUser(ctx, "primary", [
        {
          op: "add",
          path: "emails",
          value: [{ value: `${ctx.prefix}primary@example.com`, type: "other", primary: true }],
        },
      ]);
      const primaries = emailsOf(after).filter((email) => getAttribute(email, "primary") === true);
      expect(primaries.length === 1, `${primaries.length} emails are primary`);
      expect(getAttribute(primaries[0], "type") === "other", "the newly added email is not the primary one");
      return undefined;
    },
  }),
  defineCheck({
    id: "patch.replace-single-valued",
    section: "patch",
    level: "MUST",
    title: "replace with a path replaces a single-valued attribute",
    citation: REPLACE,
    async run(ctx) {
      const { after } = await patchUser(ctx, "rep1", [
        { op: "replace", path: "displayName", value: "Replaced" },
      ]);
      expect(getAttribute(after, "displayName") === "Replaced", "displayName not replaced");
      return undefined;
    },
  }),
  defineCheck({
    id: "patch.replace-no-path",
    section: "patch",
    level: "MUST",
    title: "replace without a path replaces the attributes named in the value object",
    citation: `${REPLACE} ("If the path parameter is omitted, the target is assumed to be the resource itself… value SHALL contain a list of one or more attributes that are to be replaced")`,
    async run(ctx) {
      const { after } = await patchUser(ctx, "rep0", [
        { op: "replace", value: { displayName: "Pathless", nickName: "pl" } },
      ]);
      expect(getAttribute(after, "displayName") === "Pathless", "displayName not replaced");
      expect(getAttribute(after, "nickName") === "pl", "nickName not replaced");
      expect(emailsOf(after).length === 2, "attributes not named in the value were changed");
      return undefined;
    },
  }),
  defineCheck({
    id: "patch.replace-complex-keeps-unspecified",
    section: "patch",
    level: "MUST",
    title: "replace of a complex attribute leaves sub-attributes not in the value unchanged",
    citation: `${REPLACE} ("Sub-attributes that are not specified in the value parameter are left unchanged")`,
    async run(ctx) {
      const { after } = await patchUser(ctx, "repcx", [
        { op: "replace", path: "name", value: { familyName: "Swapped" } },
      ]);
      expect(getPath(after, "name.familyName") === "Swapped", "name.familyName not replaced");
      expect(getPath(after, "name.givenName") === "Conformance", "name.givenName was dropped");
      return undefined;
    },
  }),
  defineCheck({
    id: "patch.replace-absent-adds",
    section: "patch",
    level: "MUST",
    title: "replace of an attribute without a value adds it",
    citation: `${REPLACE} ("If the target location path specifies an attribute that does not exist, the service provider SHALL treat the operation as an add")`,
    async run(ctx) {
      const { after } = await patchUser(ctx, "rep2", [{ op: "replace", path: "title", value: "Was Absent" }]);
      expect(getAttribute(after, "title") === "Was Absent", "title not set");
      return undefined;
    },
  }),
  defineCheck({
    id: "patch.replace-multi-valued",
    section: "patch",
    level: "MUST",
    title: "replace of a multi-valued attribute replaces all its values",
    citation: `${REPLACE} ("If the target location is a multi-valued attribute and no filter is specified, the attribute and all values are replaced")`,
    async run(ctx) {
      const { after } = await patchUser(ctx, "rep3", [
        { op: "replace", path: "emails", value: [{ value: `${ctx.prefix}only@example.com`, type: "work" }] },
      ]);
      const emails = emailsOf(after);
      expect(emails.length === 1, `emails has ${emails.length} values after replace, expected 1`);
      expect(
        getAttribute(emails[0], "value") === `${ctx.prefix}only@example.com`,
        "emails value not replaced",
      );
      return undefined;
    },
  }),
  defineCheck({
    id: "patch.replace-value-path-sub-attribute",
    section: "patch",
    level: "MUST",
    title: 'replace emails[type eq "work"].value changes only the matching value',
    citation: `${REPLACE} (valuePath with sub-attribute)`,
    async run(ctx) {
      const { before, after } = await patchUser(ctx, "rep4", [
        { op: "replace", path: 'emails[type eq "work"].value', value: `${ctx.prefix}new-work@example.com` },
      ]);
      expect(
        getAttribute(emailOfType(after, "work"), "value") === `${ctx.prefix}new-work@example.com`,
        "work email not replaced",
      );
      expect(
        getAttribute(emailOfType(after, "home"), "value") ===
          getAttribute(emailOfType(before, "home"), "value"),
        "home email changed although the filter did not match it",
      );
      expect(emailsOf(after).length === 2, `emails has ${emailsOf(after).length} values, expected 2`);
      return undefined;
    },
  }),
  defineCheck({
    id: "patch.replace-value-path-no-match",
    section: "patch",
    level: "MUST",
    title: "replace with a valuePath that matches no value fails with 400 noTarget",
    citation: `${REPLACE} ("…no record match was made, the service provider SHALL indicate failure by returning HTTP status code 400 and a scimType error code of noTarget")`,
    relaxedFor: {
      idp: "entra",
      why: 'Microsoft Entra ID sends Replace emails[type eq "work"].value for values that do not exist yet and expects them to be created',
    },
    async run(ctx) {
      const { exchange } = await failingPatch(ctx, "rep5", [
        { op: "replace", path: 'emails[type eq "pager"].value', value: `${ctx.prefix}x@example.com` },
      ]);
      expectScimError(exchange, 400, "noTarget");
      return undefined;
    },
  }),
  defineCheck({
    id: "patch.remove-single-valued",
    section: "patch",
    level: "MUST",
    title: "remove with a path unassigns a single-valued attribute",
    citation: REMOVE,
    async run(ctx) {
      const { after } = await patchUser(ctx, "rem1", [{ op: "remove", path: "nickName" }]);
      expect(getAttribute(after, "nickName") === undefined, "nickName still present");
      expect(getAttribute(after, "displayName") === "Patch Target", "remove touched another attribute");
      return undefined;
    },
  }),
  defineCheck({
    id: "patch.remove-sub-attribute",
    section: "patch",
    level: "MUST",
    title: "remove name.familyName keeps the rest of name",
    citation: REMOVE,
    async run(ctx) {
      const { after } = await patchUser(ctx, "rem2", [{ op: "remove", path: "name.familyName" }]);
      expect(getPath(after, "name.familyName") === undefined, "name.familyName still present");
      expect(getPath(after, "name.givenName") === "Conformance", "name.givenName was removed too");
      return undefined;
    },
  }),
  defineCheck({
    id: "patch.remove-value-path",
    section: "patch",
    level: "MUST",
    title: 'remove emails[type eq "home"] removes only the matching value',
    citation: `${REMOVE} ("…a complex filter is specified… the matching records are removed")`,
    async run(ctx) {
      const { after } = await patchUser(ctx, "rem3", [{ op: "remove", path: 'emails[type eq "home"]' }]);
      expect(emailOfType(after, "home") === undefined, "home email still present");
      expect(emailOfType(after, "work") !== undefined, "work email was removed too");
      return undefined;
    },
  }),
  defineCheck({
    id: "patch.remove-multi-valued",
    section: "patch",
    level: "MUST",
    title: "remove emails without a filter removes all values",
    citation: `${REMOVE} ("If the target location is a multi-valued attribute and no filter is specified, the attribute and all values are removed")`,
    async run(ctx) {
      const { after } = await patchUser(ctx, "rem4", [{ op: "remove", path: "emails" }]);
      expect(emailsOf(after).length === 0, `emails still has ${emailsOf(after).length} values`);
      return undefined;
    },
  }),
  defineCheck({
    id: "patch.remove-without-path",
    section: "patch",
    level: "MUST",
    title: "remove without a path fails with 400 noTarget",
    citation: `${REMOVE} ("If path is unspecified, the operation fails with HTTP status code 400 and a scimType error code of noTarget")`,
    async run(ctx) {
      const { exchange } = await failingPatch(ctx, "rem5", [{ op: "remove" }]);
      expectScimError(exchange, 400, "noTarget");
      return undefined;
    },
  }),
  defineCheck({
    id: "patch.atomic",
    section: "patch",
    level: "MUST",
    title: "a PATCH with one failing operation changes nothing",
    citation:
      'RFC 7644 §3.5.2 ("A PATCH request, regardless of the number of operations, SHALL be treated as atomic")',
    async run(ctx) {
      const { exchange, after } = await failingPatch(ctx, "atomic", [
        { op: "replace", path: "displayName", value: "Must Not Stick" },
        { op: "remove" },
      ]);
      expectScimError(exchange, 400);
      expect(
        getAttribute(after, "displayName") === "Patch Target",
        `displayName changed to ${JSON.stringify(getAttribute(after, "displayName"))} by a failed PATCH`,
      );
      return undefined;
    },
  }),
  defineCheck({
    id: "patch.read-only-rejected",
    section: "patch",
    level: "MUST",
    title: "replacing the readOnly id fails with 400 (mutability)",
    citation:
      'RFC 7644 §3.5.2 ("a client MUST NOT modify an attribute that has mutability readOnly… SHALL return the appropriate HTTP response status code"); §3.12 (mutability)',
    async run(ctx) {
      const { exchange, before, after } = await failingPatch(ctx, "readonly", [
        { op: "replace", path: "id", value: `${ctx.prefix}new-id` },
      ]);
      expectScimError(exchange, 400);
      expect(idOf(after) === idOf(before), "id changed");
      return undefined;
    },
  }),
  defineCheck({
    id: "patch.invalid-op",
    section: "patch",
    level: "MUST",
    title: "an unknown op is rejected with 400",
    citation: "RFC 7644 §3.5.2 (op MAY be one of add, remove, replace); §3.12",
    async run(ctx) {
      const { exchange } = await failingPatch(ctx, "badop", [
        { op: "move", path: "displayName", value: "x" },
      ]);
      expectScimError(exchange, 400);
      return undefined;
    },
  }),
  defineCheck({
    id: "patch.invalid-path",
    section: "patch",
    level: "MUST",
    title: "a syntactically invalid path is rejected with 400 invalidPath",
    citation: "RFC 7644 §3.5.2; §3.12 (invalidPath)",
    async run(ctx) {
      const { exchange } = await failingPatch(ctx, "badpath", [
        { op: "replace", path: 'emails[type eq "work"', value: "x" },
      ]);
      expectScimError(exchange, 400, "invalidPath");
      return undefined;
    },
  }),
  defineCheck({
    id: "patch.missing-schemas",
    section: "patch",
    level: "SHOULD",
    title: "a PATCH body without the PatchOp schema is rejected with 400",
    citation:
      'RFC 7644 §3.5.2 ("The body of each request MUST contain the schemas attribute with the URI value of …PatchOp")',
    async run(ctx) {
      await ctx.requireFeature("patch");
      const created = await ctx.api.create("/Users", userBody(ctx, "noschemas"));
      const exchange = await ctx.http.send({
        method: "PATCH",
        path: `/Users/${encodeURIComponent(idOf(created))}`,
        json: { Operations: [{ op: "replace", path: "displayName", value: "x" }] },
      });
      expectScimError(exchange, 400);
      return undefined;
    },
  }),
  defineCheck({
    id: "patch.response",
    section: "patch",
    level: "MUST",
    title: "a successful PATCH returns 200 with the entire resource or 204 with no body",
    citation:
      'RFC 7644 §3.5.2 ("…MUST return a 200 OK response code and the entire resource… or MAY return HTTP status code 204")',
    async run(ctx) {
      await ctx.requireFeature("patch");
      const created = await ctx.api.create("/Users", userBody(ctx, "patchresp"));
      const exchange = await ctx.api.patchRaw("/Users", idOf(created), [
        { op: "replace", path: "displayName", value: "Resp" },
      ]);
      expectStatus(exchange, 200, 204);
      if (exchange.status === 200) {
        const body = expectJsonObject(exchange);
        expect(
          getAttribute(body, "displayName") === "Resp",
          `200 body does not show the change: ${describeExchange(exchange)}`,
        );
        expect(
          getAttribute(body, "userName") !== undefined,
          "200 body is not the entire resource (no userName)",
        );
      } else {
        expect(exchange.text === "", "204 response has a body");
      }
      return undefined;
    },
  }),
  defineCheck({
    id: "patch.unknown-resource",
    section: "patch",
    level: "MUST",
    title: "PATCH of an unknown id returns 404",
    citation: "RFC 7644 §3.12",
    async run(ctx) {
      await ctx.requireFeature("patch");
      const exchange = await ctx.api.patchRaw("/Users", `${ctx.prefix}absent`, [
        { op: "replace", path: "displayName", value: "x" },
      ]);
      expectScimError(exchange, 404);
      return undefined;
    },
  }),
];
