/**
 * The ts blocks of packages/client/README.md run here against an in-process scimkit server (the
 * Express example over SQLite, over real HTTP): blocks with imports are the `#region readme` of a
 * module in src/readme/ (imported in README order), the others are regions in the tests below.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createScimClient, type ScimClient } from "@scimkit/client";
import { GROUP_SCHEMA, USER_SCHEMA, type User } from "@scimkit/core";
import { eq } from "@scimkit/filter";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createScimApp } from "../../src/express-server.js";
import { inactiveMembersCsv } from "../../src/readme/inactive-users-csv.js";

const TOKEN = "client-readme-token";
const workDir = mkdtempSync(join(tmpdir(), "scimkit-client-readme-"));
let server: Server;
let baseUrl: string;
let client: ScimClient;

beforeAll(async () => {
  server = createScimApp({ token: TOKEN, databaseFile: join(workDir, "scim.db") }).listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/scim/v2`;
  client = createScimClient({ baseUrl, token: TOKEN });
  process.env.SCIM_URL = baseUrl;
  process.env.SCIM_TOKEN = TOKEN;
});
afterAll(async () => {
  delete process.env.SCIM_URL;
  delete process.env.SCIM_TOKEN;
  await new Promise((resolve) => server.close(resolve));
  rmSync(workDir, { recursive: true, force: true });
});

/** Imports a README module and returns it with what it printed. */
async function run<T>(load: () => Promise<T>): Promise<{ module: T; printed: unknown[][] }> {
  const printed: unknown[][] = [];
  const log = vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => {
    printed.push(args);
  });
  try {
    return { module: await load(), printed };
  } finally {
    log.mockRestore();
  }
}

describe("client README", () => {
  it("Quick start: creates bjensen and finds her by userName", async () => {
    const { module, printed } = await run(() => import("../../src/readme/client-quick-start.js"));
    expect(module.created.userName).toBe("bjensen");
    expect(printed).toEqual([[1, module.created.id]]);
  });

  it("Types follow what you ask for: projection and the enterprise extension", async () => {
    const { module, printed } = await run(() => import("../../src/readme/client-types.js"));
    expect(Object.keys(module.user).sort()).toEqual(["emails", "id", "meta", "schemas", "userName"]);
    expect(printed).toEqual([["701984"]]);
  });

  it("registered extensions type-check (the module augmentation loads)", async () => {
    const { badgeNumber } = await import("../../src/readme/client-extensions.js");
    expect(typeof badgeNumber).toBe("function");
  });

  it("filters as builder ASTs and as strings", async () => {
    const { juniors, workMail } = await import("../../src/readme/client-filters.js");
    expect(juniors.totalResults).toBe(0);
    expect(workMail.Resources.map((user) => user.userName).sort()).toEqual(["bjensen", "typed.user"]);
  });

  it("PATCH: the builder and the direct form", async () => {
    const id = (
      await client.users.create({
        schemas: [USER_SCHEMA],
        userName: "patched",
        emails: [{ value: "home@example.org", type: "home" }],
      })
    ).id!;
    const userId = id;
    const groupId = (
      await client.groups.create({
        schemas: [GROUP_SCHEMA],
        displayName: "Patched group",
        members: [{ value: userId }],
      })
    ).id!;
    // #region readme
    // Builder: one request, operations applied in order (RFC 7644 §3.5.2).
    await client.users
      .patch(id)
      .replace("active", false) // value typed from User["active"]
      .add("emails", [{ value: "new@example.com", type: "work" }])
      .remove('emails[type eq "home"]')
      .send();

    // Direct form; paths may also be ASTs from parsePath().
    await client.groups.patch(groupId, [{ op: "remove", path: `members[value eq "${userId}"]` }]);
    // #endregion readme
    const user = await client.users.get(id);
    expect(user.active).toBe(false);
    expect(user.emails).toEqual([{ value: "new@example.com", type: "work" }]);
    expect((await client.groups.get(groupId)).members ?? []).toEqual([]);
  });

  it("iterate: every inactive user, across pages", async () => {
    const names: string[] = [];
    const log = vi.spyOn(console, "log").mockImplementation((name: string) => {
      names.push(name);
    });
    try {
      // #region readme
      for await (const user of client.users.iterate({ filter: eq("active", false), pageSize: 200 })) {
        console.log(user.userName);
      }
      // #endregion readme
    } finally {
      log.mockRestore();
    }
    expect(names).toEqual(["patched"]);
  });

  it("Errors: a second bjensen is a uniqueness error the README's catch handles", async () => {
    await import("../../src/readme/client-errors.js"); // rethrows anything else
    expect((await client.users.list({ filter: eq("userName", "bjensen") })).totalResults).toBe(1);
  });

  it("retries and timeouts: the options are accepted and the opted-in POST goes through", async () => {
    const token = TOKEN;
    const user: User = { schemas: [USER_SCHEMA], userName: "retried" };
    // #region readme
    const client = createScimClient({
      baseUrl,
      token,
      timeout: 10_000,
      retry: { limit: 4, baseDelay: 500, maxRetryAfter: 30_000 },
    });
    await client.users.create(user, { retry: { retryNonIdempotent: true } }); // opt in per call
    // #endregion readme
    expect((await client.users.list({ filter: eq("userName", "retried") })).totalResults).toBe(1);
  });

  it("ETags: If-Match and If-None-Match", async () => {
    const { id } = (await client.users.create({ schemas: [USER_SCHEMA], userName: "etagged" })) as {
      id: string;
    };
    // #region readme
    const user = await client.users.get(id); // user.meta.version holds the ETag
    await client.users.replace(id, { ...user, displayName: "B. Jensen" }, { ifMatch: user }); // 412 if changed meanwhile
    const fresh = await client.users.get(id, { ifNoneMatch: user }); // undefined when unchanged (304)
    // #endregion readme
    expect(fresh?.displayName).toBe("B. Jensen");
    const current = await client.users.get(id);
    expect(await client.users.get(id, { ifNoneMatch: current })).toBeUndefined();
    await expect(client.users.replace(id, user, { ifMatch: user })).rejects.toMatchObject({ status: 412 });
  });

  it("Bulk: a user and a group that references it by bulkId", async () => {
    const { module, printed } = await run(() => import("../../src/readme/client-bulk.js"));
    expect(printed).toEqual([[[]]]);
    expect(module.response.Operations.map((operation) => operation.status)).toEqual(["201", "201"]);
  });

  it("inactive members of a group as CSV (RFC 4180 §2), and run as a script", async () => {
    const make = (userName: string, active: boolean, extra: Partial<User> = {}) =>
      client.users.create({ schemas: [USER_SCHEMA], userName, active, ...extra });
    const gone = await make("gone", false, {
      displayName: 'Jensen, Barbara "Babs"',
      emails: [
        { value: "home@example.com", type: "home" },
        { value: "work@example.com", type: "work", primary: true },
      ],
    });
    const alsoGone = await make("also.gone", false);
    const present = await make("present", true);
    await make("inactive.elsewhere", false);
    await client.groups.create({
      schemas: [GROUP_SCHEMA],
      displayName: "Contractors",
      members: [gone, alsoGone, present].map((user) => ({ value: user.id ?? "" })),
    });
    await client.groups.create({ schemas: [GROUP_SCHEMA], displayName: "Empty" });

    const csv = await inactiveMembersCsv(client, "Contractors");
    const [header, ...rows] = csv.split("\r\n").slice(0, -1);
    expect(header).toBe("id,userName,displayName,email");
    expect(rows.sort()).toEqual(
      [`${gone.id},gone,"Jensen, Barbara ""Babs""",work@example.com`, `${alsoGone.id},also.gone,,`].sort(),
    );
    expect(await inactiveMembersCsv(client, "Empty")).toBe("id,userName,displayName,email\r\n");
    await expect(inactiveMembersCsv(client, "Nobody")).rejects.toThrow('no group named "Nobody"');

    const child = spawn(
      process.execPath,
      ["--conditions=@scimkit/source", "--import", "tsx", "src/readme/run-inactive-users-csv.ts"],
      {
        cwd: fileURLToPath(new URL("../../", import.meta.url)),
        env: { ...process.env, SCIM_BASE_URL: baseUrl, SCIM_TOKEN: TOKEN },
        stdio: ["ignore", "pipe", "inherit"],
      },
    );
    let output = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    expect(await new Promise((resolve) => child.once("exit", resolve))).toBe(0);
    expect(output).toBe(csv);
  }, 150_000);
});
