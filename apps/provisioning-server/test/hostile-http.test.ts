/**
 * Issue 11 item 1: every answer of the app, for any request line, Host, method or path, before or
 * after authentication, is a SCIM error (RFC 7644 §3.12) with the right status — never Express's
 * HTML page with a stack, a path of the machine or SQL text. Raw sockets, since fetch refuses to
 * send most of these requests.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { readConfig } from "../src/config.js";
import { type RunningProvisioningServer, startProvisioningServer } from "../src/start.js";
import { type RawAnswer, sendRaw } from "./raw-http.js";

const ERROR = "urn:ietf:params:scim:api:messages:2.0:Error";
const TOKEN = "hostile-test-token";
const AUTH = `Authorization: Bearer ${TOKEN}\r\n`;

/** Nothing of the machine or the code: no HTML, no stack frame, no file path, no SQL. */
function expectScimError(answer: RawAnswer, status: number): void {
  expect(answer.status, answer.raw).toBe(status);
  expect(answer.headers["content-type"], answer.raw).toBe("application/scim+json");
  const body = JSON.parse(answer.text);
  expect(body.schemas).toEqual([ERROR]);
  expect(body.status).toBe(String(status));
  expect(typeof body.detail).toBe("string");
  expect(answer.raw).not.toMatch(/<html|<!DOCTYPE|\n\s+at |node_modules|\/src\/|\.ts:|SELECT |undici/i);
}

describe("every answer of the provisioning app is SCIM JSON (issue 11)", () => {
  let running: RunningProvisioningServer;
  let port: number;
  const logged: string[] = [];
  beforeAll(async () => {
    running = await startProvisioningServer(
      readConfig({ PORT: "0", HOST: "127.0.0.1", STORE: "memory", SCIM_TOKEN: TOKEN }),
      () => {},
    );
    port = Number(new URL(running.url).port);
  });
  afterAll(() => running.close());
  afterEach(() => vi.restoreAllMocks());

  const get = (target: string, headers: string) =>
    sendRaw(port, `GET ${target} HTTP/1.1\r\n${headers}Connection: close\r\n\r\n`);

  it.each(["a b", "x:y:z", "[::1", "h%zz", "host:99999", "é.example", ""])(
    "RFC 9110 §7.2: Host %j is 400, with and without a token",
    async (host) => {
      expectScimError(await get("/scim/v2/Users", `Host: ${host}\r\n`), 400);
      expectScimError(await get("/scim/v2/Users", `Host: ${host}\r\n${AUTH}`), 400);
      expectScimError(await get("/healthz", `Host: ${host}\r\n`), 400);
    },
  );

  it("RFC 9112 §3.2: an HTTP/1.1 request without Host, or with two, is 400", async () => {
    expectScimError(await get("/scim/v2/Users", AUTH), 400);
    expectScimError(await get("/scim/v2/Users", `Host: a.example\r\nHost: b.example\r\n${AUTH}`), 400);
    // HTTP/1.0 has no Host: served.
    const old = await sendRaw(port, `GET /scim/v2/Users HTTP/1.0\r\n${AUTH}\r\n`);
    expect(old.status, old.raw).toBe(200);
  });

  it("RFC 9112 §3.2.2: an absolute-form target is served with the authority it names", async () => {
    const unauthenticated = await get("http://other.example/scim/v2/Users", "Host: 127.0.0.1\r\n");
    expectScimError(unauthenticated, 401);
    const answer = await get("http://other.example/scim/v2/Users?count=1", `Host: 127.0.0.1\r\n${AUTH}`);
    expect(answer.status, answer.raw).toBe(200);
    expect(JSON.parse(answer.text).schemas).toEqual(["urn:ietf:params:scim:api:messages:2.0:ListResponse"]);
    const created = await sendRaw(
      port,
      `POST http://other.example:8443/scim/v2/Users HTTP/1.1\r\nHost: 127.0.0.1\r\n${AUTH}` +
        `Content-Type: application/scim+json\r\nContent-Length: 73\r\nConnection: close\r\n\r\n` +
        `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"a"}`,
    );
    expect(created.status, created.raw).toBe(201);
    expect(created.headers.location).toMatch(/^http:\/\/other\.example:8443\/scim\/v2\/Users\//);
  });

  it.each(["http://[::1/scim/v2/Users", "*", "https://a%zz/scim/v2/Users"])(
    "a request target %j that names no URL is 400",
    async (target) => {
      expectScimError(await get(target, `Host: 127.0.0.1\r\n${AUTH}`), 400);
    },
  );

  it("RFC 9110 §15.5.6: TRACE, CONNECT and methods no route has are 405 with Allow, before authentication", async () => {
    for (const target of ["/scim/v2/Users", "/scim/v2", "/elsewhere", "/healthz"]) {
      const trace = await get(target, "Host: 127.0.0.1\r\n").then(() =>
        sendRaw(port, `TRACE ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`),
      );
      expectScimError(trace, 405);
      expect(trace.headers.allow).toContain("GET");
    }
    const connect = await sendRaw(port, "CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n");
    expectScimError(connect, 405);
    const propfind = await sendRaw(
      port,
      `PROPFIND /scim/v2/Users HTTP/1.1\r\nHost: 127.0.0.1\r\n${AUTH}Connection: close\r\n\r\n`,
    );
    expectScimError(propfind, 405);
    expect(propfind.headers.allow).toBe("GET, POST");
  });

  it("a method Node's parser does not know, and malformed HTTP, are 400", async () => {
    expectScimError(await sendRaw(port, "FOO /scim/v2/Users HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"), 400);
    expectScimError(await sendRaw(port, "GET /scim/v2/Users HTTP/1.1\r\nHost 127.0.0.1\r\n\r\n"), 400);
  });

  it("paths outside /scim/v2 are 404, with and without a token", async () => {
    for (const target of ["/", "/nope", "/scim", "/scim/v1/Users", "/healthz/x", "/%zz"]) {
      expectScimError(await get(target, "Host: 127.0.0.1\r\n"), 404);
      expectScimError(await get(target, `Host: 127.0.0.1\r\n${AUTH}`), 404);
    }
    const post = await sendRaw(
      port,
      "POST /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}",
    );
    expectScimError(post, 404);
  });

  it("a path below the mount with bad percent-encoding is 400", async () => {
    expectScimError(await get("/scim/v2/Users/%E0%A4%A", `Host: 127.0.0.1\r\n${AUTH}`), 400);
  });

  it("a request aborted mid-body logs no stack and the server keeps serving", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation((...args) => {
      logged.push(args.map(String).join(" "));
    });
    const warnings = vi.spyOn(console, "warn").mockImplementation((...args) => {
      logged.push(args.map(String).join(" "));
    });
    const { connect } = await import("node:net");
    for (let i = 0; i < 5; i++) {
      await new Promise<void>((resolve) => {
        const socket = connect(port, "127.0.0.1", () => {
          socket.write(
            `POST /scim/v2/Users HTTP/1.1\r\nHost: 127.0.0.1\r\n${AUTH}Content-Type: application/scim+json\r\n` +
              'Content-Length: 100000\r\n\r\n{"schemas":[',
          );
          setTimeout(() => {
            socket.resetAndDestroy();
            resolve();
          }, 50);
        });
        socket.on("error", () => undefined);
      });
    }
    // Let the server notice the resets, then prove it still answers.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const after = await get("/scim/v2/Users", `Host: 127.0.0.1\r\n${AUTH}`);
    expect(after.status).toBe(200);
    expect(errors).not.toHaveBeenCalled();
    expect(warnings).not.toHaveBeenCalled();
    expect(logged.join("\n")).not.toMatch(/ECONNRESET|\n\s+at /);
  });
});
