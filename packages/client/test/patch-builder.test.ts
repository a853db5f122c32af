import type { User } from "@scimkit/core";
import { eq, parsePath, stringifyFilter } from "@scimkit/filter";
import { describe, expect, it } from "vitest";
import { PatchBuilder, type PatchOperation, type PatchRequestOptions } from "../src/index.js";

function recordingBuilder() {
  const sent: Array<{ operations: PatchOperation[]; options?: PatchRequestOptions }> = [];
  const builder = new PatchBuilder<User>(async (operations, options) => {
    sent.push({ operations, options });
    return undefined;
  });
  return { builder, sent };
}

describe("PatchBuilder (RFC 7644 §3.5.2)", () => {
  it("collects operations in call order and sends them in one PatchOp body", async () => {
    const { builder, sent } = recordingBuilder();
    builder
      .replace("active", false)
      .add("emails", [{ value: "a@example.com", type: "work" }])
      .remove('members[value eq "x"]');
    expect(builder.toJSON()).toEqual({
      schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
      Operations: [
        { op: "replace", path: "active", value: false },
        { op: "add", path: "emails", value: [{ value: "a@example.com", type: "work" }] },
        { op: "remove", path: 'members[value eq "x"]' },
      ],
    });
    await builder.send({ ifMatch: 'W/"3"' });
    expect(sent).toHaveLength(1);
    expect(sent[0].operations.map((operation) => operation.op)).toEqual(["replace", "add", "remove"]);
    expect(sent[0].options).toEqual({ ifMatch: 'W/"3"' });
  });

  it("§3.5.2.1/§3.5.2.3 without path: the value carries attribute/value pairs", () => {
    const { builder } = recordingBuilder();
    builder.replace({ active: false, displayName: "Gone" }).add({ nickName: "B" });
    expect(builder.operations).toEqual([
      { op: "replace", value: { active: false, displayName: "Gone" } },
      { op: "add", value: { nickName: "B" } },
    ]);
  });

  it("a falsy value with a path is still a (path, value) operation", () => {
    const { builder } = recordingBuilder();
    builder.replace("active", false).replace("displayName", "");
    expect(builder.operations).toEqual([
      { op: "replace", path: "active", value: false },
      { op: "replace", path: "displayName", value: "" },
    ]);
  });

  it("paths may be parsed ASTs; they are sent in canonical text form", () => {
    const { builder } = recordingBuilder();
    builder.remove(parsePath('emails[type eq "home"]')).replace(parsePath("name.givenName"), "Ann");
    expect(builder.operations).toEqual([
      { op: "remove", path: 'emails[type eq "home"]' },
      { op: "replace", path: "name.givenName", value: "Ann" },
    ]);
    // The filter builder quotes values, so user input cannot break out of the path.
    builder.remove(`members[${stringifyFilter(eq("value", 'x" or value pr or value eq "y'))}]`);
    expect(builder.operations[2].path).toBe('members[value eq "x\\" or value pr or value eq \\"y"]');
  });

  it("§3.5.2: a PATCH without operations is rejected before sending", async () => {
    const { builder, sent } = recordingBuilder();
    await expect(builder.send()).rejects.toThrow("at least one operation");
    expect(sent).toHaveLength(0);
  });
});
