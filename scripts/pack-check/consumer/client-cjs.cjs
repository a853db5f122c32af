"use strict";
// CommonJS consumer with only the client packages installed: `require`, then a round trip to
// the server whose base URL is the first argument.
const client = require("@scimkit/client");
const { parseFilter } = require("@scimkit/filter");
const { ScimError } = require("@scimkit/core");
const roundTrip = require("./round-trip.cjs");

async function main() {
  if (typeof ScimError !== "function" || parseFilter("active pr").kind !== "present") {
    throw new Error("@scimkit/core or @scimkit/filter did not load");
  }
  await roundTrip.loadEveryEntryPoint(process.cwd(), "require", require);
  await roundTrip.userRoundTrip(client, { baseUrl: process.argv[2], token: roundTrip.TOKEN }, "client cjs");
  console.log("client-cjs: required; round trip passed");
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
