import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type AttributeDefinition, createDefaultRegistry, type SchemaRegistry } from "@scimkit/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChangeEvent, ScimServerConfig } from "../../src/config.js";
import type { RequestContext } from "../../src/context.js";
import { pbkdf2PasswordHasher, preparePassword, scryptPasswordHasher } from "../../src/secrets/index.js";
import { MemoryStore } from "../../src/store/memory.js";
import { PostgresStore } from "../../src/store/sql/postgres/index.js";
import { SqliteStore } from "../../src/store/sql/sqlite/index.js";
import type { ResourceStore } from "../../src/store/store.js";
import { createTestSchema, type TestSchema } from "../sql/pg-test-schema.js";
import {
  BULK_REQUEST,
  call,
  isScimError,
  PATCH_OP,
  type RunningServer,
  SEARCH_REQUEST,
  startServer,
  USER,
} from "./harness.js";

// RFC 7643 §4.1.1: "The cleartext value or the hashed value of a password SHALL NOT be returnable
// by a service provider. If a service provider holds the value locally, the value SHOULD be
// hashed." §9.2: "password values MUST NOT be stored in cleartext form."

/** A secret-bearing extension whose names are not "password": the schema says what is secret. */
const VAULT = "urn:example:params:scim:schemas:extension:vault:2.0:User";
const attribute = (name: string, extra: Partial<AttributeDefinition> = {}): AttributeDefinition => ({
  name,
  type: "string",
  multiValued: false,
  description: name,
  required: false,
  caseExact: false,
  mutability: "readWrite",
  returned: "default",
  uniqueness: "none",
  ...extra,
});
const secret = { mutability: "writeOnly", returned: "never" } as const;

function vaultRegistry(): SchemaRegistry {
  const registry = createDefaultRegistry();
  registry.addSchema({
    id: VAULT,
    name: "Vault",
    description: "secrets under other names",
    attributes: [
      attribute("pin", secret),
      attribute("keys", {
        type: "complex",
        multiValued: true,
        subAttributes: [attribute("value"), attribute("secret", secret)],
      }),
    ],
  });
  registry.addSchemaExtension("User", { schema: VAULT, required: false });
  return registry;
}

/** Cheap scrypt parameters: these tests hash dozens of values; the default cost is checked once. */
const fastHasher = scryptPasswordHasher({ logCost: 10, parallelism: 1 });
const HASH = /^\$scrypt\$ln=10,r=8,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/;
const CTX: RequestContext = { tenantId: "default", baseUrl: "http://x", attributes: new Map() };

interface StoreCase {
  readonly name: string;
  open(registry: SchemaRegistry): Promise<ResourceStore>;
  /** Every byte or text the store keeps at rest, to look for clear text in. */
  atRest(): Promise<string>;
  /** The value rows the store keeps for a resource type. */
  valueAttributes?(): Promise<string[]>;
  close(): Promise<void>;
}

const dir = mkdtempSync(join(tmpdir(), "scim-passwords-"));
let database: TestSchema | undefined;

const STORES: StoreCase[] = [
  (() => {
    let store: MemoryStore;
    return {
      name: "memory",
      async open(registry) {
        store = new MemoryStore({ registry });
        return store;
      },
      async atRest() {
        return JSON.stringify((await store.list(CTX, "User", { count: 10_000 })).resources);
      },
      async close() {},
    };
  })(),
  (() => {
    let store: SqliteStore;
    const file = join(dir, "passwords.db");
    return {
      name: "SQLite",
      async open(registry) {
        store = new SqliteStore({ filename: file, registry, indexedAttributes: ["userName", "password"] });
        return store;
      },
      async atRest() {
        store.database.pragma("wal_checkpoint(TRUNCATE)");
        return readdirSync(dir)
          .map((name) => readFileSync(join(dir, name)).toString("latin1"))
          .join("\n");
      },
      async valueAttributes() {
        return store.database.prepare("SELECT DISTINCT attribute FROM scim_values").pluck().all() as string[];
      },
      async close() {
        await store.close();
      },
    };
  })(),
  (() => {
    let store: PostgresStore;
    return {
      name: "PostgreSQL",
      async open(registry) {
        database = await createTestSchema("scim_passwords");
        store = await PostgresStore.open({
          pool: database.pool,
          schema: database.schema,
          registry,
          indexedAttributes: ["userName", "password"],
        });
        return store;
      },
      async atRest() {
        const s = `"${database!.schema}"`;
        const { rows } = await database!.pool.query(
          `SELECT (SELECT string_agg(data::text, ' ') FROM ${s}.scim_resources) AS resources,
                  (SELECT string_agg(value, ' ') FROM ${s}.scim_values) AS values,
                  (SELECT string_agg(changes, ' ') FROM ${s}.scim_journal) AS journal`,
        );
        return JSON.stringify(rows[0]);
      },
      async valueAttributes() {
        const { rows } = await database!.pool.query(
          `SELECT DISTINCT attribute FROM "${database!.schema}".scim_values`,
        );
        return rows.map((row) => row.attribute as string);
      },
      async close() {
        await store.close();
        await database?.drop();
      },
    };
  })(),
];

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.each(STORES)("passwords on $name: hashed at rest, never returned, never filterable", (storeCase) => {
  let server: RunningServer;
  let base: string;
  const events: ChangeEvent[] = [];
  const logged: unknown[] = [];
  const clearTexts: string[] = [];
  /** A fresh clear-text secret, remembered so the end of the suite can look for it at rest. */
  const fresh = (label: string) => {
    const value = `Cl3ar-${label}-${Math.random().toString(36).slice(2, 10)}`;
    clearTexts.push(value);
    return value;
  };

  beforeAll(async () => {
    const registry = vaultRegistry();
    const store = await storeCase.open(registry);
    const config: ScimServerConfig = {
      registry,
      store,
      passwordHasher: fastHasher,
      onChange: (event) => {
        events.push(event);
      },
      logger: {
        error: (...args: unknown[]) => logged.push(args),
        warn: (...args: unknown[]) => logged.push(args),
        info: (...args: unknown[]) => logged.push(args),
      },
    };
    server = await startServer("fetch", config);
    base = server.baseUrl;
  });
  afterAll(async () => {
    await server.close();
    await storeCase.close();
  });

  const storedUser = async (id: string) => {
    const stored = await server.scim.runtime.store.get(CTX, "User", id, { withMembers: false });
    return stored!.data as Record<string, unknown> & { [VAULT]?: Record<string, unknown> };
  };
  const expectHashOf = async (stored: unknown, clear: string) => {
    expect(stored).toMatch(HASH);
    expect(stored).not.toContain(clear);
    expect(await fastHasher.verify(clear, stored as string)).toBe(true);
    expect(await fastHasher.verify(`${clear}x`, stored as string)).toBe(false);
  };
  const create = async (userName: string, extra: Record<string, unknown>) => {
    const response = await call(base, "POST", "/Users", { schemas: [USER], userName, ...extra });
    expect(response.status, response.text).toBe(201);
    return response;
  };

  it("POST stores a salted scrypt hash and answers without it (RFC 7643 §4.1.1)", async () => {
    const clear = fresh("post");
    const response = await create("post-user", { password: clear });
    expect(response.text).not.toContain(clear);
    expect(response.body.password).toBeUndefined();
    const data = await storedUser(response.body.id);
    await expectHashOf(data.password, clear);
    // Salted: the same password twice gives two different hashes.
    const twin = await create("post-twin", { password: clear });
    const twinData = await storedUser(twin.body.id);
    expect(twinData.password).not.toBe(data.password);
    await expectHashOf(twinData.password, clear);
  });

  it("PUT hashes a new password", async () => {
    const first = fresh("put1");
    const created = await create("put-user", { password: first });
    const id = created.body.id;
    const second = fresh("put2");
    const replaced = await call(base, "PUT", `/Users/${id}`, {
      schemas: [USER],
      userName: "put-user",
      password: second,
    });
    expect(replaced.status, replaced.text).toBe(200);
    expect(replaced.text).not.toContain(second);
    await expectHashOf((await storedUser(id)).password, second);
  });

  it("PATCH hashes a password given by path, by URN path, in a path-less value and in Bulk", async () => {
    const created = await create("patch-user", {});
    const id = created.body.id;
    const patch = (operations: unknown[]) =>
      call(base, "PATCH", `/Users/${id}`, { schemas: [PATCH_OP], Operations: operations });
    for (const operation of [
      (clear: string) => ({ op: "replace", path: "password", value: clear }),
      (clear: string) => ({ op: "add", path: `${USER}:password`, value: clear }),
      (clear: string) => ({ op: "replace", value: { password: clear } }),
      (clear: string) => ({ op: "replace", value: { [`${USER}:password`]: clear } }),
      (clear: string) => ({ op: "replace", path: "PassWord", value: clear }),
    ]) {
      const clear = fresh("patch");
      const response = await patch([operation(clear)]);
      expect(response.status, response.text).toBe(200);
      expect(response.text).not.toContain(clear);
      await expectHashOf((await storedUser(id)).password, clear);
    }
    const viaBulk = fresh("bulk");
    const bulk = await call(base, "POST", "/Bulk", {
      schemas: [BULK_REQUEST],
      Operations: [
        {
          method: "POST",
          path: "/Users",
          bulkId: "b1",
          data: { schemas: [USER], userName: "bulk-user", password: viaBulk },
        },
      ],
    });
    expect(bulk.status, bulk.text).toBe(200);
    const location: string = bulk.body.Operations[0].location;
    await expectHashOf((await storedUser(location.split("/").pop()!)).password, viaBulk);
  });

  it('other attributes with returned "never" are secrets too, wherever they sit', async () => {
    const pin = fresh("pin");
    const key = fresh("key");
    const created = await create("vault-user", {
      schemas: [USER, VAULT],
      [VAULT]: { pin, keys: [{ value: "k1", secret: key }, { value: "k2" }] },
    });
    expect(created.text).not.toContain(pin);
    expect(created.text).not.toContain(key);
    const vault = (await storedUser(created.body.id))[VAULT]!;
    await expectHashOf(vault.pin, pin);
    const keys = vault.keys as { value: string; secret?: string }[];
    await expectHashOf(keys[0]!.secret, key);
    expect(keys[1]!.secret).toBeUndefined();
    const rotated = fresh("rotated");
    const patched = await call(base, "PATCH", `/Users/${created.body.id}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: "replace", path: `${VAULT}:keys[value eq "k1"].secret`, value: rotated }],
    });
    expect(patched.status, patched.text).toBe(200);
    const after = ((await storedUser(created.body.id))[VAULT]!.keys as { secret?: string }[])[0]!;
    await expectHashOf(after.secret, rotated);
  });

  it('filters and sortBy on returned "never" attributes are 400 invalidFilter (no oracle)', async () => {
    await create("oracle-user", { password: fresh("oracle") });
    for (const filter of [
      'password sw "C"',
      "password pr",
      'password eq "anything"',
      'password gt "A"',
      `${USER}:password co "l"`,
      "userName pr and not (password pr)",
      'pin eq "1"',
      'keys[secret sw "C"]',
      "keys.secret pr",
    ]) {
      const listed = await call(base, "GET", `/Users?filter=${encodeURIComponent(filter)}`);
      expect(isScimError(listed, 400, "invalidFilter"), `${filter}: ${listed.text}`).toBe(true);
      const searched = await call(base, "POST", "/Users/.search", { schemas: [SEARCH_REQUEST], filter });
      expect(isScimError(searched, 400, "invalidFilter"), `${filter} via .search`).toBe(true);
      const root = await call(base, "POST", "/.search", { schemas: [SEARCH_REQUEST], filter });
      expect(isScimError(root, 400, "invalidFilter"), `${filter} at the root`).toBe(true);
    }
    for (const sortBy of ["password", `${USER}:password`, "pin", "keys.secret"]) {
      const sorted = await call(base, "GET", `/Users?sortBy=${encodeURIComponent(sortBy)}`);
      expect(isScimError(sorted, 400, "invalidFilter"), `sortBy=${sortBy}: ${sorted.text}`).toBe(true);
    }
    // Other attributes keep working.
    const ok = await call(
      base,
      "GET",
      `/Users?filter=${encodeURIComponent('keys.value eq "k1"')}&sortBy=userName`,
    );
    expect(ok.status, ok.text).toBe(200);
  });

  it("no clear text at rest, in the values index, in onChange events or in logs", async () => {
    expect(clearTexts.length).toBeGreaterThan(5);
    const rest = await storeCase.atRest();
    const hooks = JSON.stringify(events) + JSON.stringify(logged);
    for (const clear of clearTexts) {
      expect(rest.includes(clear), `${storeCase.name} keeps ${clear} at rest`).toBe(false);
      expect(hooks.includes(clear)).toBe(false);
    }
    if (storeCase.valueAttributes) {
      // Even when configured to index it, the password gets no value rows.
      const attributes = await storeCase.valueAttributes();
      expect(attributes).toContain("username");
      expect(attributes.filter((name) => /password|pin|secret/.test(name))).toEqual([]);
    }
  });
});

describe("password policy (hash | reject | drop)", () => {
  it("the default hasher is scrypt with OWASP-grade parameters", async () => {
    const server = await startServer("fetch", {});
    try {
      const created = await call(base(server), "POST", "/Users", {
        schemas: [USER],
        userName: "default-cost",
        password: "t1meMa$heen",
      });
      expect(created.status).toBe(201);
      const stored = await server.scim.runtime.store.get(CTX, "User", created.body.id, {
        withMembers: false,
      });
      expect(stored!.data.password).toMatch(/^\$scrypt\$ln=15,r=8,p=3\$/);
      expect(await scryptPasswordHasher().verify("t1meMa$heen", stored!.data.password as string)).toBe(true);
      const spc = await call(base(server), "GET", "/ServiceProviderConfig");
      expect(spc.body.changePassword.supported).toBe(true);
    } finally {
      await server.close();
    }
  });

  it('"reject" answers 400 invalidValue without the value and changes nothing', async () => {
    const server = await startServer("fetch", { passwords: "reject" });
    try {
      const clear = "Sup3r-Secret-Reject";
      const created = await call(base(server), "POST", "/Users", {
        schemas: [USER],
        userName: "r",
        password: clear,
      });
      expect(isScimError(created, 400, "invalidValue"), created.text).toBe(true);
      expect(created.text).not.toContain(clear);
      expect(created.body.detail).toContain('"password"');
      const listed = await call(base(server), "GET", "/Users");
      expect(listed.body.totalResults).toBe(0);
      const user = await call(base(server), "POST", "/Users", { schemas: [USER], userName: "r" });
      const patched = await call(base(server), "PATCH", `/Users/${user.body.id}`, {
        schemas: [PATCH_OP],
        Operations: [{ op: "replace", path: "password", value: clear }],
      });
      expect(isScimError(patched, 400, "invalidValue")).toBe(true);
      expect(patched.text).not.toContain(clear);
      const after = await call(base(server), "GET", `/Users/${user.body.id}`);
      expect(after.body.meta.version).toBe(user.body.meta.version);
      const spc = await call(base(server), "GET", "/ServiceProviderConfig");
      expect(spc.body.changePassword.supported).toBe(false);
    } finally {
      await server.close();
    }
  });

  it('"drop" stores the rest of the request and no password', async () => {
    const server = await startServer("fetch", { passwords: "drop" });
    try {
      const created = await call(base(server), "POST", "/Users", {
        schemas: [USER],
        userName: "d",
        displayName: "Dee",
        password: "Dropped-1",
      });
      expect(created.status).toBe(201);
      const stored = await server.scim.runtime.store.get(CTX, "User", created.body.id, {
        withMembers: false,
      });
      expect(stored!.data.password).toBeUndefined();
      expect(stored!.data.displayName).toBe("Dee");
      const patched = await call(base(server), "PATCH", `/Users/${created.body.id}`, {
        schemas: [PATCH_OP],
        Operations: [
          { op: "replace", path: "password", value: "Dropped-2" },
          { op: "replace", value: { password: "Dropped-3", nickName: "D" } },
        ],
      });
      expect(patched.status, patched.text).toBe(200);
      const after = await server.scim.runtime.store.get(CTX, "User", created.body.id, { withMembers: false });
      expect(after!.data.password).toBeUndefined();
      expect(after!.data.nickName).toBe("D");
    } finally {
      await server.close();
    }
  });

  it("a password that is not a string is 400 invalidValue under every policy", async () => {
    const server = await startServer("fetch", {});
    try {
      const created = await call(base(server), "POST", "/Users", {
        schemas: [USER],
        userName: "n",
        password: 12345,
      });
      expect(isScimError(created, 400), created.text).toBe(true);
      expect((await call(base(server), "GET", "/Users")).body.totalResults).toBe(0);
    } finally {
      await server.close();
    }
  });
});

describe("password hashers", () => {
  it("PBKDF2 (Web Crypto) hashes salted, self-describing, and verifies", async () => {
    const hasher = pbkdf2PasswordHasher({ iterations: 1000 });
    const encoded = await hasher.hash("t1meMa$heen");
    expect(encoded).toMatch(/^\$pbkdf2-sha256\$i=1000\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    expect(await hasher.verify("t1meMa$heen", encoded)).toBe(true);
    expect(await hasher.verify("t1meMa$heeN", encoded)).toBe(false);
    expect(await hasher.hash("t1meMa$heen")).not.toBe(encoded);
    // Another hasher's string, or garbage, never verifies.
    expect(await hasher.verify("t1meMa$heen", await fastHasher.hash("t1meMa$heen"))).toBe(false);
    expect(await hasher.verify("x", "$pbkdf2-sha256$i=1000$$")).toBe(false);
  });

  it("scrypt reads its parameters from the stored string, so raised costs keep old hashes valid", async () => {
    const old = await fastHasher.hash("pw");
    expect(await scryptPasswordHasher({ logCost: 11, parallelism: 2 }).verify("pw", old)).toBe(true);
    expect(await fastHasher.verify("pw", "$scrypt$ln=99,r=8,p=1$AAAA$AAAA")).toBe(false);
  });

  it("RFC 7644 §7.8 preparation: composed and decomposed forms, wide spaces, are one password", async () => {
    expect(preparePassword("e\u0301t\u00e9\u3000x")).toBe("\u00e9t\u00e9 x");
    const encoded = await fastHasher.hash("caf\u00e9");
    expect(await fastHasher.verify("cafe\u0301", encoded)).toBe(true);
  });
});

function base(server: RunningServer): string {
  return server.baseUrl;
}
