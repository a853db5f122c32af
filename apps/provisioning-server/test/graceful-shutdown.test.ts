import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { Agent, type IncomingHttpHeaders, request } from "node:http";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { USER } from "./support/app-server.js";
import { assertBuilt, startServerProcess } from "./support/processes.js";

// The real server process (dist/main.js) and real signals: what an orchestrator does on a deploy.

const PG_URL = process.env.PG_TEST_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const TOKEN = "shutdown-test-token";
const dir = mkdtempSync(join(tmpdir(), "scimkit-shutdown-"));
const schemas: string[] = [];

afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  const pool = new pg.Pool({ connectionString: PG_URL, max: 1 });
  for (const schema of schemas) await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await pool.end();
});

type DatabaseKind = "sqlite" | "postgres";

function databaseEnv(kind: DatabaseKind): Record<string, string> {
  if (kind === "sqlite") return { STORE: "sqlite", DATABASE_FILE: join(dir, `${randomUUID()}.db`) };
  const schema = `shutdown_${randomUUID().slice(0, 8)}`;
  schemas.push(schema);
  return { STORE: "postgres", DATABASE_URL: PG_URL, DATABASE_SCHEMA: schema };
}

/** Whether a TCP connection to `port` is refused (nothing listens any more). */
function refused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(false);
    });
    socket.once("error", (error: NodeJS.ErrnoException) => resolve(error.code === "ECONNREFUSED"));
  });
}

async function eventually(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

interface Answer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly text: string;
}

/**
 * A POST /Users whose body arrives in two parts: the headers go first with `Expect: 100-continue`,
 * so the server's `100 Continue` proves it is handling the request before the test goes on.
 */
async function slowCreate(url: string, userName: string) {
  const { hostname, port } = new URL(url);
  const body = JSON.stringify({ schemas: [USER], userName });
  const req = request({
    host: hostname,
    port,
    method: "POST",
    path: "/scim/v2/Users",
    headers: {
      Authorization: `Bearer ${TOKEN}`,
      "Content-Type": "application/scim+json",
      "Content-Length": Buffer.byteLength(body),
      Expect: "100-continue",
    },
  });
  const answer = new Promise<Answer>((resolve, reject) => {
    req.once("response", (res) => {
      let text = "";
      res.setEncoding("utf8").on("data", (chunk: string) => {
        text += chunk;
      });
      res.once("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
    });
    req.once("error", reject);
  });
  // A failed request must not surface as an unhandled rejection before the test awaits it.
  answer.catch(() => {});
  await new Promise((resolve) => req.once("continue", resolve));
  req.write(body.slice(0, 10));
  return { answer, finish: () => req.end(body.slice(10)) };
}

describe.each<DatabaseKind>(["sqlite", "postgres"])("graceful shutdown on %s", (kind) => {
  it("SIGTERM: new connections are refused, the request in flight gets its 201, the process exits 0", async () => {
    assertBuilt();
    const server = await startServerProcess({ SCIM_TOKEN: TOKEN, ...databaseEnv(kind) });
    try {
      const port = Number(new URL(server.url).port);
      const inFlight = await slowCreate(server.url, "in-flight");
      server.kill("SIGTERM");
      await eventually(() => server.stdout().includes("SIGTERM: shutting down"), "the shutdown log line");
      await eventually(() => refused(port), "the listener to close");
      // The body arrives after the signal, and the request still completes with its proper answer.
      inFlight.finish();
      const { status, headers, text } = await inFlight.answer;
      expect(status).toBe(201);
      expect(JSON.parse(text)).toMatchObject({ userName: "in-flight" });
      expect(headers.connection).toBe("close");
      expect(await server.exited).toBe(0);
      expect(server.stdout()).toContain("shutdown complete");
      expect(server.stdout()).not.toContain("unfinished");
    } finally {
      await server.stop();
    }
  });

  it("SIGINT with an idle keep-alive connection exits 0 at once (idle connections do not wait for the grace period)", async () => {
    assertBuilt();
    const server = await startServerProcess({
      SCIM_TOKEN: TOKEN,
      SHUTDOWN_GRACE_MS: "30000",
      ...databaseEnv(kind),
    });
    const agent = new Agent({ keepAlive: true });
    try {
      const { hostname, port } = new URL(server.url);
      await new Promise<void>((resolve, reject) => {
        request({ host: hostname, port, path: "/healthz", agent }, (res) => {
          res.resume().once("end", () => resolve());
        })
          .once("error", reject)
          .end();
      });
      const started = Date.now();
      server.kill("SIGINT");
      expect(await server.exited).toBe(0);
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      agent.destroy();
      await server.stop();
    }
  });
});

describe("the grace period is bounded", () => {
  it("a request still unfinished after SHUTDOWN_GRACE_MS is cut off, and the process still exits 0", async () => {
    assertBuilt();
    const server = await startServerProcess({
      SCIM_TOKEN: TOKEN,
      SHUTDOWN_GRACE_MS: "300",
      ...databaseEnv("sqlite"),
    });
    try {
      const stuck = await slowCreate(server.url, "never-finished");
      server.kill("SIGTERM");
      await expect(stuck.answer).rejects.toThrow(/socket hang up|ECONNRESET/);
      expect(await server.exited).toBe(0);
      expect(server.stdout()).toContain("the grace period ended with 1 request(s) unfinished");
    } finally {
      await server.stop();
    }
  });

  it("SHUTDOWN_GRACE_MS that is not a whole number of milliseconds is refused at start, naming it", async () => {
    const { readConfig } = await import("../src/config.js");
    for (const bad of ["10s", "-1", "1.5", "700000"])
      expect(() => readConfig({ SHUTDOWN_GRACE_MS: bad })).toThrow(/^SHUTDOWN_GRACE_MS must be/);
    expect(readConfig({}).shutdownGraceMs).toBe(10_000);
    expect(readConfig({ SHUTDOWN_GRACE_MS: "0" }).shutdownGraceMs).toBe(0);
  });
});
