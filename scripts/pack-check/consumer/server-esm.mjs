// ESM consumer of the packed server kit: `import` of every entry point, then the round trips.

import * as client from "@scimkit/client";
import * as core from "@scimkit/core";
import * as filter from "@scimkit/filter";
import * as server from "@scimkit/server";
import * as expressAdapter from "@scimkit/server/express";
import * as fetchAdapter from "@scimkit/server/fetch";
import * as postgres from "@scimkit/server/postgres";
import * as sqlite from "@scimkit/server/sqlite";
import * as testing from "@scimkit/server/testing";
import express from "express";
import pg from "pg";
import roundTrip from "./round-trip.cjs";

await roundTrip.loadEveryEntryPoint(process.cwd(), "import", (specifier) => import(specifier));
if (typeof testing.runStoreContract !== "function")
  throw new Error("@scimkit/server/testing: no runStoreContract");
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
  "esm",
);
console.log("server-esm: every entry point imported; round trips passed");
