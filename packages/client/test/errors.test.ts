import { afterEach, describe, expect, it } from "vitest";
import { createScimClient, ScimClientError } from "../src/index.js";
import { type HttpTestServer, scimError, startHttpTestServer } from "./support/http-test-server.js";

let server: HttpTestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

// RFC 7644 §3.12 Table 9 defines the scimType values for 400; §3.3 sends "uniqueness" with 409.
// RFC 9865 §2.1 adds the cursor errors.
const table9: Array<[string, number]> = [
  ["invalidFilter", 400],
  ["tooMany", 400],
  ["uniqueness", 409],
  ["mutability", 400],
  ["invalidSyntax", 400],
  ["invalidPath", 400],
  ["noTarget", 400],
  ["invalidValue", 400],
  ["invalidVers", 400],
  ["sensitive", 400],
  ["invalidCursor", 400],
  ["expiredCursor", 400],
];

describe("error mapping (RFC 7644 §3.12)", () => {
  it.each(table9)(
    "scimType %s with status %i becomes a ScimClientError carrying both",
    async (scimType, status) => {
      server = await startHttpTestServer(() => scimError(status, scimType, `detail for ${scimType}`));
      const client = createScimClient({ baseUrl: server.baseUrl, retry: false });
      const error = await client.users.list({ filter: 'userName eq "x"' }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ScimClientError);
      const clientError = error as ScimClientError;
      expect(clientError.status).toBe(status);
      expect(clientError.scimType).toBe(scimType);
      expect(clientError.detail).toBe(`detail for ${scimType}`);
      expect(clientError.response.status).toBe(status);
      expect(clientError.body).toMatchObject({ schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"] });
      expect(clientError.request.method).toBe("GET");
      expect(clientError.message).toContain(scimType);
    },
  );

  it.each([
    [401, "authentication required"],
    [403, "forbidden"],
    [404, "Resource u1 not found"],
    [412, "version mismatch"],
    [413, "payload too large"],
    [500, "internal error"],
    [501, "not implemented"],
  ])("status %i without scimType keeps the status and detail", async (status, detail) => {
    server = await startHttpTestServer(() => scimError(status, undefined, detail));
    const client = createScimClient({ baseUrl: server.baseUrl, retry: false });
    const error = (await client.users.get("u1").catch((caught: unknown) => caught)) as ScimClientError;
    expect(error).toBeInstanceOf(ScimClientError);
    expect(error.status).toBe(status);
    expect(error.scimType).toBeUndefined();
    expect(error.detail).toBe(detail);
  });

  it("a non-SCIM error page (a proxy's HTML) keeps its text as detail", async () => {
    server = await startHttpTestServer(() => ({
      status: 502,
      headers: { "content-type": "text/html" },
      body: "<html>Bad Gateway</html>",
    }));
    const client = createScimClient({ baseUrl: server.baseUrl, retry: false });
    const error = (await client.users.get("u1").catch((caught: unknown) => caught)) as ScimClientError;
    expect(error.status).toBe(502);
    expect(error.detail).toBe("<html>Bad Gateway</html>");
    expect(error.scimType).toBeUndefined();
  });

  it("sends the bearer token, SCIM media types and custom headers (RFC 7644 §3.1, RFC 6750 §2.1)", async () => {
    server = await startHttpTestServer(() => ({
      status: 201,
      body: { schemas: [], id: "u1", userName: "x" },
    }));
    const client = createScimClient({
      baseUrl: `${server.baseUrl}/`,
      token: "secret",
      headers: { "x-tenant": "acme" },
    });
    await client.users.create({ schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], userName: "x" });
    const [request] = server.requests;
    expect(request.url).toBe("/scim/v2/Users");
    expect(request.headers.authorization).toBe("Bearer secret");
    expect(request.headers["content-type"]).toBe("application/scim+json");
    expect(request.headers.accept).toContain("application/scim+json");
    expect(request.headers["x-tenant"]).toBe("acme");
  });
});
