import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scimRouter } from "../../src/adapters/express.js";
import { createScimServer } from "../../src/server.js";
import { call, createUser, GROUP, SEARCH_REQUEST, USER } from "./harness.js";

describe("Express adapter specifics", () => {
  let http: Server;
  let origin: string;
  beforeAll(async () => {
    const scim = createScimServer({ logger: { error: () => {} } });
    const app = express();
    // Mounted twice: at a deep base path, and behind a JSON body parser that consumed the stream.
    app.use("/tenants/acme/scim/v2", scimRouter(scim));
    app.use(
      "/parsed",
      express.json({ type: ["application/json", "application/scim+json"] }),
      scimRouter(scim),
    );
    http = createServer(app);
    await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
    origin = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => http.close(() => resolve())));

  it("mounts at any base path; Location and $ref use that path", async () => {
    const base = `${origin}/tenants/acme/scim/v2`;
    const user = await createUser(base, "mounted");
    expect(user.meta.location).toBe(`${base}/Users/${user.id}`);
    const group = await call(base, "POST", "/Groups", {
      schemas: [GROUP],
      displayName: "G",
      members: [{ value: user.id }],
    });
    expect(group.body.members[0].$ref).toBe(`${base}/Users/${user.id}`);
  });

  it("parses the query itself: brackets and repeated keys that Express's query parser would reshape", async () => {
    const base = `${origin}/tenants/acme/scim/v2`;
    await createUser(base, "bracketed", { emails: [{ value: "b@example.com", type: "work" }] });
    const filter = encodeURIComponent('emails[type eq "work" and value eq "b@example.com"]');
    const response = await call(base, "GET", `/Users?filter=${filter}&attributes=userName&count=5`);
    expect(response.status).toBe(200);
    expect(response.body.Resources.map((r: { userName: string }) => r.userName)).toEqual(["bracketed"]);
    // `filter[x]=y` makes Express's qs build an object; the core sees the raw string key instead.
    const odd = await call(base, "GET", "/Users?filter[userName]=x");
    expect(odd.status).toBe(200);
  });

  it("works behind express.json(): the already-parsed body is used", async () => {
    const base = `${origin}/parsed`;
    const created = await call(base, "POST", "/Users", { schemas: [USER], userName: "pre-parsed" });
    expect(created.status).toBe(201);
    const searched = await call(base, "POST", "/Users/.search", {
      schemas: [SEARCH_REQUEST],
      filter: 'userName eq "pre-parsed"',
    });
    expect(searched.body.totalResults).toBe(1);
  });
});
