/** The client README's extension registration (a module augmentation, so this file is a module). */
import type { ScimClient } from "@scimkit/client";
import { expectTypeOf } from "vitest";

// #region readme
declare module "@scimkit/client" {
  interface ScimExtensions {
    "urn:acme:params:scim:schemas:extension:2.0:User": { badgeNumber: number };
  }
}
// #endregion readme

/** Type-level only: a registered extension appears under its URN, non-optional. */
export async function badgeNumber(client: ScimClient, id: string): Promise<number> {
  const user = await client.users.get<{ badgeNumber: number }>(id);
  expectTypeOf(user["urn:acme:params:scim:schemas:extension:2.0:User"]).toEqualTypeOf<{
    badgeNumber: number;
  }>();
  return user["urn:acme:params:scim:schemas:extension:2.0:User"].badgeNumber;
}
