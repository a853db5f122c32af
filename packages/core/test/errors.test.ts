import { describe, expect, it } from "vitest";
import { ERROR_SCHEMA, ScimError } from "../src/index.js";

describe("ScimError", () => {
  it("RFC 7644 §3.12: serialises with the Error schema and `status` as a string", () => {
    const error = new ScimError(409, "uniqueness", 'userName "bjensen" is already taken');
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      schemas: [ERROR_SCHEMA],
      status: "409",
      scimType: "uniqueness",
      detail: 'userName "bjensen" is already taken',
    });
  });

  it("omits scimType when there is none (404)", () => {
    expect(ScimError.notFound("no such user").toJSON()).toEqual({
      schemas: [ERROR_SCHEMA],
      status: "404",
      detail: "no such user",
    });
  });

  it("ScimError.is recognises copies from another package instance by name and status", () => {
    const foreign = Object.assign(new Error("x"), { name: "ScimError", status: 400 });
    expect(ScimError.is(foreign)).toBe(true);
    expect(ScimError.is(new Error("x"))).toBe(false);
    expect(ScimError.badRequest("invalidFilter", "bad")).toMatchObject({
      status: 400,
      scimType: "invalidFilter",
    });
  });
});
