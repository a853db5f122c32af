/** The client README's complete example: every inactive member of a group as CSV, for an access review. */
// #region readme
import type { ScimClient } from "@scimkit/client";
import { eq } from "@scimkit/filter";

/** Every inactive member of a group as CSV (RFC 4180), e.g. for an access review. */
export async function inactiveMembersCsv(client: ScimClient, groupName: string): Promise<string> {
  const groups = await client.groups.list({ filter: eq("displayName", groupName), attributes: ["members"] });
  const group = groups.Resources[0];
  if (!group) throw new Error(`no group named "${groupName}"`);
  const memberIds = new Set(group.members?.map((member) => member.value));

  const rows = [["id", "userName", "displayName", "email"]];
  const inactive = {
    filter: eq("active", false),
    attributes: ["userName", "displayName", "emails"],
  } as const;
  for await (const user of client.users.iterate(inactive)) {
    if (!user.id || !memberIds.has(user.id)) continue;
    const email = user.emails?.find((entry) => entry.primary)?.value ?? user.emails?.[0]?.value;
    rows.push([user.id, user.userName, user.displayName ?? "", email ?? ""]);
  }
  const field = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);
  return `${rows.map((row) => row.map(field).join(",")).join("\r\n")}\r\n`;
}
// #endregion readme
