/** `npm run express-server`: serves the Express example on PORT (default 8080) with SCIM_TOKEN. */
import type { AddressInfo } from "node:net";
import { createScimApp } from "./express-server.js";

const token = process.env.SCIM_TOKEN;
if (!token) throw new Error("set SCIM_TOKEN to the bearer token clients will send");
const port = Number(process.env.PORT ?? 8080);
const app = createScimApp({ token, databaseFile: process.env.DATABASE_FILE ?? "scim.db" });
const listener = app.listen(port, "127.0.0.1", () => {
  console.log(`SCIM at http://127.0.0.1:${(listener.address() as AddressInfo).port}/scim/v2`);
});
