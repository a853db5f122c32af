/** The client README's error handling: a second `bjensen` is a 409 uniqueness error. */
import { createScimClient } from "@scimkit/client";

const client = createScimClient({ baseUrl: process.env.SCIM_URL!, token: process.env.SCIM_TOKEN });

// #region readme
import { ScimClientError, ScimNetworkError, ScimTimeoutError } from "@scimkit/client";

try {
  await client.users.create({ schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], userName: "bjensen" });
} catch (error) {
  if (error instanceof ScimClientError && error.scimType === "uniqueness") {
    // error.status (409), error.detail, error.body and error.response are there too
  } else if (error instanceof ScimNetworkError || error instanceof ScimTimeoutError) {
    // no response at all
  } else throw error;
}
// #endregion readme
