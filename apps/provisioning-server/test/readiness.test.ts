import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TcpRelay } from "@scimkit/server/testing";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { readConfig } from "../src/config.js";
import { type RunningProvisioningServer, startProvisioningServer } from "../src/start.js";

const PG_TEST_URL = process.env.PG_TEST_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const ERROR = "urn:ietf:params:scim:api:messages:2.0:Error";
const USER = "urn:ietf:params:scim:schemas:core:2.0:User";
const TOKEN = "readiness-token";

function origin(running: RunningProvisioningServer): string {
  return running.url.replace("/scim/v2", "");
}

describe("/healthz and /readyz", () => {
  const dir = mkdtempSync(join(tmpdir(), "scimkit-ready-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("SQLite: /readyz is 200 while the database file answers", async () => {
    const running = await startProvisioningServer(
      readConfig({ PORT: "0", HOST: "127.0.0.1", SCIM_TOKEN: TOKEN, DATABASE_FILE: join(dir, "ready.db") }),
      () => {},
    );
    try {
      const response = await fetch(`${origin(running)}/readyz`);
      expect(response.status).toBe(200);
    } finally {
      await running.close();
    }
  });

  it("PostgreSQL unreachable: /readyz 503, SCIM requests 503 (not 500), the process lives on and recovers", async () => {
    const target = new URL(PG_TEST_URL);
    const relay = await TcpRelay.start({ host: target.hostname, port: Number(target.port || 5432) });
    const schema = `ready_${randomBytes(4).toString("hex")}`;
    const url = new URL(PG_TEST_URL);
    url.port = String(relay.port);
    const running = await startProvisioningServer(
      readConfig({
        PORT: "0",
        HOST: "127.0.0.1",
        SCIM_TOKEN: TOKEN,
        DATABASE_URL: url.toString(),
        DATABASE_SCHEMA: schema,
      }),
      () => {},
    );
    const auth = { Authorization: `Bearer ${TOKEN}`, "Content-Type": "application/scim+json" };
    try {
      expect((await fetch(`${origin(running)}/readyz`)).status).toBe(200);
      const created = await fetch(`${running.url}/Users`, {
        method: "POST",
        headers: auth,
        body: JSON.stringify({ schemas: [USER], userName: "ready-user" }),
      });
      expect(created.status).toBe(201);

      relay.cut();
      const notReady = await fetch(`${origin(running)}/readyz`);
      expect(notReady.status).toBe(503);
      expect((await notReady.json()).schemas).toEqual([ERROR]);
      expect((await fetch(`${origin(running)}/healthz`)).status).toBe(200);
      const list = await fetch(`${running.url}/Users`, { headers: auth });
      expect(list.status).toBe(503);
      expect((await list.json()).schemas).toEqual([ERROR]);

      relay.restore();
      const deadline = Date.now() + 15_000;
      let status = 0;
      while (Date.now() < deadline) {
        status = (await fetch(`${origin(running)}/readyz`)).status;
        if (status === 200) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(status).toBe(200);
      const read = await fetch(
        `${running.url}/Users?filter=${encodeURIComponent('userName eq "ready-user"')}`,
        {
          headers: auth,
        },
      );
      expect(read.status).toBe(200);
      expect((await read.json()).totalResults).toBe(1);
    } finally {
      await running.close();
      await relay.close();
      const admin = new pg.Pool({ connectionString: PG_TEST_URL, max: 1 });
      await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await admin.end();
    }
  });
});
