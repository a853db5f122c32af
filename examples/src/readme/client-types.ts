/** The client README's typed projections and extensions, against a user with an enterprise extension. */
import { createScimClient } from "@scimkit/client";
import type { User } from "@scimkit/core";
import { expectTypeOf } from "vitest";

const client = createScimClient({ baseUrl: process.env.SCIM_URL!, token: process.env.SCIM_TOKEN });
const { id } = (await client.users.create({
  schemas: [
    "urn:ietf:params:scim:schemas:core:2.0:User",
    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
  ],
  userName: "typed.user",
  emails: [{ value: "typed@example.com", type: "work" }],
  "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": { employeeNumber: "701984" },
})) as { id: string };

// #region readme
import { ENTERPRISE_USER_SCHEMA, type EnterpriseUser } from "@scimkit/core";

// `attributes` narrows the result type (RFC 7644 §3.9): id and schemas are always returned.
const user = await client.users.get(id, { attributes: ["userName", "emails"] });
//    ^? Pick<User, "id" | "schemas" | "userName" | "emails">

// Extensions: pass the extension type and it appears under its URN, non-optional.
const employee = await client.users.get<EnterpriseUser>(id);
console.log(employee[ENTERPRISE_USER_SCHEMA].employeeNumber);
// #endregion readme

expectTypeOf(user).toEqualTypeOf<Pick<User, "id" | "schemas" | "userName" | "emails">>();

export { employee, user };
