/**
 * Security costs (not a test): what authenticating one request costs per credential kind, and what
 * the audit journal adds to a create. Run: `npx -y pnpm@12.4.2 run bench:auth` in bench/.
 * `BENCH_AUTH_MS` (default 1500) is the time per authentication figure, `BENCH_CREATES` (default
 * 1000) the creates per store and setting, `PG_TEST_URL` the PostgreSQL server.
 *
 * 1. Authentication, in process, through the provisioning server's verifier chain (static token,
 *    then issued tokens, then OIDC): `SCIM_TOKEN`; an issued token on SQLite with the 2 s lookup
 *    cache (as the server runs) and without it (a database lookup per request); RS256 and ES256
 *    JWTs verified against a JWKS served on 127.0.0.1 (fetched once, then cached).
 * 2. Creates through `createScimServer` in process on SQLite (a file, WAL) and PostgreSQL (a fresh
 *    schema), with the journal (audit event in the same transaction) and with `journal: false`,
 *    in alternating rounds so that drift hits both alike.
 */
import { createSign, generateKeyPairSync, type KeyObject, randomBytes, randomUUID, sign } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { createDefaultRegistry, USER_SCHEMA } from "@scimkit/core";
import { createScimServer, type ScimServer } from "@scimkit/server";
import {
  type BearerTokenVerifier,
  bearerAuthentication,
  issueToken,
  SqliteCredentialStore,
  staticTokenVerifier,
  storedTokenVerifier,
} from "@scimkit/server/auth";
import { oidcTokenVerifier } from "@scimkit/server/auth/oidc";
import { PostgresStore } from "@scimkit/server/postgres";
import { SqliteStore } from "@scimkit/server/sqlite";
import pg from "pg";

const AUTH_MS = Number(process.env.BENCH_AUTH_MS ?? 1500);
const CREATES = Number(process.env.BENCH_CREATES ?? 1000);
const ROUNDS = 4;
const PG_URL = process.env.PG_TEST_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const AUDIENCE = "api://scimkit-bench";

const base64url = (data: Buffer | string) => Buffer.from(data).toString("base64url");

/** A compact JWS signed with node:crypto (RS256: PKCS#1 v1.5; ES256: raw r||s, RFC 7518 §3.4). */
function signJwt(
  alg: "RS256" | "ES256",
  kid: string,
  key: KeyObject,
  claims: Record<string, unknown>,
): string {
  const input = `${base64url(JSON.stringify({ alg, kid, typ: "JWT" }))}.${base64url(JSON.stringify(claims))}`;
  const signature =
    alg === "RS256"
      ? createSign("sha256").update(input).sign(key)
      : sign("sha256", Buffer.from(input), { key, dsaEncoding: "ieee-p1363" });
  return `${input}.${base64url(signature)}`;
}

/** Mean microseconds per call of `run`, measured for about `ms` after a warm-up. */
async function perCall(run: () => Promise<unknown>, ms: number): Promise<{ micros: number; calls: number }> {
  for (let i = 0; i < 200; i++) await run();
  let calls = 0;
  const started = performance.now();
  while (performance.now() - started < ms) {
    for (let i = 0; i < 50; i++) await run();
    calls += 50;
  }
  return { micros: ((performance.now() - started) * 1000) / calls, calls };
}

async function authenticationCosts(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "scimkit-bench-auth-"));
  const registry = createDefaultRegistry();
  const store = new SqliteStore({ filename: join(dir, "scim.db"), registry });
  const credentials = new SqliteCredentialStore(store.database);
  const rsa = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const ec = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const jwks = {
    keys: [
      { ...rsa.publicKey.export({ format: "jwk" }), kid: "rsa-1", alg: "RS256", use: "sig" },
      { ...ec.publicKey.export({ format: "jwk" }), kid: "ec-1", alg: "ES256", use: "sig" },
    ],
  };
  const jwksServer = createServer((_req, res) => {
    res.setHeader("Content-Type", "application/json");
    res.end(JSON.stringify(jwks));
  });
  await new Promise<void>((resolve) => jwksServer.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}`;
  const staticToken = randomBytes(32).toString("base64url");
  const issued = await issueToken(credentials, { tenantId: "acme" });
  const chain = (cacheTtlMs: number) => {
    const verifiers: BearerTokenVerifier[] = [
      staticTokenVerifier({ token: staticToken, tenantId: "default", principal: "env:SCIM_TOKEN" }),
      storedTokenVerifier({ store: credentials, cacheTtlMs }),
      oidcTokenVerifier({ issuer: origin, audience: AUDIENCE, jwksUri: `${origin}/jwks` }),
    ];
    return bearerAuthentication({ verifiers });
  };
  const cached = chain(2000);
  const uncached = chain(0);
  const now = Math.floor(Date.now() / 1000);
  const claims = {
    iss: origin,
    aud: AUDIENCE,
    sub: "bench-client",
    tid: "acme",
    scope: "scim:write",
    iat: now,
    exp: now + 3600,
  };
  const cases: [string, (request: Request) => Promise<unknown>, string][] = [
    ["static token (SCIM_TOKEN)", cached, staticToken],
    ["issued token, 2 s cache (as the server runs)", cached, issued.token],
    ["issued token, no cache (SQLite lookup each time)", uncached, issued.token],
    ["RS256 JWT (2048-bit key, JWKS cached)", cached, signJwt("RS256", "rsa-1", rsa.privateKey, claims)],
    ["ES256 JWT (P-256, JWKS cached)", cached, signJwt("ES256", "ec-1", ec.privateKey, claims)],
  ];
  console.log("\nAuthentication per request (in process, the provisioning server's verifier chain)");
  console.log("| credential | µs per request | requests/s (one core) |");
  console.log("| --- | ---: | ---: |");
  for (const [name, authenticate, token] of cases) {
    const request = new Request("http://bench.test/scim/v2/Users", {
      headers: { Authorization: `Bearer ${token}` },
    });
    const result = (await authenticate(request)) as { principal?: string };
    if (!result.principal) throw new Error(`${name}: not authenticated`);
    const { micros } = await perCall(() => authenticate(request), AUTH_MS);
    console.log(`| ${name} | ${micros.toFixed(1)} | ${Math.round(1e6 / micros).toLocaleString("en")} |`);
  }
  jwksServer.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}

/** Creates `count` users one after another; returns the elapsed milliseconds. */
async function createUsers(server: ScimServer, prefix: string, count: number): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < count; i++) {
    const response = await server.handle(
      new Request("http://bench.test/Users", {
        method: "POST",
        headers: { "Content-Type": "application/scim+json" },
        body: JSON.stringify({
          schemas: [USER_SCHEMA],
          userName: `${prefix}-${i}@example.com`,
          name: { givenName: "Bench", familyName: `User ${i}` },
          emails: [{ value: `${prefix}-${i}@example.com`, type: "work", primary: true }],
          active: true,
        }),
      }),
      { tenantId: "bench", principal: "bench-token", requestId: randomUUID() },
    );
    if (response.status !== 201) throw new Error(`create answered ${response.status}`);
  }
  return performance.now() - started;
}

async function auditOverhead(kind: "sqlite" | "postgres"): Promise<void> {
  const registry = createDefaultRegistry();
  const cleanups: (() => Promise<void>)[] = [];
  const servers: Record<"journal" | "noJournal", ScimServer> = {} as Record<
    "journal" | "noJournal",
    ScimServer
  >;
  for (const setting of ["journal", "noJournal"] as const) {
    const journal = setting === "journal";
    if (kind === "sqlite") {
      const dir = mkdtempSync(join(tmpdir(), "scimkit-bench-audit-"));
      const store = new SqliteStore({ filename: join(dir, "scim.db"), registry, journal });
      servers[setting] = createScimServer({ registry, store });
      cleanups.push(async () => {
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      });
    } else {
      const pool = new pg.Pool({ connectionString: PG_URL, max: 4 });
      const schema = `bench_audit_${randomBytes(4).toString("hex")}`;
      const store = await PostgresStore.open({ pool, registry, schema, journal });
      servers[setting] = createScimServer({ registry, store });
      cleanups.push(async () => {
        await store.close();
        await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
        await pool.end();
      });
    }
  }
  const elapsed = { journal: 0, noJournal: 0 };
  const perRound = Math.ceil(CREATES / ROUNDS);
  await createUsers(servers.journal, "warm-j", 100);
  await createUsers(servers.noJournal, "warm-n", 100);
  for (let round = 0; round < ROUNDS; round++) {
    // Alternating which goes first keeps a trend (cache warming, autovacuum) from favouring one.
    const order = round % 2 === 0 ? (["journal", "noJournal"] as const) : (["noJournal", "journal"] as const);
    for (const setting of order)
      elapsed[setting] += await createUsers(servers[setting], `r${round}`, perRound);
  }
  const total = perRound * ROUNDS;
  const withJournal = (elapsed.journal * 1000) / total;
  const without = (elapsed.noJournal * 1000) / total;
  console.log(
    `| ${kind} | ${total} | ${without.toFixed(0)} | ${withJournal.toFixed(0)} | ${(withJournal - without).toFixed(0)} (${(((withJournal - without) / without) * 100).toFixed(1)} %) |`,
  );
  for (const cleanup of cleanups) await cleanup();
}

await authenticationCosts();
console.log("\nAudit overhead on creates (createScimServer in process, one create at a time)");
console.log(
  "| store | creates each | µs per create, journal: false | µs per create, with journal | journal adds |",
);
console.log("| --- | ---: | ---: | ---: | ---: |");
await auditOverhead("sqlite");
await auditOverhead("postgres");
console.log(
  `\nnode ${process.version}, ${cpus().length} CPUs, load average ${loadavg()
    .map((load) => load.toFixed(1))
    .join(" ")}, ${new Date().toISOString()}`,
);
