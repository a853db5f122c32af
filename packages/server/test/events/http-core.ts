import type { SchemaRegistry } from "@scimkit/core";
import { createScimServer, type ScimServer } from "../../src/server.js";
import type { ResourceStore } from "../../src/store/store.js";

/** A SCIM server over `store` whose tenant is the `x-tenant` header and actor the bearer token. */
export function scimOver(store: ResourceStore, registry: SchemaRegistry): ScimServer {
  return createScimServer({
    registry,
    store,
    basePath: "/scim/v2",
    authenticate: (request) => ({
      principal: request.headers.get("authorization")?.replace(/^Bearer /, "") ?? "anonymous",
    }),
    resolveTenant: (request) => request.headers.get("x-tenant") ?? "default",
    // Tests assert statuses; a hook failure's 500 is expected in some of them.
    logger: { error: () => {} },
  });
}

export interface Answer {
  readonly status: number;
  readonly headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: test bodies are read field by field
  readonly body: any;
}

/** Calls the server's web-standard core. */
export async function callScim(
  scim: ScimServer,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const response = await scim.fetch(
    new Request(`http://scim.test/scim/v2${path}`, {
      method,
      headers: { "content-type": "application/scim+json", authorization: "Bearer tok-1", ...headers },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    }),
  );
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}
