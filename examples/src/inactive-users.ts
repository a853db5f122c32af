/**
 * An internal tool: the inactive users of a SCIM service (filtered on the server, every page
 * walked), and deactivating one user by userName with a PATCH (RFC 7644 §3.5.2).
 */
// #region readme
import { createScimClient, type ScimClient } from "@scimkit/client";
import { eq } from "@scimkit/filter";

export function connect(baseUrl: string, token: string): ScimClient {
  return createScimClient({ baseUrl, token });
}

/** userName of every user with `active eq false`, in the server's order. */
export async function inactiveUserNames(client: ScimClient): Promise<string[]> {
  const names: string[] = [];
  for await (const user of client.users.iterate({ filter: eq("active", false) })) names.push(user.userName);
  return names;
}

/** Sets `active` to false for the user with this userName; false when there is no such user. */
export async function deactivate(client: ScimClient, userName: string): Promise<boolean> {
  const { Resources } = await client.users.list({ filter: eq("userName", userName), count: 1 });
  const user = Resources[0];
  if (!user?.id) return false;
  await client.users.patch(user.id).replace("active", false).send();
  return true;
}
// #endregion readme
