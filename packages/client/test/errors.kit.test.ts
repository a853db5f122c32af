/**
 * Error mapping against the real server kit over HTTP: each SCIM error type the kit produces
 * arrives as a ScimClientError with the status, scimType and detail of RFC 7644 §3.12. (tooMany,
 * sensitive and invalidVers, which the kit never sends, are covered in errors.test.ts.)
 */
import { ScimError, USER_SCHEMA } from "@scimkit/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createScimClient, type ScimClient, ScimClientError } from "../src/index.js";
import { type RunningScimKit, startScimKit } from "./support/scim-kit-server.js";

let kit: RunningScimKit;
let client: ScimClient;
let userId: string;

beforeAll(async () => {
  // The strict interop profile answers RFC 7644 exactly (no IdP leniency), so noTarget is reachable.
  kit = await startScimKit({ interop: "strict" });
  client = createScimClient({ baseUrl: kit.baseUrl, token: "t", retry: false });
  const user = await client.users.create({
    schemas: [USER_SCHEMA],
    userName: "taken",
    emails: [{ value: "taken@example.com", type: "work" }],
  });
  userId = user.id ?? "";
});
afterAll(() => kit.close());

async function failure(call: () => Promise<unknown>): Promise<ScimClientError> {
  const error = await call().then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ScimClientError);
  return error as ScimClientError;
}

describe("SCIM error types from the server kit (RFC 7644 §3.12)", () => {
  it("uniqueness: 409 for a duplicate userName (§3.3; case-insensitive, RFC 7643 §4.1.1)", async () => {
    const error = await failure(() => client.users.create({ schemas: [USER_SCHEMA], userName: "TAKEN" }));
    expect([error.status, error.scimType]).toEqual([409, "uniqueness"]);
    expect(error.detail).toContain("taken");
  });

  it("invalidFilter: 400 for a malformed filter, with the position in detail (§3.4.2.2)", async () => {
    const error = await failure(() => client.users.list({ filter: "userName eq" }));
    expect([error.status, error.scimType]).toEqual([400, "invalidFilter"]);
    expect(error.detail).toMatch(/\d/);
  });

  it("invalidPath: 400 for a malformed PATCH path (§3.5.2)", async () => {
    const error = await failure(() => client.users.patch(userId).replace("emails[type eq", "x").send());
    expect([error.status, error.scimType]).toEqual([400, "invalidPath"]);
  });

  it("noTarget: 400 when a filtered PATCH path matches no value (§3.5.2.3)", async () => {
    const error = await failure(() =>
      client.users.patch(userId).replace('emails[type eq "home"].value', "x").send(),
    );
    expect([error.status, error.scimType]).toEqual([400, "noTarget"]);
  });

  it("mutability: 400 for a change to a readOnly attribute (§3.5.2)", async () => {
    const error = await failure(() =>
      client.users.patch(userId, [{ op: "add", path: "groups", value: [{ value: "g" }] }]),
    );
    expect([error.status, error.scimType]).toEqual([400, "mutability"]);
  });

  it("invalidValue: 400 for a missing required attribute (RFC 7643 §2.2)", async () => {
    const error = await failure(() => client.users.create({ schemas: [USER_SCHEMA] } as never));
    expect([error.status, error.scimType]).toEqual([400, "invalidValue"]);
    expect(error.detail).toContain("userName");
  });

  it("invalidSyntax: 400 for a PATCH op the RFC does not define (§3.5.2)", async () => {
    const error = await failure(() => client.users.patch(userId, [{ op: "move" as never, path: "active" }]));
    expect([error.status, error.scimType]).toEqual([400, "invalidSyntax"]);
  });

  it("invalidCursor: 400 for a cursor the service never issued (RFC 9865 §2.1)", async () => {
    const error = await failure(() => client.users.list({ cursor: "not-a-cursor", count: 10 }));
    expect([error.status, error.scimType]).toEqual([400, "invalidCursor"]);
  });

  it("404 without scimType for an unknown id (§3.12)", async () => {
    const error = await failure(() => client.users.get("no-such-id"));
    expect([error.status, error.scimType]).toEqual([404, undefined]);
  });

  it("412 for a stale If-Match version (§3.14)", async () => {
    const error = await failure(() => client.users.delete(userId, { ifMatch: 'W/"stale"' }));
    expect(error.status).toBe(412);
    await expect(client.users.get(userId)).resolves.toMatchObject({ id: userId });
  });

  it("401 from an authentication hook carries the service's detail", async () => {
    const guarded = await startScimKit({
      authenticate: (request) => {
        if (request.headers.get("authorization") !== "Bearer good") {
          throw new ScimError(401, undefined, "bad token");
        }
        return { principal: "tester" };
      },
    });
    try {
      const bad = createScimClient({ baseUrl: guarded.baseUrl, token: "bad", retry: false });
      const error = await failure(() => bad.users.list());
      expect([error.status, error.detail]).toEqual([401, "bad token"]);
      expect(error.response.headers.get("www-authenticate")).toContain("Bearer");
      const good = createScimClient({ baseUrl: guarded.baseUrl, getToken: async () => "good" });
      await expect(good.users.list()).resolves.toMatchObject({ totalResults: 0 });
    } finally {
      await guarded.close();
    }
  });
});
