"use strict";
// CommonJS consumer of the packed server kit: `require` of every entry point, then the round trips.
const core = require("@scimkit/core");
const filter = require("@scimkit/filter");
const client = require("@scimkit/client");
const server = require("@scimkit/server");
const expressAdapter = require("@scimkit/server/express");
const fetchAdapter = require("@scimkit/server/fetch");
const sqlite = require("@scimkit/server/sqlite");
const postgres = require("@scimkit/server/postgres");
const express = require("express");
const pg = require("pg");
const roundTrip = require("./round-trip.cjs");

async function main() {
  await roundTrip.loadEveryEntryPoint(process.cwd(), "require", require);
  await roundTrip.serverRoundTrips(
    {
      core,
      filter,
      client,
      server,
      express: expressAdapter,
      fetch: fetchAdapter,
      sqlite,
      postgres,
      expressModule: express,
      pgModule: pg,
    },
    "cjs",
  );
  console.log("server-cjs: every CommonJS entry point required; round trips passed");
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
