/** The client README's "Run it": `SCIM_BASE_URL=… SCIM_TOKEN=… node run-inactive-users-csv.ts Contractors`. */
// #region readme
import { createScimClient } from "@scimkit/client";
import { inactiveMembersCsv } from "./inactive-users-csv.js";

const client = createScimClient({ baseUrl: process.env.SCIM_BASE_URL!, token: process.env.SCIM_TOKEN });
process.stdout.write(await inactiveMembersCsv(client, process.argv[2] ?? "Contractors"));
// #endregion readme
