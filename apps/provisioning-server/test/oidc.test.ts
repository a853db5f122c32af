import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type IssuerKey,
  newKey,
  startTestIssuer,
  type TestIssuer,
} from "../../../packages/server/test/auth/oidc-issuer.js";
import { readConfig } from "../src/config.js";
import { type RunningProvisioningServer, startProvisioningServer } from "../src/start.js";

const USER = "urn:ietf:params:scim:schemas:core:2.0:User";

describe("provisioning server with OIDC_ISSUER: JWTs and static tokens side by side", () => {
  let issuer: TestIssuer;
  let key: IssuerKey;
  let running: RunningProvisioningServer;
  const now = () => Math.floor(Date.now() / 1000);

  beforeAll(async () => {
    key = await newKey("kid-1", "RS256");
    issuer = await startTestIssuer([key]);
    running = await startProvisioningServer(
      readConfig({
        PORT: "0",
        HOST: "127.0.0.1",
        STORE: "memory",
        SCIM_TOKEN: "static-secret",
        OIDC_ISSUER: issuer.issuer,
        OIDC_AUDIENCE: "api://scimkit",
        OIDC_TENANT_CLAIM: "org",
        OIDC_WRITE_SCOPE: "directory.write",
      }),
      () => undefined,
    );
  });
  afterAll(async () => {
    await running.close();
    await issuer.close();
  });

  const jwt = (claims: Record<string, unknown>) =>
    issuer.sign(key, {
      iss: issuer.issuer,
      aud: "api://scimkit",
      sub: "okta-app",
      exp: now() + 300,
      ...claims,
    });
  const post = (token: string, userName: string) =>
    fetch(`${running.url}/Users`, {
      method: "POST",
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/scim+json" },
      body: JSON.stringify({ schemas: [USER], userName }),
    });

  it("a JWT with the configured tenant claim and write scope provisions into that tenant", async () => {
    const token = await jwt({ org: "initech", scope: "directory.write" });
    expect((await post(token, "peter")).status).toBe(201);
    const ownList = await fetch(`${running.url}/Users`, { headers: { Authorization: `Bearer ${token}` } });
    expect((await ownList.json()).totalResults).toBe(1);
    // SCIM_TOKEN (tenant "default") does not see tenant initech.
    const staticList = await fetch(`${running.url}/Users`, {
      headers: { Authorization: "Bearer static-secret" },
    });
    expect((await staticList.json()).totalResults).toBe(0);
  });

  it("the default read scope is scim:read; a JWT without the tenant claim is refused", async () => {
    const reader = await jwt({ org: "initech", scp: ["scim:read"] });
    expect(
      (await fetch(`${running.url}/Users`, { headers: { Authorization: `Bearer ${reader}` } })).status,
    ).toBe(200);
    expect((await post(reader, "not-allowed")).status).toBe(403);
    const noTenant = await post(await jwt({ tid: "initech", scope: "directory.write" }), "x");
    expect(noTenant.status).toBe(401);
    expect(noTenant.headers.get("www-authenticate")).toContain('error="invalid_token"');
  });

  it("ServiceProviderConfig lists both schemes (RFC 7643 §5)", async () => {
    const response = await fetch(`${running.url}/ServiceProviderConfig`, {
      headers: { Authorization: "Bearer static-secret" },
    });
    const types = (await response.json()).authenticationSchemes.map(
      (scheme: { type: string }) => scheme.type,
    );
    expect(types).toEqual(["oauthbearertoken", "oauth2"]);
  });
});

describe("OIDC and rate-limit configuration", () => {
  it("reads the OIDC variables with their defaults", () => {
    const config = readConfig({ OIDC_ISSUER: "https://idp.example.com", OIDC_AUDIENCE: "a, b" });
    expect(config.oidc).toEqual({
      issuer: "https://idp.example.com",
      audience: ["a", "b"],
      tenantClaim: "tid",
      readScope: "scim:read",
      writeScope: "scim:write",
    });
    expect(readConfig({}).oidc).toBeUndefined();
  });

  it("refuses incomplete or malformed settings with the variable's name", () => {
    expect(() => readConfig({ OIDC_ISSUER: "https://idp.example.com" })).toThrow("OIDC_AUDIENCE");
    expect(() => readConfig({ OIDC_ISSUER: "not a url", OIDC_AUDIENCE: "a" })).toThrow("OIDC_ISSUER");
    expect(() => readConfig({ RATE_LIMIT_PER_MINUTE: "ten" })).toThrow("RATE_LIMIT_PER_MINUTE");
    expect(() => readConfig({ RATE_LIMIT_PER_MINUTE: "0" })).toThrow("RATE_LIMIT_PER_MINUTE");
    expect(readConfig({ RATE_LIMIT_PER_MINUTE: "120" }).rateLimitPerMinute).toBe(120);
  });
});
