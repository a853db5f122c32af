// The client as a browser or worker app uses it, bundled with no Node built-ins: creates users,
// reads one back, lists by filter and walks every page by cursor (RFC 9865).
import { createScimClient } from "@scimkit/client";
import { sw } from "@scimkit/filter";

globalThis.runScimClient = async (options, label) => {
  const client = createScimClient({ ...options, pagination: "cursor", pageSize: 1 });
  const prefix = `${label}-${Date.now()}-`;
  const ids = [];
  for (const n of [1, 2, 3]) {
    const user = await client.users.create({
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
      userName: `${prefix}${n}`,
    });
    ids.push(user.id);
  }
  const read = await client.users.get(ids[0]);
  const seen = [];
  for await (const user of client.users.iterate({ filter: sw("userName", prefix) })) seen.push(user.userName);
  return { readUserName: read.userName, seen };
};
