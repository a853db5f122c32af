// ESM consumer with only the client packages installed: `import`, then a round trip to the
// server whose base URL is the first argument.
import * as client from "@scimkit/client";
import { ScimError } from "@scimkit/core";
import { parseFilter } from "@scimkit/filter";
import roundTrip from "./round-trip.cjs";

if (typeof ScimError !== "function" || parseFilter("active pr").kind !== "present") {
  throw new Error("@scimkit/core or @scimkit/filter did not load");
}
await roundTrip.loadEveryEntryPoint(process.cwd(), "import", (specifier) => import(specifier));
await roundTrip.userRoundTrip(client, { baseUrl: process.argv[2], token: roundTrip.TOKEN }, "client esm");
console.log("client-esm: imported; round trip passed");
