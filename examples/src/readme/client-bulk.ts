/** The client README's Bulk request: a user and a group that references it by bulkId. */
import { createScimClient } from "@scimkit/client";

const client = createScimClient({ baseUrl: process.env.SCIM_URL!, token: process.env.SCIM_TOKEN });

// #region readme
import { failedBulkOperations } from "@scimkit/client";
import { GROUP_SCHEMA, USER_SCHEMA } from "@scimkit/core";

const response = await client.bulk([
  { method: "POST", path: "/Users", bulkId: "alice", data: { schemas: [USER_SCHEMA], userName: "alice" } },
  {
    method: "POST",
    path: "/Groups",
    bulkId: "team",
    data: { schemas: [GROUP_SCHEMA], displayName: "Team", members: [{ value: "bulkId:alice" }] },
  },
]);
console.log(failedBulkOperations(response)); // per-operation failures do not reject

// #endregion readme

export { response };
