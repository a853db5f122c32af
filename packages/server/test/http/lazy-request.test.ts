import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scimRouter } from "../../src/adapters/express.js";
import { lazyBodilessRequest } from "../../src/adapters/node/lazy-request.js";
import { createScimServer } from "../../src/server.js";
import { createUser } from "./harness.js";

describe("the Express adapter's stand-in Request for GET and HEAD", () => {
  const url = new URL("http://example.test/scim/v2/Users/abc?attributes=userName");

  it("is a Request with the method, URL and headers it was given", () => {
    const request = lazyBodilessRequest("GET", url, new Headers({ authorization: "Bearer t" }));
    expect(request).toBeInstanceOf(Request);
    expect(request.method).toBe("GET");
    expect(request.url).toBe(url.href);
    expect(request.headers.get("authorization")).toBe("Bearer t");
  });

  it("answers every other member from a real Request built on first use", async () => {
    const request = lazyBodilessRequest("GET", url, new Headers({ accept: "application/scim+json" }));
    expect(request.body).toBeNull();
    expect(request.signal).toBeInstanceOf(AbortSignal);
    expect(request.signal).toBe(request.signal);
    expect(request.bodyUsed).toBe(false);
    expect(await request.text()).toBe("");
    const copy = request.clone();
    // clone() gives a real Request: fetch() and new Request() accept it.
    expect(new Request(copy).url).toBe(url.href);
    expect(copy.headers.get("accept")).toBe("application/scim+json");
  });

  describe("over HTTP", () => {
    let http: Server;
    let base: string;
    const seen: { method: string; built: string; signal: boolean; cloned: string }[] = [];
    beforeAll(async () => {
      const scim = createScimServer({
        logger: { error: () => {} },
        // A hook that reads more than method, URL and headers gets real answers.
        authenticate: (request) => {
          seen.push({
            method: request.method,
            built: request.constructor.name,
            signal: request.signal instanceof AbortSignal,
            cloned: request.clone().url,
          });
          return { principal: "tester" };
        },
      });
      const app = express();
      app.use("/scim/v2", scimRouter(scim));
      http = createServer(app);
      await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
      base = `http://127.0.0.1:${(http.address() as AddressInfo).port}/scim/v2`;
    });
    afterAll(() => new Promise<void>((resolve) => http.close(() => resolve())));

    it("GET and HEAD are served with the stand-in, a POST with a real Request", async () => {
      const user = await createUser(base, "lazy-reader");
      const got = await fetch(`${base}/Users/${user.id}`);
      expect(got.status).toBe(200);
      expect((await got.json()).userName).toBe("lazy-reader");
      const head = await fetch(`${base}/Users/${user.id}`, { method: "HEAD" });
      expect(head.status).toBe(200);
      expect(head.headers.get("etag")).toBe(got.headers.get("etag"));
      expect(seen.map((entry) => `${entry.method} ${entry.built}`)).toEqual([
        "POST Request",
        "GET LazyRequest",
        "HEAD LazyRequest",
      ]);
      expect(seen.every((entry) => entry.signal)).toBe(true);
      expect(seen[1]!.cloned).toBe(`${base}/Users/${user.id}`);
    });
  });
});
