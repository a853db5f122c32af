import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { createSyncedScimServer } from "../src/sync-accounts.js";

const USER = "urn:ietf:params:scim:schemas:core:2.0:User";
const dir = mkdtempSync(join(tmpdir(), "scimkit-sync-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const call = (
  server: ReturnType<typeof createSyncedScimServer>,
  method: string,
  path: string,
  body?: unknown,
) =>
  server.fetch(
    new Request(`https://app.example/scim/v2${path}`, {
      method,
      headers: { "content-type": "application/scim+json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    }),
    { baseUrl: "https://app.example/scim/v2" },
  );

describe("sync-accounts.ts: SCIM writes projected into the app's own table", () => {
  it("creates, deactivates (PATCH) and deletes the account row", async () => {
    const app = new Database(join(dir, "app.db"));
    const server = createSyncedScimServer(join(dir, "scim.db"), app);
    const accounts = () => app.prepare("select scim_id, login, active from accounts").all();

    const created = await call(server, "POST", "/Users", { schemas: [USER], userName: "ada" });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    expect(accounts()).toEqual([{ scim_id: id, login: "ada", active: 1 }]);

    const patched = await call(server, "PATCH", `/Users/${id}`, {
      schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
      Operations: [{ op: "replace", path: "active", value: false }],
    });
    expect(patched.status).toBe(200);
    expect(accounts()).toEqual([{ scim_id: id, login: "ada", active: 0 }]);

    expect((await call(server, "DELETE", `/Users/${id}`)).status).toBe(204);
    expect(accounts()).toEqual([]);
    await server.runtime.store.close?.();
    app.close();
  });
});
