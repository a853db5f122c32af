/**
 * The request log of the real server process: one JSON line per SCIM request with request id,
 * tenant, actor, method, path, status and duration; and no secret anywhere, neither in what the
 * process printed nor in the bytes of its SQLite database (file, WAL and shared memory).
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assertBuilt, runAdmin, type ServerProcess, startServerProcess } from "./support/processes.js";

const USER = "urn:ietf:params:scim:schemas:core:2.0:User";
const PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
const BULK = "urn:ietf:params:scim:api:messages:2.0:BulkRequest";

/** A distinctive secret: found by a plain substring search if it leaked anywhere. */
const secret = (label: string) => `${label}-${randomBytes(12).toString("hex")}`;

interface LogLine {
  readonly requestId: string;
  readonly tenant: string | null;
  readonly actor: string | null;
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly durationMs: number;
  readonly msg: string;
}

describe("request log and secrets of the real server process (SQLite)", () => {
  const staticToken = secret("static");
  const passwords = [secret("Pw1"), secret("Pw2"), secret("Pw3"), secret("Pw4")];
  const wrongToken = secret("wrong");
  const basicCredential = Buffer.from(`alice:${secret("basic")}`).toString("base64");
  let dir: string;
  let env: Record<string, string>;
  let server: ServerProcess;
  let issued: { id: string; token: string };

  beforeAll(async () => {
    assertBuilt();
    dir = mkdtempSync(join(tmpdir(), "scimkit-request-log-"));
    env = { DATABASE_FILE: join(dir, "scim.db"), SCIM_TOKEN: staticToken };
    server = await startServerProcess(env);
    const created = await runAdmin(["tokens", "create", "--tenant", "acme"], env);
    expect(created.code, created.stderr).toBe(0);
    issued = JSON.parse(created.stdout);
  }, 60_000);

  afterAll(async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const send = (method: string, path: string, authorization: string, body?: unknown, requestId?: string) =>
    fetch(`${server.url}${path}`, {
      method,
      headers: {
        Authorization: authorization,
        ...(body !== undefined ? { "Content-Type": "application/scim+json" } : {}),
        ...(requestId ? { "X-Request-Id": requestId } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });

  it("logs one JSON line per request with the contract fields, and no token, password or Authorization value anywhere", async () => {
    const [first, second, third, fourth] = passwords as [string, string, string, string];
    expect((await send("GET", "/Users", `Bearer ${staticToken}`)).status).toBe(200);
    const created = await send(
      "POST",
      "/Users",
      `Bearer ${issued.token}`,
      { schemas: [USER], userName: "alice", password: first },
      "create-alice-1",
    );
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const patch = { schemas: [PATCH_OP], Operations: [{ op: "replace", path: "password", value: second }] };
    expect((await send("PATCH", `/Users/${id}`, `Bearer ${issued.token}`, patch)).status).toBe(200);
    const replace = { schemas: [USER], userName: "alice", password: third };
    expect((await send("PUT", `/Users/${id}`, `Bearer ${issued.token}`, replace)).status).toBe(200);
    const bulk = {
      schemas: [BULK],
      Operations: [
        {
          method: "POST",
          path: "/Users",
          bulkId: "b1",
          data: { schemas: [USER], userName: "bob", password: fourth },
        },
      ],
    };
    expect((await send("POST", "/Bulk", `Bearer ${issued.token}`, bulk)).status).toBe(200);
    expect((await send("GET", "/Users", `Bearer ${wrongToken}`)).status).toBe(401);
    expect((await send("GET", "/Users", `Basic ${basicCredential}`)).status).toBe(401);
    // SIGTERM: the server finishes, flushes its log and closes the database (WAL checkpointed).
    await server.stop();

    const printed = `${server.stdout()}\n${server.stderr()}`;
    const lines = server
      .stdout()
      .split("\n")
      .filter((line) => line.startsWith("{"))
      .map((line) => JSON.parse(line) as LogLine)
      .filter((line) => line.msg === "request");
    expect(lines.length).toBeGreaterThanOrEqual(7);
    const create = lines.find((line) => line.requestId === "create-alice-1");
    expect(create).toMatchObject({
      tenant: "acme",
      actor: issued.id,
      method: "POST",
      path: "/scim/v2/Users",
      status: 201,
    });
    expect(typeof create?.durationMs).toBe("number");
    expect(lines.find((line) => line.method === "PUT")).toMatchObject({ tenant: "acme", actor: issued.id });
    expect(lines[0]).toMatchObject({
      method: "GET",
      tenant: "default",
      actor: "env:SCIM_TOKEN",
      status: 200,
    });
    expect(lines.filter((line) => line.status === 401)).toHaveLength(2);
    for (const line of lines) expect(line.requestId).toMatch(/^[A-Za-z0-9._:-]{1,128}$/);

    const atRest = readdirSync(dir)
      .map((file) => readFileSync(join(dir, file)).toString("latin1"))
      .join("\n");
    expect(atRest).toContain("alice");
    // `scimkit_<24 hex id>_<43 base64url secret>`: the secret itself may contain "_".
    const issuedSecret = issued.token.slice("scimkit_".length + 24 + 1);
    expect(issuedSecret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const secrets = { staticToken, issuedToken: issued.token, issuedSecret, wrongToken, basicCredential };
    const all: [string, string][] = [
      ...Object.entries(secrets),
      ...passwords.map((password, index): [string, string] => [`password ${index + 1}`, password]),
    ];
    for (const [name, value] of all) {
      expect(printed.includes(value), `${name} in stdout/stderr`).toBe(false);
      expect(atRest.includes(value), `${name} in the database file`).toBe(false);
    }
    expect(printed).not.toMatch(/authorization/i);
  }, 60_000);
});
