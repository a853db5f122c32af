// A packed-kit server for the client-only consumers and the browser bundle: Express over memory,
// with bearer authentication. Prints its base URL on the first line, then serves until killed.
import { AuthenticationError, createScimServer, MemoryStore } from "@scimkit/server";
import { scimRouter } from "@scimkit/server/express";
import express from "express";
import roundTrip from "./round-trip.cjs";

const app = express();
app.use(
  "/scim/v2",
  scimRouter(
    createScimServer({
      store: new MemoryStore(),
      authenticate: roundTrip.bearerAuthentication(AuthenticationError),
    }),
  ),
);
const listener = app.listen(0, "127.0.0.1", () => {
  console.log(`http://127.0.0.1:${listener.address().port}/scim/v2`);
});
