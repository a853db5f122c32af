import type { ResourceStore, StoredResource } from "@scimkit/server";
import type { SessionStore } from "./sessions.js";

const isUser = (resourceType: string) => resourceType === "User";
// RFC 7643 §4.1.1: only an explicit false makes an account inactive.
const isInactive = (resource: StoredResource) => resource.data.active === false;

/**
 * The store the SCIM service writes through: after a User write that leaves the account inactive,
 * or deletes it, the account's open sessions are ended before the SCIM response is sent, so the
 * request that offboards someone also logs them out. Roles need no step of their own: they are
 * read from the current state (an inactive account has none).
 */
export function offboardingStore(store: ResourceStore, sessions: SessionStore): ResourceStore {
  return new Proxy(store, {
    get(target, property) {
      if (property === "replace" || property === "patch") {
        return async (...args: Parameters<ResourceStore["replace"]>) => {
          const [ctx, resourceType] = args;
          const written: StoredResource = await (
            target[property] as (...a: unknown[]) => Promise<StoredResource>
          )(...args);
          if (isUser(resourceType) && isInactive(written))
            await sessions.endAll(ctx.tenantId, written.id, "deactivated");
          return written;
        };
      }
      if (property === "delete") {
        return async (...args: Parameters<ResourceStore["delete"]>) => {
          const [ctx, resourceType, id] = args;
          await target.delete(...args);
          if (isUser(resourceType)) await sessions.endAll(ctx.tenantId, id, "deleted");
        };
      }
      const value = Reflect.get(target, property, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}
