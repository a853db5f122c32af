"use strict";
/**
 * The round trips every consumer runs, whatever module system loaded the packages: the ESM and
 * CJS entry files load the packed packages their own way and hand them here.
 */
const assert = require("node:assert/strict");

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

module.exports = { TOKEN, bearerAuthentication, userRoundTrip, serverRoundTrips };
