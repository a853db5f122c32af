/** The README's 30-second tour, last step: read the user created with curl through the client. */
// #region readme
import { createScimClient } from "@scimkit/client";
import { eq } from "@scimkit/filter";

const client = createScimClient({
  baseUrl: process.env.SCIM_URL ?? "http://localhost:8080/scim/v2",
  token: process.env.SCIM_TOKEN,
});
const page = await client.users.list({ filter: eq("userName", "bjensen") });
console.log(page.totalResults, page.Resources[0]?.name?.familyName); // 1 Jensen
// #endregion readme
