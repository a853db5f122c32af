import { describe, expect, it } from "vitest";
import { createScimServer, MemoryStore } from "../../src/index.js";

describe("ScimServer.handle: the plain response the Express adapter writes", () => {
  it("answers like fetch, with the JSON body as a value (RFC 7644 §3.12 errors included)", async () => {
    const scim = createScimServer({ store: new MemoryStore() });
    const viaHandle = await scim.handle(new Request("http://host/Users?filter=userName%20eq"));
    const viaFetch = await scim.fetch(new Request("http://host/Users?filter=userName%20eq"));
    expect(viaHandle.status).toBe(400);
    expect(viaHandle.body).toEqual(await viaFetch.json());
    expect(viaHandle.body).toMatchObject({ status: "400", scimType: "invalidFilter" });
  });
});

describe("HEAD (RFC 9110 §9.3.2)", () => {
  it("answers like GET without a body", async () => {
    const scim = createScimServer({ store: new MemoryStore() });
    const head = await scim.fetch(new Request("http://host/ServiceProviderConfig", { method: "HEAD" }));
    expect(head.status).toBe(200);
    expect(await head.text()).toBe("");
    const missing = await scim.handle(new Request("http://host/Users/nope", { method: "HEAD" }));
    expect(missing).toEqual({ status: 404, headers: { "X-Request-Id": expect.any(String) } });
  });
});
