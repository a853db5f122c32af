/** `npm run inactive-users -- [userName-to-deactivate]` against SCIM_URL with SCIM_TOKEN. */
import { connect, deactivate, inactiveUserNames } from "./inactive-users.js";

const client = connect(process.env.SCIM_URL ?? "http://localhost:8080/scim/v2", process.env.SCIM_TOKEN ?? "");
const toDeactivate = process.argv[2];
if (toDeactivate)
  console.log(`${toDeactivate}: ${(await deactivate(client, toDeactivate)) ? "deactivated" : "not found"}`);
console.log((await inactiveUserNames(client)).join("\n"));
