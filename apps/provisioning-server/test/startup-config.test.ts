import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readConfig } from "../src/config.js";
import { assertBuilt, SERVER_MAIN } from "./support/processes.js";

// Every setting is checked when the server starts, and a refusal names the variable to fix.

const BAD_SETTINGS: readonly [Record<string, string>, RegExp][] = [
  [{ PORT: "" }, /^PORT must be a port number/],
  [{ PORT: "1e3" }, /^PORT must be a port number/],
  [{ PORT: "65536" }, /^PORT must be a port number/],
  [{ PORT: "-1" }, /^PORT must be a port number/],
  [{ STORE: "mysql" }, /^STORE must be one of memory, sqlite, postgres/],
  [{ STORE: "postgres" }, /^STORE=postgres needs DATABASE_URL/],
  [{ DATABASE_URL: "not a url" }, /^DATABASE_URL must be a PostgreSQL URL/],
  [{ DATABASE_URL: "mysql://app:secret@db/app" }, /^DATABASE_URL must be a PostgreSQL URL/],
  // The kit's table projection (the `accounts` table) accepts plain SQL identifiers only.
  ...["s".repeat(64), "tenant-a", "1tenant", "tenant a", 'a"b', "public.x", "ünïcode", "a\0b"].map(
    (schema): [Record<string, string>, RegExp] => [
      { DATABASE_URL: "postgres://db/app", DATABASE_SCHEMA: schema },
      /^DATABASE_SCHEMA must be a plain SQL identifier: letters, digits and _, not starting with a digit, at most 63 characters; got "/,
    ],
  ),
  [{ SCIM_TOKEN: "two words" }, /^SCIM_TOKEN must be printable ASCII/],
  [{ ADMIN_TOKEN: "short" }, /^ADMIN_TOKEN must be at least 16 characters/],
  [{ ADMIN_TOKEN: "long enough but spaced" }, /^ADMIN_TOKEN must be printable ASCII/],
  [{ OIDC_ISSUER: "login.example.com" }, /^OIDC_ISSUER must be an http\(s\) URL/],
  [{ OIDC_ISSUER: "https://login.example.com" }, /^OIDC_AUDIENCE is required when OIDC_ISSUER is set/],
  [
    { OIDC_ISSUER: "https://login.example.com", OIDC_AUDIENCE: "api", OIDC_JWKS_URI: "file:///keys" },
    /^OIDC_JWKS_URI must be an http\(s\) URL/,
  ],
  [{ OIDC_AUDIENCE: "api" }, /^OIDC_AUDIENCE is set but OIDC_ISSUER is not/],
  [{ OIDC_TENANT_CLAIM: "tid" }, /^OIDC_TENANT_CLAIM is set but OIDC_ISSUER is not/],
  [{ RATE_LIMIT_PER_MINUTE: "0" }, /^RATE_LIMIT_PER_MINUTE must be a positive whole number/],
  [{ RATE_LIMIT_PER_MINUTE: "lots" }, /^RATE_LIMIT_PER_MINUTE must be a positive whole number/],
  [{ SHUTDOWN_GRACE_MS: "10s" }, /^SHUTDOWN_GRACE_MS must be a whole number/],
];

describe("readConfig names the variable of each bad value", () => {
  it.each(BAD_SETTINGS)("%o", (env, message) => {
    expect(() => readConfig(env)).toThrow(message);
  });

  it("never echoes a DATABASE_URL (it may hold a password)", () => {
    expect(() => readConfig({ DATABASE_URL: "mysql://app:hunter2@db/app" })).toThrow(
      /^(?!.*hunter2)DATABASE_URL/,
    );
  });

  it("accepts the defaults and good values", () => {
    expect(readConfig({})).toMatchObject({ port: 8080, store: "sqlite", shutdownGraceMs: 10_000 });
    expect(
      readConfig({ PORT: "0", DATABASE_URL: "postgresql://app@db:5432/app", DATABASE_SCHEMA: "tenant_a" }),
    ).toMatchObject({ port: 0, store: "postgres", databaseSchema: "tenant_a" });
    for (const schema of ["_app", "Tenant_2", "s".repeat(63)])
      expect(readConfig({ DATABASE_URL: "postgres://db/app", DATABASE_SCHEMA: schema }).databaseSchema).toBe(
        schema,
      );
  });
});

interface StartResult {
  readonly code: number | null;
  readonly stderr: string;
}

/** Runs dist/main.js until it exits (a refused start exits at once). */
function start(env: Record<string, string>): Promise<StartResult> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [SERVER_MAIN],
      { env: { PATH: process.env.PATH ?? "", HOST: "127.0.0.1", SCIM_TOKEN: "t", ...env }, timeout: 30_000 },
      (_error, _stdout, stderr) => resolve({ code: child.exitCode, stderr }),
    );
  });
}

/** A port that nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe("the server refuses to start with a clear message naming the setting (exit 1, no stack trace)", () => {
  const dir = mkdtempSync(join(tmpdir(), "scimkit-startup-"));
  let occupied: Server | undefined;
  afterAll(() => {
    occupied?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const refusedWith = (result: StartResult, ...parts: string[]) => {
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^scimkit provisioning server did not start: /);
    for (const part of parts) expect(result.stderr).toContain(part);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  };

  it("a PostgreSQL that cannot be reached: DATABASE_URL named, its password not shown", async () => {
    assertBuilt();
    const url = `postgres://app:hunter2@127.0.0.1:${await closedPort()}/app`;
    const result = await start({ PORT: "0", DATABASE_URL: url });
    refusedWith(
      result,
      "DATABASE_URL postgres://app:***@127.0.0.1:",
      "cannot open the database",
      "ECONNREFUSED",
    );
    expect(result.stderr).not.toContain("hunter2");
  });

  it("a DATABASE_FILE that is not an SQLite database", async () => {
    const file = join(dir, "notes.txt");
    writeFileSync(file, "these are not the tables you are looking for\n".repeat(100));
    const result = await start({ PORT: "0", DATABASE_FILE: file });
    refusedWith(result, `DATABASE_FILE ${JSON.stringify(file)}: cannot open the database`);
  });

  it("a DATABASE_FILE whose folder cannot be created", async () => {
    const file = join(dir, "a-file");
    writeFileSync(file, "");
    const result = await start({ PORT: "0", DATABASE_FILE: join(file, "scim.db") });
    refusedWith(result, "DATABASE_FILE", "cannot open the database");
  });

  it("a PORT already in use", async () => {
    occupied = createServer();
    await new Promise<void>((resolve) => occupied?.listen(0, "127.0.0.1", resolve));
    const { port } = occupied.address() as { port: number };
    const result = await start({ PORT: String(port), DATABASE_FILE: join(dir, "port.db") });
    refusedWith(result, `cannot listen on HOST "127.0.0.1" PORT ${port}`, "EADDRINUSE");
  });

  it("a DATABASE_SCHEMA that is not a plain SQL identifier, before the database opens", async () => {
    // Before this check the store's tables were created and the start failed later, at the
    // accounts table, with "cannot open the database: … not a plain SQL identifier".
    const url = process.env.PG_TEST_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
    const result = await start({ PORT: "0", DATABASE_URL: url, DATABASE_SCHEMA: "tenant-a" });
    refusedWith(
      result,
      'DATABASE_SCHEMA must be a plain SQL identifier: letters, digits and _, not starting with a digit, at most 63 characters; got "tenant-a"',
    );
    expect(result.stderr).not.toContain("cannot open the database");
  });

  it("a bad environment variable, before anything opens", async () => {
    const result = await start({ PORT: "http", DATABASE_FILE: join(dir, "never.db") });
    refusedWith(result, 'PORT must be a port number 0–65535 (0 picks a free port), got "http"');
  });
});
