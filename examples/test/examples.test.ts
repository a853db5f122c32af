/**
 * Every example runs here, as a user would run it: the Express server over a real SQLite file and
 * real HTTP, the Fetch handler (also served through its Node runner in a child process), and the
 * client tool against the Express server.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createScimClient } from "@scimkit/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createScimApp } from "../src/express-server.js";
import workerModule, { createScimFetchHandler } from "../src/fetch-server.js";
import { connect, deactivate, inactiveUserNames } from "../src/inactive-users.js";

const USER = "urn:ietf:params:scim:schemas:core:2.0:User";
const TOKEN = "example-token";
const workDir = mkdtempSync(join(tmpdir(), "scimkit-examples-"));
let server: Server;
let baseUrl: string;

beforeAll(async () => {
  const app = createScimApp({ token: TOKEN, databaseFile: join(workDir, "scim.db") });
  server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/scim/v2`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(workDir, { recursive: true, force: true });
});

describe("express-server.ts", () => {
  it("refuses requests without the token (RFC 6750 §3) and serves those with it", async () => {
    const anonymous = await fetch(`${baseUrl}/Users`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("www-authenticate")).toMatch(/^Bearer realm="scim"/);
    const wrong = await fetch(`${baseUrl}/Users`, { headers: { authorization: "Bearer not-the-token" } });
    expect(wrong.status).toBe(401);
    const ok = await fetch(`${baseUrl}/Users`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(ok.status).toBe(200);
  });
});

describe("inactive-users.ts (the client tool)", () => {
  it("lists inactive users across pages and deactivates by userName", async () => {
    const client = createScimClient({ baseUrl, token: TOKEN, pageSize: 2 });
    for (const [userName, active] of [
      ["tool.a", false],
      ["tool.b", true],
      ["tool.c", false],
      ["tool.d", false],
    ] as const) {
      await client.users.create({ schemas: [USER], userName, active });
    }
    const tool = connect(baseUrl, TOKEN);
    expect((await inactiveUserNames(tool)).filter((n) => n.startsWith("tool.")).sort()).toEqual([
      "tool.a",
      "tool.c",
      "tool.d",
    ]);
    expect(await deactivate(tool, "tool.b")).toBe(true);
    expect(await deactivate(tool, "nobody")).toBe(false);
    expect((await inactiveUserNames(tool)).filter((n) => n.startsWith("tool.")).sort()).toEqual([
      "tool.a",
      "tool.b",
      "tool.c",
      "tool.d",
    ]);
  });
});

describe("fetch-server.ts", () => {
  it("serves SCIM through the Fetch handler, with the token compared by digest", async () => {
    const handler = await createScimFetchHandler(TOKEN);
    const url = "https://worker.example/scim/v2/Users";
    expect((await handler(new Request(url))).status).toBe(401);
    expect((await handler(new Request(url, { headers: { authorization: `Bearer ${TOKEN}x` } }))).status).toBe(
      401,
    );
    const created = await handler(
      new Request(url, {
        method: "POST",
        headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/scim+json" },
        body: JSON.stringify({ schemas: [USER], userName: "fetch.user" }),
      }),
    );
    expect(created.status).toBe(201);
    expect(created.headers.get("location")).toMatch(/^https:\/\/worker\.example\/scim\/v2\/Users\//);
  });

  it("works as a Workers-style module (export default { fetch })", async () => {
    const response = await workerModule.fetch(
      new Request("https://worker.example/scim/v2/ServiceProviderConfig", {
        headers: { authorization: `Bearer ${TOKEN}` },
      }),
      { SCIM_TOKEN: TOKEN },
    );
    expect(response.status).toBe(200);
  });

  it("runs from Node through run-fetch-server.ts (npm run fetch-server)", async () => {
    const child = startScript("src/run-fetch-server.ts", { SCIM_TOKEN: TOKEN, PORT: "0" });
    try {
      const url = await child.url;
      const client = createScimClient({ baseUrl: url, token: TOKEN });
      const user = await client.users.create({ schemas: [USER], userName: "node.bridge" });
      expect((await client.users.get(user.id!)).userName).toBe("node.bridge");
    } finally {
      child.process.kill();
    }
  }, 60_000);
});

/** Starts an example runner the way its npm script does; resolves to the URL it prints. */
function startScript(
  file: string,
  env: Record<string, string>,
): { process: ChildProcess; url: Promise<string> } {
  const child = spawn(process.execPath, ["--conditions=@scimkit/source", "--import", "tsx", file], {
    cwd: fileURLToPath(new URL("../", import.meta.url)),
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const url = new Promise<string>((resolve, reject) => {
    let output = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const match = /SCIM at (\S+)/.exec(output);
      if (match) resolve(match[1]!);
    });
    child.on("exit", (code) => reject(new Error(`${file} exited with ${code}: ${output}`)));
  });
  return { process: child, url };
}
