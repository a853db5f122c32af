import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createProvisioning, migrate } from "./guide-example.js";

const guidePath = new URL("../../../../docs/table-mapping.md", import.meta.url);
const guide = readFileSync(guidePath, "utf8");
const FENCE = "```";
const block = (language: string) =>
  guide.match(new RegExp(`${FENCE}${language}\\n([\\s\\S]*?)${FENCE}`))?.[1] ?? "";

/** The parts of SCIM response bodies this test reads. */
interface ScimBody {
  id?: string;
  totalResults?: number;
  Resources: { id: string }[];
  scimType?: string;
  detail?: string;
  emails?: unknown;
  phoneNumbers?: unknown;
}

describe("docs/table-mapping.md", () => {
  it("shows exactly the code this test runs, in under 60 lines", () => {
    const example = readFileSync(new URL("./guide-example.ts", import.meta.url), "utf8");
    expect(block("ts")).toBe(example);
    expect(example.trimEnd().split("\n").length).toBeLessThan(60);
  });

  describe("the team's existing users table, provisioned like Okta and Entra do", () => {
    const dir = mkdtempSync(join(tmpdir(), "scimkit-guide-"));
    const filename = join(dir, "app.db");
    const token = "guide-token-0123456789abcdef";
    let app: ReturnType<typeof createProvisioning>;
    let db: Database.Database;

    beforeAll(() => {
      db = new Database(filename);
      db.exec(block("sql")); // the table from the guide
      db.exec("INSERT INTO users (login, first_name, plan) VALUES ('bjensen@example.com', 'Barb', 'pro')");
      migrate(db);
      app = createProvisioning(filename, token);
    });
    afterAll(async () => {
      await app.store.close();
      db.close();
      rmSync(dir, { recursive: true, force: true });
    });

    const send = async (method: string, path: string, body?: unknown, auth = token) => {
      const response = await app.scim.fetch(
        new Request(`http://localhost/scim/v2${path}`, {
          method,
          headers: { authorization: `Bearer ${auth}`, "content-type": "application/scim+json" },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        }),
      );
      const text = await response.text();
      return { status: response.status, body: (text ? JSON.parse(text) : {}) as ScimBody };
    };
    const row = (login: string) =>
      db.prepare("SELECT * FROM users WHERE login = ?").get(login) as Record<string, unknown>;

    it("adopts the existing row on create and fills its columns; the rest is kept as JSON", async () => {
      const lookup = await send(
        "GET",
        `/Users?filter=${encodeURIComponent('userName eq "bjensen@example.com"')}`,
      );
      expect(lookup.body.totalResults).toBe(0);
      const created = await send("POST", "/Users", {
        schemas: [
          "urn:ietf:params:scim:schemas:core:2.0:User",
          "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
        ],
        userName: "bjensen@example.com",
        externalId: "00u1abcd",
        active: true,
        name: { givenName: "Barbara", familyName: "Jensen" },
        emails: [{ primary: true, value: "bjensen@example.com", type: "work" }],
        phoneNumbers: [{ value: "+1 555 0100", type: "mobile" }],
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": { department: "Tour Operations" },
      });
      expect(created.status).toBe(201);
      expect(db.prepare("SELECT COUNT(*) AS n FROM users").get()).toEqual({ n: 1 });
      expect(row("bjensen@example.com")).toMatchObject({
        scim_id: created.body.id,
        first_name: "Barbara",
        last_name: "Jensen",
        email: "bjensen@example.com",
        department: "Tour Operations",
        okta_id: "00u1abcd",
        enabled: 1,
        plan: "pro",
      });
      const fetched = await send("GET", `/Users/${created.body.id}`);
      expect(fetched.body.phoneNumbers).toEqual([{ value: "+1 555 0100", type: "mobile" }]);
      expect(fetched.body.emails).toEqual([{ primary: true, value: "bjensen@example.com", type: "work" }]);
      const found = await send(
        "GET",
        `/Users?filter=${encodeURIComponent('userName eq "BJENSEN@example.com"')}`,
      );
      expect(found.body.Resources.map((user) => user.id)).toEqual([created.body.id]);
    });

    it("Entra adds the user to a group: roles follow; deactivation ends them at once; 401 without the token", async () => {
      const user = (
        await send("GET", `/Users?filter=${encodeURIComponent('userName eq "bjensen@example.com"')}`)
      ).body.Resources[0];
      const group = await send("POST", "/Groups", {
        schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"],
        displayName: "Engineering",
      });
      await send("PATCH", `/Groups/${group.body.id}`, {
        schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        Operations: [{ op: "Add", path: "members", value: [{ value: user.id }] }],
      });
      expect(await app.allowed(user.id, "repo:write")).toBe(true);
      expect(await app.allowed(user.id, "billing:read")).toBe(false);
      const deactivated = await send("PATCH", `/Users/${user.id}`, {
        schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        Operations: [{ op: "Replace", path: "active", value: "False" }],
      });
      expect(deactivated.status).toBe(200);
      expect(row("bjensen@example.com").enabled).toBe(0);
      expect(await app.allowed(user.id, "repo:write")).toBe(false);
      const work = await send("PATCH", `/Users/${user.id}`, {
        schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        Operations: [{ op: "replace", path: 'emails[type eq "work"].value', value: "barbara@example.com" }],
      });
      expect(work.status).toBe(200);
      expect(row("bjensen@example.com").email).toBe("barbara@example.com");
      expect((await send("GET", "/Users", undefined, "wrong-token-0123456789")).status).toBe(401);
    });

    it("a filter on an attribute the mapping does not name is a 400 naming it", async () => {
      const answer = await send(
        "GET",
        `/Users?filter=${encodeURIComponent('phoneNumbers.value eq "+1 555 0100"')}`,
      );
      expect(answer.status).toBe(400);
      expect(answer.body.scimType).toBe("invalidFilter");
      expect(answer.body.detail).toContain("phoneNumbers.value");
    });

    it("a PUT that leaves a NOT NULL column without a value is a 400 naming the column, and changes nothing", async () => {
      const user = (
        await send("GET", `/Users?filter=${encodeURIComponent('userName eq "bjensen@example.com"')}`)
      ).body.Resources[0];
      const before = row("bjensen@example.com");
      const answer = await send("PUT", `/Users/${user.id}`, {
        schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
        userName: "bjensen@example.com",
      });
      expect([answer.status, answer.body.scimType]).toEqual([400, "invalidValue"]);
      expect(answer.body.detail).toContain("enabled");
      expect(row("bjensen@example.com")).toEqual(before);
    });
  });
});
