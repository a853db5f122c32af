import { createHmac } from "node:crypto";
import { exportSPKI, importJWK, UnsecuredJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bearerAuthentication } from "../../src/auth/bearer-authentication.js";
import { oidcTokenVerifier } from "../../src/auth/oidc/oidc-token-verifier.js";
import { AuthenticationError, InsufficientScopeError } from "../../src/http/authentication-error.js";
import { call, type RunningServer, startServer, USER } from "../http/harness.js";
import { type IssuerKey, newKey, startTestIssuer, type TestIssuer } from "./oidc-issuer.js";

const AUDIENCE = "api://scim-test";
const now = () => Math.floor(Date.now() / 1000);

describe("OIDC access tokens against a real local issuer", () => {
  let issuer: TestIssuer;
  let rsa: IssuerKey;
  let authenticate: (request: Request) => Promise<unknown>;

  const claims = (extra: Record<string, unknown> = {}) => ({
    iss: issuer.issuer,
    aud: AUDIENCE,
    sub: "entra-provisioning",
    tid: "contoso",
    scope: "openid scim:write",
    iat: now(),
    exp: now() + 300,
    ...extra,
  });
  const bearer = (token: string) =>
    new Request("http://host/Users", { headers: { Authorization: `Bearer ${token}` } });
  const rejection = async (token: string) => {
    const error = await authenticate(bearer(token)).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error, "the token was accepted").toBeDefined();
    return error as AuthenticationError | InsufficientScopeError;
  };

  beforeAll(async () => {
    rsa = await newKey("rsa-1", "RS256");
    issuer = await startTestIssuer([rsa]);
    authenticate = bearerAuthentication({
      verifiers: [oidcTokenVerifier({ issuer: issuer.issuer, audience: AUDIENCE, jwksRefetchCooldownMs: 0 })],
    });
  });
  afterAll(() => issuer.close());

  it("discovers the JWKS and accepts a valid token: tenant from tid, actor from sub, write from scope", async () => {
    const result = await authenticate(bearer(await issuer.sign(rsa, claims())));
    expect(result).toEqual({ principal: "entra-provisioning", tenantId: "contoso", scope: "write" });
    expect(issuer.fetches.discovery).toBe(1);
  });

  it("reads scopes from scp (array or string); read scope reads, no SCIM scope gets 403 insufficient_scope", async () => {
    const { scope: _scope, ...noScope } = claims();
    const read = await authenticate(bearer(await issuer.sign(rsa, { ...noScope, scp: ["scim:read"] })));
    expect(read).toMatchObject({ scope: "read" });
    const write = await authenticate(
      bearer(await issuer.sign(rsa, { ...noScope, scp: "profile scim:write" })),
    );
    expect(write).toMatchObject({ scope: "write" });
    const none = await rejection(await issuer.sign(rsa, { ...noScope, scope: "openid profile" }));
    expect(none).toBeInstanceOf(InsufficientScopeError);
    expect(none.status).toBe(403);
    expect(none.challenge).toMatch(/^Bearer realm="scim", error="insufficient_scope".*scope="scim:read"/);
  });

  it('refuses, with 401 error="invalid_token": expired, not yet valid, issued in the future, wrong aud, wrong iss', async () => {
    const cases: [string, Record<string, unknown>, string][] = [
      ["expired", { exp: now() - 120, iat: now() - 600 }, "expired"],
      ["nbf ahead", { nbf: now() + 600 }, "nbf"],
      ["iat ahead", { iat: now() + 600 }, "future"],
      ["wrong audience", { aud: "api://something-else" }, "aud"],
      ["wrong issuer", { iss: "https://evil.example.com" }, "iss"],
    ];
    for (const [name, extra, reason] of cases) {
      const error = await rejection(await issuer.sign(rsa, claims(extra)));
      expect(error, name).toBeInstanceOf(AuthenticationError);
      expect(error.challenge, name).toMatch(/^Bearer realm="scim", error="invalid_token"/);
      expect(error.detail, name).toContain(reason);
    }
  });

  it("honours a small clock skew: expired 10 s ago (within 30 s) still passes", async () => {
    await expect(
      authenticate(bearer(await issuer.sign(rsa, claims({ exp: now() - 10 })))),
    ).resolves.toMatchObject({
      tenantId: "contoso",
    });
  });

  it("requires exp, aud and the tenant claim", async () => {
    const { exp: _exp, ...noExp } = claims();
    expect((await rejection(await issuer.sign(rsa, noExp))).detail).toContain("exp");
    const { aud: _aud, ...noAud } = claims();
    expect((await rejection(await issuer.sign(rsa, noAud))).detail).toContain("aud");
    const { tid: _tid, ...noTenant } = claims();
    const missingTenant = await rejection(await issuer.sign(rsa, noTenant));
    expect(missingTenant.status).toBe(401);
    expect(missingTenant.detail).toContain("tid");
  });

  it('refuses alg "none" and an HS256 token signed with the issuer\'s public key', async () => {
    const unsecured = new UnsecuredJWT(claims()).encode();
    expect((await rejection(unsecured)).challenge).toContain('error="invalid_token"');
    // The classic key-confusion attack: HMAC keyed with the published public key (PEM and JWK forms).
    const publicPem = await exportSPKI(
      (await importJWK(rsa.publicJwk, "RS256", { extractable: true })) as CryptoKey,
    );
    for (const secret of [publicPem, JSON.stringify(rsa.publicJwk)]) {
      const header = Buffer.from(JSON.stringify({ alg: "HS256", kid: rsa.kid, typ: "JWT" })).toString(
        "base64url",
      );
      const payload = Buffer.from(JSON.stringify(claims())).toString("base64url");
      const signature = createHmac("sha256", secret).update(`${header}.${payload}`).digest("base64url");
      const error = await rejection(`${header}.${payload}.${signature}`);
      expect(error.status).toBe(401);
      expect(error.detail).toContain("algorithm");
    }
    expect(() =>
      oidcTokenVerifier({ issuer: issuer.issuer, audience: AUDIENCE, algorithms: ["HS256"] }),
    ).toThrow(RangeError);
    expect(() =>
      oidcTokenVerifier({ issuer: issuer.issuer, audience: AUDIENCE, algorithms: ["none"] }),
    ).toThrow(RangeError);
  });

  it("a token signed by a key the issuer does not publish is refused", async () => {
    const stranger = await newKey("rsa-1", "RS256");
    expect((await rejection(await issuer.sign(stranger, claims()))).detail).toContain("signature");
  });

  it("key rotation: a token with a new kid makes the verifier refetch the JWKS, and the new key works", async () => {
    const ec = await newKey("ec-2", "ES256");
    const before = issuer.fetches.jwks;
    issuer.published = [rsa, ec];
    await expect(authenticate(bearer(await issuer.sign(ec, claims())))).resolves.toMatchObject({
      tenantId: "contoso",
    });
    expect(issuer.fetches.jwks).toBeGreaterThan(before);
    issuer.published = [rsa, ec];
  });

  it("unknown kids refetch the JWKS at most once per cooldown (rate-limited)", async () => {
    const limited = bearerAuthentication({
      verifiers: [
        oidcTokenVerifier({
          issuer: issuer.issuer,
          audience: AUDIENCE,
          jwksUri: issuer.jwksUri,
          jwksRefetchCooldownMs: 60_000,
        }),
      ],
    });
    await limited(bearer(await issuer.sign(rsa, claims())));
    const afterFirst = issuer.fetches.jwks;
    for (let i = 0; i < 5; i++) {
      const unknown = await newKey(`made-up-${i}`, "ES256");
      await expect(limited(bearer(await issuer.sign(unknown, claims())))).rejects.toBeInstanceOf(
        AuthenticationError,
      );
    }
    expect(issuer.fetches.jwks).toBe(afterFirst);
  });

  it("a discovery document naming another issuer, or an unreachable issuer, gives 503 (not a 500, not a pass)", async () => {
    issuer.discoveryIssuer = "https://impostor.example.com";
    const confused = bearerAuthentication({
      verifiers: [oidcTokenVerifier({ issuer: issuer.issuer, audience: AUDIENCE })],
    });
    const error = await confused(bearer(await issuer.sign(rsa, claims()))).catch(
      (thrown: { status: number }) => thrown,
    );
    expect((error as { status: number }).status).toBe(503);
    issuer.discoveryIssuer = undefined;
    const down = bearerAuthentication({
      verifiers: [
        oidcTokenVerifier({ issuer: "http://127.0.0.1:9", audience: AUDIENCE, httpTimeoutMs: 1000 }),
      ],
    });
    const unreachable = await down(
      bearer(await issuer.sign(rsa, claims({ iss: "http://127.0.0.1:9" }))),
    ).catch((thrown: { status: number }) => thrown);
    expect((unreachable as { status: number }).status).toBe(503);
  });
});

describe("OIDC tokens end to end: tenants from the tid claim", () => {
  let issuer: TestIssuer;
  let key: IssuerKey;
  let server: RunningServer;
  beforeAll(async () => {
    key = await newKey("k1", "ES256");
    issuer = await startTestIssuer([key]);
    server = await startServer("express", {
      authenticate: bearerAuthentication({
        verifiers: [oidcTokenVerifier({ issuer: issuer.issuer, audience: AUDIENCE })],
      }),
    });
  });
  afterAll(async () => {
    await server.close();
    await issuer.close();
  });

  it("a tenant's JWT creates and reads its users; another tenant's JWT sees nothing; read scope cannot write", async () => {
    const token = (tid: string, scope: string) =>
      issuer.sign(key, {
        iss: issuer.issuer,
        aud: AUDIENCE,
        sub: `app-${tid}`,
        tid,
        scope,
        exp: now() + 300,
      });
    const contoso = { Authorization: `Bearer ${await token("contoso", "scim:write")}` };
    const fabrikam = { Authorization: `Bearer ${await token("fabrikam", "scim:write")}` };
    const reader = { Authorization: `Bearer ${await token("contoso", "scim:read")}` };
    const created = await call(
      server.baseUrl,
      "POST",
      "/Users",
      { schemas: [USER], userName: "jwt.user" },
      contoso,
    );
    expect(created.status).toBe(201);
    expect((await call(server.baseUrl, "GET", `/Users/${created.body.id}`, undefined, fabrikam)).status).toBe(
      404,
    );
    expect((await call(server.baseUrl, "GET", `/Users/${created.body.id}`, undefined, reader)).status).toBe(
      200,
    );
    const denied = await call(server.baseUrl, "DELETE", `/Users/${created.body.id}`, undefined, reader);
    expect(denied.status).toBe(403);
    expect(denied.headers.get("www-authenticate")).toContain('error="insufficient_scope"');
  });
});
