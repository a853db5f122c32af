/** The client README's Quick start: create a user, then find it by a filter. */
// #region readme
import { createScimClient } from "@scimkit/client";
import { eq } from "@scimkit/filter";

const client = createScimClient({
  baseUrl: process.env.SCIM_URL ?? "https://idp.example.com/scim/v2",
  token: process.env.SCIM_TOKEN, // or getToken: async () => fetchAccessToken()
});

const created = await client.users.create({
  schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
  userName: "bjensen",
  name: { givenName: "Barbara", familyName: "Jensen" },
  emails: [{ value: "bjensen@example.com", type: "work", primary: true }],
});

const page = await client.users.list({ filter: eq("userName", "bjensen") });
console.log(page.totalResults, page.Resources[0]?.id);

// #endregion readme

export { created, page };
