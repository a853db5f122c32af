import { describe, expect, expectTypeOf, it } from "vitest";
import { attribute, RFC7643_ATTRIBUTE_DEFAULTS } from "../src/schemas/attribute.js";

/** What every definition below states the same way. */
const aString = { type: "string", multiValued: false, description: "d" } as const;

describe("attribute(): RFC 7643 §2.2 defaults for what a definition leaves out", () => {
  it("fills required, caseExact, mutability, returned and uniqueness with the §2.2 defaults", () => {
    const nickName = attribute({ name: "nickName", type: "string", multiValued: false, description: "d" });
    expect(nickName).toEqual({
      name: "nickName",
      type: "string",
      multiValued: false,
      description: "d",
      ...RFC7643_ATTRIBUTE_DEFAULTS,
    });
    expect(RFC7643_ATTRIBUTE_DEFAULTS).toEqual({
      required: false,
      caseExact: false,
      mutability: "readWrite",
      returned: "default",
      uniqueness: "none",
    });
  });

  it("keeps what the definition states, in the key order of the RFC 7643 §8.7 listings", () => {
    const id = attribute({
      name: "id",
      ...aString,
      caseExact: true,
      canonicalValues: ["a"],
      mutability: "readOnly",
      returned: "always",
      uniqueness: "server",
      referenceTypes: ["external"],
    });
    expect(Object.keys(id).join(" ")).toBe(
      "name type multiValued description required caseExact canonicalValues mutability returned uniqueness referenceTypes",
    );
    expect([id.required, id.caseExact, id.mutability, id.returned, id.uniqueness]).toEqual([
      false,
      true,
      "readOnly",
      "always",
      "server",
    ]);
  });

  it("keeps literal types, for stated and for defaulted characteristics", () => {
    const userName = attribute({
      name: "userName",
      ...aString,
      required: true,
    });
    expectTypeOf(userName.required).toEqualTypeOf<true>();
    expectTypeOf(userName.name).toEqualTypeOf<"userName">();
    expectTypeOf(userName.mutability).toEqualTypeOf<"readWrite">();
    const emails = attribute({
      name: "emails",
      type: "complex",
      multiValued: true,
      description: "",
      subAttributes: [
        attribute({
          name: "type",
          type: "string",
          multiValued: false,
          description: "",
          canonicalValues: ["work"],
        }),
      ],
    });
    expectTypeOf(emails.multiValued).toEqualTypeOf<true>();
    expectTypeOf(emails.subAttributes[0].canonicalValues).toEqualTypeOf<readonly ["work"]>();
  });
});
