import { createDefaultRegistry } from "@scimkit/core";
import { createScimServer, MemoryStore } from "@scimkit/server";
import { issueToken, MemoryCredentialStore } from "@scimkit/server/auth";
import { describe, expect, it } from "vitest";
import { createAuthentication } from "../src/authentication.js";
import { ConnectionMonitor } from "../src/connections/connection-monitor.js";
import { MAX_DETAIL_LENGTH, MemoryConnectionStore } from "../src/connections/connection-status.js";

const USER = "urn:ietf:params:scim:schemas:core:2.0:User";

/** A SCIM server as the app builds it, watched by a monitor; requests go through the watched `handle`. */
async function watchedServer() {
  const registry = createDefaultRegistry();
  const credentials = new MemoryCredentialStore();
  const connections = new MemoryConnectionStore();
  let clock = new Date("2026-12-01T10:00:00.000Z");
  const monitor = new ConnectionMonitor({ store: connections, credentials, now: () => clock });
  const { authenticate } = createAuthentication({ token: "static-token-of-default" }, credentials);
  const scim = createScimServer({
    registry,
    store: new MemoryStore({ registry }),
    authenticate,
    onResponse: monitor.onResponse,
  });
  const watched = monitor.watch(scim);
  const send = async (token: string, method: string, path: string, body?: unknown) => {
    const response = await watched.handle(
      new Request(`http://scim.test/scim/v2${path}`, {
        method,
        headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/scim+json" },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      }),
      { baseUrl: "http://scim.test/scim/v2" },
    );
    // Recording runs after the answer: let it finish before the test reads the store.
    await new Promise((resolve) => setTimeout(resolve, 10));
    return response;
  };
  const advance = (ms: number) => {
    clock = new Date(clock.getTime() + ms);
  };
  return { credentials, connections, send, advance };
}

describe("ConnectionMonitor", () => {
  it("records an authenticated request per tenant, at most once per interval", async () => {
    const { credentials, connections, send, advance } = await watchedServer();
    const acme = await issueToken(credentials, { tenantId: "acme" });
    expect(await connections.get("acme")).toEqual({ tenant: "acme", lastRequestAt: null, lastError: null });
    expect((await send(acme.token, "GET", "/Users")).status).toBe(200);
    expect((await connections.get("acme")).lastRequestAt).toBe("2026-12-01T10:00:00.000Z");
    advance(1_000);
    await send(acme.token, "GET", "/Users");
    expect((await connections.get("acme")).lastRequestAt).toBe("2026-12-01T10:00:00.000Z");
    advance(5_000);
    await send(acme.token, "GET", "/Users");
    expect((await connections.get("acme")).lastRequestAt).toBe("2026-12-01T10:00:06.000Z");
    expect(await connections.tenants()).toEqual(["acme"]);
  });

  it("records the last error with status, scimType, detail (cut to its limit) and request id", async () => {
    const { credentials, connections, send } = await watchedServer();
    const acme = await issueToken(credentials, { tenantId: "acme" });
    // An unknown attribute named with 600 characters: its detail echoes the name, beyond the limit.
    const bad = await send(acme.token, "POST", "/Users", {
      schemas: [USER],
      userName: "ada",
      ["a".repeat(600)]: 1,
    });
    expect(bad.status).toBe(400);
    const { lastError } = await connections.get("acme");
    const body = bad.body as { scimType?: string; detail?: string };
    expect(lastError).toMatchObject({
      status: 400,
      scimType: body.scimType ?? null,
      requestId: bad.headers?.["X-Request-Id"],
    });
    expect(body.detail?.length).toBeGreaterThan(MAX_DETAIL_LENGTH);
    expect(lastError?.detail).toBe(body.detail?.slice(0, MAX_DETAIL_LENGTH));
    const notFound = await send(acme.token, "GET", "/Users/no-such-id");
    expect(notFound.status).toBe(404);
    expect((await connections.get("acme")).lastError?.status).toBe(404);
  });

  it("a 401 for a revoked issued token counts against its tenant; a 401 for an unknown token against none", async () => {
    const { credentials, connections, send } = await watchedServer();
    const acme = await issueToken(credentials, { tenantId: "acme" });
    await credentials.revoke(acme.credential.id, new Date().toISOString());
    const refused = await send(acme.token, "GET", "/Users");
    expect(refused.status).toBe(401);
    expect((await connections.get("acme")).lastError).toMatchObject({
      status: 401,
      requestId: refused.headers?.["X-Request-Id"],
    });
    // No request of acme was authenticated, so it has not "connected".
    expect((await connections.get("acme")).lastRequestAt).toBeNull();

    for (const token of [
      "not-a-token-of-ours",
      "scimkit_0123456789abcdef01234567_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
    ])
      expect((await send(token, "GET", "/Users")).status).toBe(401);
    expect(await connections.tenants()).toEqual(["acme"]);
  });
});
