"use strict";
/**
 * The round trips every consumer runs, whatever module system loaded the packages: the ESM and
 * CJS entry files load the packed packages their own way and hand them here.
 */
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");

const TOKEN = "pack-check-token";

/** A bearer-token `authenticate` hook: a deployment that copies this serves no anonymous request. */
function bearerAuthentication(AuthenticationError) {
  return (request) => {
    if (request.headers.get("authorization") !== `Bearer ${TOKEN}`) {
      throw new AuthenticationError("a valid bearer token is required");
    }
    return { principal: "pack-check" };
  };
}

/** Creates a user, reads it back, finds it by filter and checks an anonymous request is refused. */
async function userRoundTrip(client, scim, label) {
  const { createScimClient } = client;
  const scimClient = createScimClient(scim);
  const userName = `${label.replace(/\W+/g, "-")}-${Date.now()}`;
  const created = await scimClient.users.create({
    schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
    userName,
    active: true,
  });
  assert.equal(typeof created.id, "string", `${label}: create returns an id`);
  const read = await scimClient.users.get(created.id);
  assert.equal(read.userName, userName, `${label}: read returns what was created`);
  const found = await scimClient.users.list({ filter: `userName eq "${userName}"` });
  assert.equal(found.totalResults, 1, `${label}: the filter finds the user`);
  const anonymous = createScimClient({ ...scim, token: undefined });
  await assert.rejects(anonymous.users.get(created.id), (error) => error.status === 401);
  return created.id;
}

/** Express 5 + the given store, on a free port; resolves to its base URL and a close function. */
function listenExpress(express, scimRouter, scimServer) {
  const app = express();
  app.use("/scim/v2", scimRouter(scimServer));
  return new Promise((resolve, reject) => {
    const httpServer = app.listen(0, "127.0.0.1", (error) => {
      if (error) return reject(error);
      const { port } = httpServer.address();
      resolve({
        baseUrl: `http://127.0.0.1:${port}/scim/v2`,
        close: () => new Promise((done) => httpServer.close(() => done())),
      });
    });
  });
}

/**
 * Every server entry point in use: Express over SQLite and memory, the Fetch handler called by the
 * client directly, and PostgreSQL when `PG_TEST_URL` is set. `packages` holds the loaded modules.
 */
async function serverRoundTrips(packages, label) {
  const {
    server,
    express: expressAdapter,
    fetch: fetchAdapter,
    sqlite,
    postgres,
    client,
    core,
    filter,
  } = packages;
  assert.equal(typeof core.createDefaultRegistry, "function", `${label}: @scimkit/core loads`);
  assert.equal(filter.stringifyFilter(filter.parseFilter('userName eq "a"')), 'userName eq "a"');
  const authenticate = bearerAuthentication(server.AuthenticationError);

  const sqliteStore = new sqlite.SqliteStore({ filename: ":memory:" });
  const overSqlite = await listenExpress(
    packages.expressModule,
    expressAdapter.scimRouter,
    server.createScimServer({ store: sqliteStore, authenticate }),
  );
  try {
    await userRoundTrip(client, { baseUrl: overSqlite.baseUrl, token: TOKEN }, `${label} express+sqlite`);
  } finally {
    await overSqlite.close();
    await sqliteStore.close();
  }

  const handler = fetchAdapter.toFetchHandler(
    server.createScimServer({ basePath: "/scim/v2", store: new server.MemoryStore(), authenticate }),
  );
  await userRoundTrip(
    client,
    {
      baseUrl: "http://scim.invalid/scim/v2",
      token: TOKEN,
      fetch: (input, init) => handler(new Request(input, init)),
    },
    `${label} fetch+memory`,
  );

  const pgUrl = process.env.PG_TEST_URL;
  if (pgUrl) {
    const schema = `pack_check_${process.pid}_${label.replace(/\W+/g, "_")}`;
    const registry = core.createDefaultRegistry();
    const pgStore = await postgres.PostgresStore.open({ connectionString: pgUrl, registry, schema });
    const overPostgres = await listenExpress(
      packages.expressModule,
      expressAdapter.scimRouter,
      server.createScimServer({ registry, store: pgStore, authenticate }),
    );
    try {
      await userRoundTrip(
        client,
        { baseUrl: overPostgres.baseUrl, token: TOKEN },
        `${label} express+postgres`,
      );
    } finally {
      await overPostgres.close();
      await pgStore.close();
      const pg = packages.pgModule;
      const admin = new pg.Client({ connectionString: pgUrl });
      await admin.connect();
      await admin.query(`drop schema if exists "${schema}" cascade`);
      await admin.end();
    }
  }
}

/**
 * Every entry point of every installed `@scimkit/*` package, read from the installed exports maps
 * (so a new subpath is covered without editing this file): `{ specifier, require }`, where
 * `require` is false for an entry published for `import` only.
 */
function installedEntryPoints(projectDir) {
  const scope = path.join(projectDir, "node_modules", "@scimkit");
  const entries = [];
  for (const name of fs.readdirSync(scope).sort()) {
    const manifest = JSON.parse(fs.readFileSync(path.join(scope, name, "package.json"), "utf8"));
    for (const [subpath, conditions] of Object.entries(manifest.exports)) {
      const specifier = subpath === "." ? manifest.name : `${manifest.name}/${subpath.slice(2)}`;
      entries.push({ specifier, require: "require" in conditions });
    }
  }
  return entries;
}

/** The run-time export names of a loaded entry point (a types-only entry such as `events` has none). */
function exportNames(namespace) {
  return Object.keys(namespace)
    .filter((name) => name !== "default" && name !== "module.exports" && name !== "__esModule")
    .sort();
}

const EXPORTS_FILE = "esm-exports.json";

/**
 * Loads every entry point with `load` and logs its exports. The ESM run records the names; the
 * CommonJS run (which runs after it) must find the same names, so both builds expose one API.
 */
async function loadEveryEntryPoint(projectDir, how, load) {
  const recordFile = path.join(projectDir, EXPORTS_FILE);
  const recorded =
    how === "require" && fs.existsSync(recordFile) ? JSON.parse(fs.readFileSync(recordFile, "utf8")) : {};
  const seen = {};
  for (const { specifier, require: requirable } of installedEntryPoints(projectDir)) {
    if (how === "require" && !requirable) {
      // An import-only entry (e.g. testing: vitest cannot be required) must say so, not half-load.
      assert.throws(() => load(specifier), { code: "ERR_PACKAGE_PATH_NOT_EXPORTED" });
      console.log(`  require ${specifier}: import only, as published`);
      continue;
    }
    const names = exportNames(await load(specifier));
    seen[specifier] = names;
    if (recorded[specifier])
      assert.deepEqual(names, recorded[specifier], `${specifier}: CJS and ESM exports differ`);
    console.log(`  ${how} ${specifier}: ${names.length} exports`);
  }
  if (how === "import") fs.writeFileSync(recordFile, JSON.stringify(seen, null, 2));
}

module.exports = {
  TOKEN,
  bearerAuthentication,
  userRoundTrip,
  serverRoundTrips,
  installedEntryPoints,
  loadEveryEntryPoint,
};
