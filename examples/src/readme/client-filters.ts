/** The client README's filters: a builder AST and a filter string. */
import { createScimClient } from "@scimkit/client";

const client = createScimClient({ baseUrl: process.env.SCIM_URL!, token: process.env.SCIM_TOKEN });

// #region readme
import { and, pr, sw } from "@scimkit/filter";

const juniors = await client.users.list({ filter: and(sw("userName", "j"), pr("emails")) });
const workMail = await client.users.list({ filter: 'emails[type eq "work" and value ew "@example.com"]' });

// #endregion readme

export { juniors, workMail };
