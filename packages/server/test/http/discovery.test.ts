import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registryWithDevices } from "./device-registry.js";
import {
  ADAPTERS,
  call,
  ENTERPRISE,
  isScimError,
  LIST_RESPONSE,
  type RunningServer,
  startServer,
  USER,
} from "./harness.js";

describe.each(ADAPTERS)("discovery endpoints over %s (RFC 7644 §4)", (adapter) => {
  let server: RunningServer;
  let base: string;
  beforeAll(async () => {
    server = await startServer(adapter, {
      registry: registryWithDevices(),
      limits: { maxResults: 250, bulkMaxOperations: 42, bulkMaxPayloadSize: 65536 },
    });
    base = server.baseUrl;
  });
  afterAll(() => server.close());

  it("GET /ServiceProviderConfig advertises the configured features and RFC 9865 pagination", async () => {
    const response = await call(base, "GET", "/ServiceProviderConfig");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/scim\+json/);
    const config = response.body;
    expect(config.schemas).toEqual(["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"]);
    expect(config.patch).toEqual({ supported: true });
    expect(config.bulk).toEqual({ supported: true, maxOperations: 42, maxPayloadSize: 65536 });
    expect(config.filter).toEqual({ supported: true, maxResults: 250 });
    expect(config.sort.supported).toBe(true);
    expect(config.etag.supported).toBe(true);
    // RFC 7643 §5: passwords may be set and changed; they are stored hashed (RFC 7643 §4.1.1).
    expect(config.changePassword.supported).toBe(true);
    expect(config.pagination).toMatchObject({ cursor: true, index: true, maxPageSize: 250 });
    expect(config.authenticationSchemes[0].type).toBe("oauthbearertoken");
    expect(config.meta.location).toBe(`${base}/ServiceProviderConfig`);
  });

  it("GET /ResourceTypes lists every registered type, including custom ones", async () => {
    const response = await call(base, "GET", "/ResourceTypes");
    expect(response.body.schemas).toEqual([LIST_RESPONSE]);
    const byName = Object.fromEntries(response.body.Resources.map((r: { name: string }) => [r.name, r]));
    expect(Object.keys(byName).sort()).toEqual(["Device", "Group", "User"]);
    expect(byName.User.endpoint).toBe("/Users");
    expect(byName.User.schema).toBe(USER);
    expect(byName.User.schemaExtensions).toEqual([{ schema: ENTERPRISE, required: false }]);
    expect(byName.Device.endpoint).toBe("/Devices");
  });

  it("GET /ResourceTypes/User returns one resource type; unknown is 404", async () => {
    const response = await call(base, "GET", "/ResourceTypes/User");
    expect(response.status).toBe(200);
    expect(response.body.name).toBe("User");
    expect(response.body.meta.location).toBe(`${base}/ResourceTypes/User`);
    expect(isScimError(await call(base, "GET", "/ResourceTypes/Printer"), 404)).toBe(true);
  });

  it("GET /Schemas lists the schemas and /Schemas/{urn} returns one", async () => {
    const response = await call(base, "GET", "/Schemas");
    const ids = response.body.Resources.map((s: { id: string }) => s.id);
    expect(ids).toContain(USER);
    expect(ids).toContain(ENTERPRISE);
    const user = await call(base, "GET", `/Schemas/${USER}`);
    expect(user.status).toBe(200);
    expect(user.body.id).toBe(USER);
    expect(user.body.attributes.some((a: { name: string }) => a.name === "userName")).toBe(true);
    expect(isScimError(await call(base, "GET", "/Schemas/urn:example:nope"), 404)).toBe(true);
  });

  it("a filter on discovery endpoints is 403 (RFC 7644 §4)", async () => {
    for (const path of ["/ServiceProviderConfig", "/ResourceTypes", "/Schemas"]) {
      const response = await call(base, "GET", `${path}?filter=${encodeURIComponent('name eq "User"')}`);
      expect(isScimError(response, 403), path).toBe(true);
    }
  });

  it("discovery endpoints are read-only: POST is 405", async () => {
    const response = await call(base, "POST", "/ServiceProviderConfig", {});
    expect(isScimError(response, 405)).toBe(true);
    expect(response.headers.get("allow")).toBe("GET");
  });
});
