/**
 * One server of the suite, in its own process (the load generator must not share its event loop):
 * `floor` (a bare Express 5 route), `sqlite` and `postgres` (scimkit over its SQL stores) and
 * `scimmy` (scimmy + scimmy-routers over Maps). The parent talks to it over IPC: `seed` fills it
 * with users up to a count (straight into the store, as a bulk import would), `group` makes an
 * empty group, `stop` closes it.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GROUP_SCHEMA, newUser, SCIM_JSON, userId } from "./fixtures.js";

export type ServerKind = "floor" | "sqlite" | "postgres" | "scimmy";

/** Messages from the parent. */
export type Command =
  | { readonly cmd: "seed"; readonly to: number }
  | { readonly cmd: "group"; readonly displayName: string }
  | { readonly cmd: "stop" };

interface Running {
  readonly app: import("express").Express;
  seed(from: number, to: number): Promise<void>;
  group(displayName: string): Promise<string>;
  close(): Promise<void>;
}

const CTX = { tenantId: "default", baseUrl: "http://127.0.0.1/scim/v2", attributes: new Map() };
const PG_URL = process.env.PG_TEST_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

/**
 * The floor: the cheapest Express 5 route that answers a GET by id with a JSON body of the same
 * size as a scimkit user (what no SCIM server can beat on this machine).
 */
async function floorApp(): Promise<Running> {
  const { default: express } = await import("express");
  const body = {
    ...newUser(12345),
    id: userId(12345),
    meta: {
      resourceType: "User",
      created: new Date().toISOString(),
      lastModified: new Date().toISOString(),
      location: `http://127.0.0.1/scim/v2/Users/${userId(12345)}`,
      version: 'W/"1"',
    },
  };
  const app = express();
  app.get("/scim/v2/Users/:id", (req, res) => {
    res.type(SCIM_JSON).send(JSON.stringify({ ...body, id: req.params.id }));
  });
  return { app, seed: async () => undefined, group: async () => "", close: async () => undefined };
}

async function scimkitApp(kind: "sqlite" | "postgres"): Promise<Running> {
  const { default: express } = await import("express");
  const { createDefaultRegistry } = await import("@scimkit/core");
  const { createScimServer } = await import("@scimkit/server");
  const { scimRouter } = await import("@scimkit/server/express");
  const registry = createDefaultRegistry();
  let store: import("@scimkit/server").ResourceStore & { close(): Promise<void> };
  let cleanup: () => Promise<void>;
  if (kind === "sqlite") {
    const { SqliteStore } = await import("@scimkit/server/sqlite");
    const dir = mkdtempSync(join(tmpdir(), "scimkit-bench-"));
    store = new SqliteStore({ filename: join(dir, "scim.db"), registry });
    cleanup = async () => rmSync(dir, { recursive: true, force: true });
  } else {
    const { default: pg } = await import("pg");
    const { PostgresStore } = await import("@scimkit/server/postgres");
    const schema = `scim_bench_${randomBytes(4).toString("hex")}`;
    store = await PostgresStore.open({ connectionString: PG_URL, schema, registry });
    const admin = new pg.Pool({ connectionString: PG_URL, max: 1 });
    // The worst case of issue 16: a database bulk-loaded and never analysed. Autovacuum would
    // analyse the tables at some moment during the run; turning it off for this schema keeps every
    // figure on "no statistics at all".
    const { rows } = await admin.query<{ name: string }>(
      "SELECT quote_ident(tablename) AS name FROM pg_tables WHERE schemaname = $1",
      [schema],
    );
    for (const { name } of rows) {
      await admin.query(`ALTER TABLE "${schema}".${name} SET (autovacuum_enabled = false)`);
    }
    cleanup = async () => {
      await admin.query(`DROP SCHEMA "${schema}" CASCADE`);
      await admin.end();
    };
  }
  const app = express();
  app.use("/scim/v2", scimRouter(createScimServer({ registry, store })));
  return {
    app,
    async seed(from, to) {
      // What a bulk import does: creates through the store, many at a time (one for SQLite, which
      // has one writer anyway).
      const width = kind === "postgres" ? 16 : 1;
      let next = from;
      const worker = async () => {
        while (next < to) {
          const i = next++;
          await store.create(CTX, "User", { ...newUser(i), id: userId(i) });
        }
      };
      await Promise.all(Array.from({ length: width }, worker));
    },
    async group(displayName) {
      const id = `group-${randomBytes(6).toString("hex")}`;
      await store.create(CTX, "Group", { schemas: [GROUP_SCHEMA], displayName, id });
      return id;
    },
    async close() {
      await store.close();
      await cleanup();
    },
  };
}

/** The plainest in-memory scimmy setup: Maps of users and groups, filtered with scimmy's `Filter.match`. */
async function scimmyApp(): Promise<Running> {
  const { default: express } = await import("express");
  const { default: SCIMMY } = await import("scimmy");
  const { default: SCIMMYRouters } = await import("scimmy-routers");
  // Typed as scimmy types a user; groups go through the same handlers.
  type Stored = Record<string, unknown> & { id: string; userName: string };
  const notFound = (id: string | undefined) =>
    // scimmy's docs pass `null` for "no scimType"; its type declarations only accept a string.
    new SCIMMY.Types.Error(404, null as unknown as string, `Resource ${id} not found`);

  /** ingress/egress/degress over a Map, paging in egress (so scimmy formats only the page). */
  function declare(resource: typeof SCIMMY.Resources.User, unique: string | undefined) {
    const items = new Map<string, Stored>();
    const byKey = new Map<string, string>();
    let next = 0;
    SCIMMY.Resources.declare(resource)
      .ingress((res, instance) => {
        const data = { ...instance } as unknown as Stored;
        const key = unique ? String(data[unique]).toLowerCase() : undefined;
        const owner = key === undefined ? undefined : byKey.get(key);
        if (owner !== undefined && owner !== res.id) {
          throw new SCIMMY.Types.Error(409, "uniqueness", `${unique} is taken`);
        }
        const existing = res.id === undefined ? undefined : items.get(res.id);
        if (res.id !== undefined && existing === undefined) throw notFound(res.id);
        const now = new Date();
        const id = res.id ?? `s${++next}`;
        if (existing && unique) byKey.delete(String(existing[unique]).toLowerCase());
        const stored: Stored = {
          ...data,
          id,
          meta: { created: (existing?.meta as { created?: Date })?.created ?? now, lastModified: now },
        };
        items.set(id, stored);
        if (key !== undefined) byKey.set(key, id);
        return stored;
      })
      .egress((res) => {
        if (res.id !== undefined) {
          const found = items.get(res.id);
          if (!found) throw notFound(res.id);
          return found;
        }
        const all = [...items.values()];
        const matched = res.filter ? res.filter.match(all) : all;
        const constraints = res.constraints as { startIndex?: number; count?: number; totalResults?: number };
        if (constraints === undefined) return matched;
        const start = (constraints.startIndex ?? 1) - 1;
        constraints.totalResults = matched.length;
        return matched.slice(start, start + (constraints.count ?? 20));
      })
      .degress((res) => {
        const found = res.id === undefined ? undefined : items.get(res.id);
        if (!found) throw notFound(res.id);
        items.delete(found.id);
        if (unique) byKey.delete(String(found[unique]).toLowerCase());
      });
    return { items, byKey };
  }
  const users = declare(SCIMMY.Resources.User, "userName");
  // The handlers are the same for groups; scimmy's declarations type them per resource class.
  const groups = declare(SCIMMY.Resources.Group as unknown as typeof SCIMMY.Resources.User, undefined);

  const app = express();
  // scimmy-routers casts `startIndex` and `count` to numbers by assigning to `req.query`, but
  // Express 5's `req.query` is a getter that parses again on every read, so the cast is lost.
  app.use((req, _res, next) => {
    Object.defineProperty(req, "query", { value: { ...req.query }, writable: true, configurable: true });
    next();
  });
  app.use("/scim/v2", new SCIMMYRouters({ type: "bearer", handler: () => "bench" }));
  return {
    app,
    async seed(from, to) {
      const now = new Date();
      for (let i = from; i < to; i++) {
        const user = { ...newUser(i), id: userId(i), meta: { created: now, lastModified: now } };
        users.items.set(user.id, user);
        users.byKey.set(user.userName.toLowerCase(), user.id);
      }
    },
    async group(displayName) {
      const id = `group-${randomBytes(6).toString("hex")}`;
      const now = new Date();
      groups.items.set(id, {
        schemas: [GROUP_SCHEMA],
        id,
        displayName,
        meta: { created: now, lastModified: now },
      } as unknown as Parameters<typeof groups.items.set>[1]);
      return id;
    },
    close: async () => undefined,
  };
}

async function main(kind: ServerKind): Promise<void> {
  const running =
    kind === "floor" ? await floorApp() : kind === "scimmy" ? await scimmyApp() : await scimkitApp(kind);
  let seeded = 0;
  const server: Server = running.app.listen(0, "127.0.0.1", () => {
    process.send?.({ port: (server.address() as AddressInfo).port });
  });
  const stop = async () => {
    server.close();
    server.closeAllConnections();
    await running.close();
    process.exit(0);
  };
  process.on("disconnect", () => void stop());
  process.on("message", async (message: Command) => {
    try {
      if (message.cmd === "seed") {
        await running.seed(seeded, message.to);
        seeded = Math.max(seeded, message.to);
        process.send?.({ ok: true });
      } else if (message.cmd === "group") {
        process.send?.({ ok: true, id: await running.group(message.displayName) });
      } else await stop();
    } catch (error) {
      process.send?.({ ok: false, error: error instanceof Error ? error.stack : String(error) });
    }
  });
}

await main(process.argv[2] as ServerKind);
