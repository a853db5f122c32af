/** Two instances of postgres-server.ts over one PostgreSQL schema (needs PG_TEST_URL, as CI sets). */
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPostgresScimApp } from "../src/postgres-server.js";

const url = process.env.PG_TEST_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const schema = `examples_${process.pid}_${Date.now()}`;
const TOKEN = "pg-example-token";
const USER = "urn:ietf:params:scim:schemas:core:2.0:User";
const instances: { base: string; server: Server; close: () => Promise<void> }[] = [];

beforeAll(async () => {
  for (let i = 0; i < 2; i++) {
    const { app, close } = await createPostgresScimApp({ connectionString: url, schema, token: TOKEN });
    const server = app.listen(0, "127.0.0.1");
    await new Promise((resolve) => server.once("listening", resolve));
    instances.push({
      base: `http://127.0.0.1:${(server.address() as AddressInfo).port}/scim/v2`,
      server,
      close,
    });
  }
}, 60_000);

afterAll(async () => {
  for (const { server, close } of instances) {
    await new Promise((resolve) => server.close(resolve));
    await close();
  }
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`drop schema if exists "${schema}" cascade`);
  await admin.end();
});

const headers = { authorization: `Bearer ${TOKEN}`, "content-type": "application/scim+json" };

describe("postgres-server.ts: several instances, one database", () => {
  it("a user created through one instance is read through the other", async () => {
    const [a, b] = instances;
    const created = await fetch(`${a!.base}/Users`, {
      method: "POST",
      headers,
      body: JSON.stringify({ schemas: [USER], userName: "shared.user" }),
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const read = await fetch(`${b!.base}/Users/${id}`, { headers });
    expect(read.status).toBe(200);
    expect(((await read.json()) as { userName: string }).userName).toBe("shared.user");
  });

  it("concurrent creates of one userName across instances: one 201, the rest 409 uniqueness", async () => {
    const statuses = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        fetch(`${instances[i % 2]!.base}/Users`, {
          method: "POST",
          headers,
          body: JSON.stringify({ schemas: [USER], userName: "race.user" }),
        }).then((response) => response.status),
      ),
    );
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(7);
  });
});
