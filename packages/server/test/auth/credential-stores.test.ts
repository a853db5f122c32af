import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bearerAuthentication } from "../../src/auth/bearer-authentication.js";
import type { CredentialStore } from "../../src/auth/credential-store.js";
import { issueToken } from "../../src/auth/issue-token.js";
import { MemoryCredentialStore } from "../../src/auth/memory-credential-store.js";
import { PostgresCredentialStore } from "../../src/auth/postgres-credential-store.js";
import { SqliteCredentialStore } from "../../src/auth/sqlite-credential-store.js";
import { staticTokenVerifier } from "../../src/auth/static-token-verifier.js";
import { storedTokenVerifier } from "../../src/auth/stored-token-verifier.js";
import { hashToken } from "../../src/auth/token-secret.js";
import { AuthenticationError, type InsufficientScopeError } from "../../src/http/authentication-error.js";
import { migratePostgres } from "../../src/store/sql/postgres/migrations.js";
import { migrateSqlite } from "../../src/store/sql/sqlite/migrations.js";
import { createTestSchema, type TestSchema } from "../sql/pg-test-schema.js";

const request = (authorization?: string) =>
  new Request("http://host/Users", authorization ? { headers: { Authorization: authorization } } : {});

const STORES = ["memory", "sqlite", "postgres"] as const;

describe.each(STORES)("credentials on %s", (kind) => {
  let store: CredentialStore;
  let cleanup: () => Promise<void> = async () => {};
  let secretsAtRest: () => Promise<string> = async () => "";

  beforeAll(async () => {
    if (kind === "memory") {
      const memory = new MemoryCredentialStore();
      store = memory;
      secretsAtRest = async () => JSON.stringify(await memory.list());
    } else if (kind === "sqlite") {
      const db = new Database(":memory:");
      migrateSqlite(db);
      store = new SqliteCredentialStore(db);
      secretsAtRest = async () => JSON.stringify(db.prepare("SELECT * FROM scim_credentials").all());
      cleanup = async () => void db.close();
    } else {
      const database: TestSchema = await createTestSchema("scim_credentials");
      await migratePostgres(database.pool, database.schema);
      store = new PostgresCredentialStore({ pool: database.pool, schema: database.schema });
      secretsAtRest = async () =>
        JSON.stringify(
          (await database.pool.query(`SELECT * FROM "${database.schema}".scim_credentials`)).rows,
        );
      cleanup = () => database.drop();
    }
  });
  afterAll(() => cleanup());

  it("issues tokens whose secret is never stored, only its SHA-256, and lists them without it", async () => {
    const issued = await issueToken(store, { tenantId: "acme", name: "Entra ID" });
    expect(issued.token).toMatch(/^scimkit_[0-9a-f]{24}_[A-Za-z0-9_-]{43}$/);
    expect(issued.credential).toMatchObject({ tenantId: "acme", name: "Entra ID", scope: "write" });
    expect(issued.credential).not.toHaveProperty("secretHash");
    expect(issued.token).toContain(issued.credential.id);
    const rest = await secretsAtRest();
    expect(rest).toContain(hashToken(issued.token));
    expect(rest).not.toContain(issued.token.replace(/^scimkit_[0-9a-f]{24}_/, ""));
    const listed = await store.list({ tenantId: "acme" });
    expect(listed.map((c) => c.id)).toContain(issued.credential.id);
    expect(await store.list({ tenantId: "nobody" })).toEqual([]);
  });

  it("several tokens of a tenant work at once; revoking one leaves the other (rotation with overlap)", async () => {
    const verifier = storedTokenVerifier({ store, cacheTtlMs: 0 });
    const authenticate = bearerAuthentication({ verifiers: [verifier] });
    const first = await issueToken(store, { tenantId: "rotating" });
    const second = await issueToken(store, { tenantId: "rotating" });
    for (const { token, credential } of [first, second]) {
      await expect(authenticate(request(`Bearer ${token}`))).resolves.toEqual({
        principal: credential.id,
        tenantId: "rotating",
        scope: "write",
      });
    }
    expect(await store.revoke(first.credential.id, new Date().toISOString())).toBe(true);
    expect(await store.revoke("000000000000000000000000", new Date().toISOString())).toBe(false);
    await expect(authenticate(request(`Bearer ${first.token}`))).rejects.toBeInstanceOf(AuthenticationError);
    await expect(authenticate(request(`Bearer ${second.token}`))).resolves.toMatchObject({
      tenantId: "rotating",
    });
    const revoked = await store.findById(first.credential.id);
    expect(revoked?.revokedAt).toBeDefined();
  });

  it("a wrong secret with a real id, an expired token and a revoked token get 401 invalid_token", async () => {
    let clock = Date.parse("2030-01-01T00:00:00Z");
    const verifier = storedTokenVerifier({ store, cacheTtlMs: 0, now: () => clock });
    const authenticate = bearerAuthentication({ verifiers: [verifier] });
    const expiring = await issueToken(store, {
      tenantId: "t",
      expiresInSeconds: 60,
      now: () => new Date(clock),
    });
    expect(expiring.credential.expiresAt).toBe("2030-01-01T00:01:00.000Z");
    await expect(authenticate(request(`Bearer ${expiring.token}`))).resolves.toMatchObject({ tenantId: "t" });
    const forged = `${expiring.token.slice(0, -4)}AAAA`;
    const challenge = await authenticate(request(`Bearer ${forged}`)).catch(
      (error: AuthenticationError) => error,
    );
    expect(challenge).toBeInstanceOf(AuthenticationError);
    expect((challenge as AuthenticationError).challenge).toMatch(
      /^Bearer realm="scim", error="invalid_token"/,
    );
    clock += 60_000;
    const expired = await authenticate(request(`Bearer ${expiring.token}`)).catch(
      (error: AuthenticationError) => error,
    );
    expect((expired as AuthenticationError).detail).toContain("expired");
  });

  it("lastUsedAt is written on use, at most once per interval", async () => {
    let clock = Date.parse("2031-01-01T00:00:00Z");
    const verifier = storedTokenVerifier({ store, cacheTtlMs: 0, touchIntervalMs: 60_000, now: () => clock });
    const { token, credential } = await issueToken(store, { tenantId: "used" });
    expect((await store.findById(credential.id))?.lastUsedAt).toBeUndefined();
    await verifier.verify(token);
    await expect
      .poll(async () => (await store.findById(credential.id))?.lastUsedAt, { timeout: 10_000 })
      .toBe("2031-01-01T00:00:00.000Z");
    clock += 10_000;
    await verifier.verify(token);
    clock += 10_000;
    // Within the interval nothing is written; the next write happens after it.
    expect((await store.findById(credential.id))?.lastUsedAt).toBe("2031-01-01T00:00:00.000Z");
    clock += 60_000;
    await verifier.verify(token);
    await expect
      .poll(async () => (await store.findById(credential.id))?.lastUsedAt, { timeout: 10_000 })
      .toBe("2031-01-01T00:01:20.000Z");
  });

  it("the cache keeps a revoked token valid for at most cacheTtlMs", async () => {
    let clock = 1_000_000;
    const verifier = storedTokenVerifier({ store, cacheTtlMs: 2000, now: () => clock });
    const { token, credential } = await issueToken(store, { tenantId: "cached" });
    await verifier.verify(token);
    await store.revoke(credential.id, new Date().toISOString());
    clock += 1999;
    await expect(verifier.verify(token)).resolves.toMatchObject({ tenantId: "cached" });
    clock += 1;
    await expect(verifier.verify(token)).rejects.toThrow("revoked");
  });

  it("a read-scope token authenticates with scope read", async () => {
    const { token } = await issueToken(store, { tenantId: "ro", scope: "read" });
    const authenticate = bearerAuthentication({ verifiers: [storedTokenVerifier({ store })] });
    await expect(authenticate(request(`Bearer ${token}`))).resolves.toMatchObject({ scope: "read" });
  });
});

describe("bearerAuthentication challenges (RFC 6750 §3)", () => {
  const authenticate = bearerAuthentication({
    verifiers: [staticTokenVerifier({ token: "static-s3cret", tenantId: "default" })],
  });
  const failure = (header?: string) =>
    authenticate(request(header)).then(
      () => undefined,
      (error: AuthenticationError | InsufficientScopeError) => error,
    );

  it("no credentials or another scheme: a bare challenge without an error code (§3.1)", async () => {
    for (const header of [undefined, "Basic dXNlcjpwYXNz"]) {
      const error = await failure(header);
      expect(error?.status).toBe(401);
      expect((error as AuthenticationError).challenge).toBe('Bearer realm="scim"');
    }
  });

  it("a wrong or malformed bearer token: invalid_token, never echoing the token", async () => {
    for (const header of ["Bearer wrong", "Bearer ", "Bearer a b", "Bearer static-s3cret-longer"]) {
      const error = (await failure(header)) as AuthenticationError;
      expect(error.status, header).toBe(401);
      expect(error.challenge).toMatch(/^Bearer realm="scim", error="invalid_token"/);
      expect(error.challenge + error.detail).not.toContain("wrong");
    }
  });

  it("the static token authenticates as its tenant with a principal that is not the secret", async () => {
    const result = await authenticate(request("Bearer static-s3cret"));
    expect(result).toEqual({ principal: "static-token", tenantId: "default", scope: "write" });
  });
});
