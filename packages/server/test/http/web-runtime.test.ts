/**
 * The Fetch core runs on Workers and other web runtimes: bundled for a neutral platform (no Node
 * built-ins resolvable) and run in a context that has web globals only (no `Buffer`, no `process`).
 */
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { beforeAll, describe, expect, it } from "vitest";
import { runWithWebGlobalsOnly } from "../../../../scripts/pack-check/web-sandbox.mjs";

const packageRoot = fileURLToPath(new URL("../../", import.meta.url));
const USER = "urn:ietf:params:scim:schemas:core:2.0:User";

type WorkerFetch = (request: Request) => Promise<Response>;
let workerFetch: WorkerFetch;

beforeAll(async () => {
  const result = await build({
    stdin: {
      contents: `
        import { createScimServer, MemoryStore } from "./src/index.ts";
        import { toFetchHandler } from "./src/adapters/fetch.ts";
        globalThis.scimWorker = toFetchHandler(createScimServer({ basePath: "/scim/v2", store: new MemoryStore() }));
      `,
      resolveDir: packageRoot,
      loader: "ts",
    },
    bundle: true,
    write: false,
    format: "iife",
    platform: "neutral",
    conditions: ["@scimkit/source", "worker", "browser"],
    mainFields: ["module", "main"],
    target: "es2022",
    logLevel: "silent",
  });
  const sandbox = runWithWebGlobalsOnly([result.outputFiles[0]!.text]);
  workerFetch = sandbox.scimWorker as WorkerFetch;
}, 60_000);

const url = (path: string) => `https://worker.example/scim/v2${path}`;

/** A request body arriving in several chunks, as a streamed upload does. */
function chunkedBody(text: string): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  return new ReadableStream({
    start(controller) {
      for (let i = 0; i < bytes.length; i += 7) controller.enqueue(bytes.subarray(i, i + 7));
      controller.close();
    },
  });
}

describe("@scimkit/server/fetch with web globals only", () => {
  it("creates a user from a streamed body (RFC 7644 §3.3) with a Web Crypto id, and reads it back", async () => {
    const body = JSON.stringify({ schemas: [USER], userName: "zoë.worker" });
    const created = await workerFetch(
      new Request(url("/Users"), {
        method: "POST",
        headers: { "content-type": "application/scim+json" },
        body: chunkedBody(body),
        duplex: "half",
      } as RequestInit),
    );
    expect(created.status).toBe(201);
    const user = (await created.json()) as { id: string; userName: string };
    expect(user.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(user.userName).toBe("zoë.worker");
    const read = await workerFetch(new Request(url(`/Users/${user.id}`)));
    expect(read.status).toBe(200);
    expect(((await read.json()) as { userName: string }).userName).toBe("zoë.worker");
  });

  it("pages by cursor (RFC 9865 §2): nextCursor encodes and decodes without Buffer", async () => {
    for (const name of ["a.cursor", "b.cursor"]) {
      const response = await workerFetch(
        new Request(url("/Users"), {
          method: "POST",
          headers: { "content-type": "application/scim+json" },
          body: JSON.stringify({ schemas: [USER], userName: name }),
        }),
      );
      expect(response.status).toBe(201);
    }
    const filter = encodeURIComponent('userName ew ".cursor"');
    const first = await workerFetch(
      new Request(url(`/Users?filter=${filter}&sortBy=userName&count=1&cursor`)),
    );
    const page1 = (await first.json()) as { Resources: { userName: string }[]; nextCursor?: string };
    expect(page1.Resources.map((r) => r.userName)).toEqual(["a.cursor"]);
    expect(page1.nextCursor).toMatch(/^[A-Za-z0-9_-]+$/);
    const second = await workerFetch(
      new Request(url(`/Users?filter=${filter}&sortBy=userName&count=1&cursor=${page1.nextCursor}`)),
    );
    const page2 = (await second.json()) as { Resources: { userName: string }[]; nextCursor?: string };
    expect(page2.Resources.map((r) => r.userName)).toEqual(["b.cursor"]);
    const bogus = await workerFetch(new Request(url("/Users?count=1&cursor=not-a-cursor")));
    expect(bogus.status).toBe(400);
    expect(((await bogus.json()) as { scimType: string }).scimType).toBe("invalidCursor");
  });
});
