import { DEFAULT_TENANT, type RequestContext } from "../context.js";
import { type GroupClosureSource, hasGroupClosure, type MemberGroup } from "../store/group-closure.js";
import type { ResourceStore } from "../store/store.js";
import type { RoleConfig } from "./role-config.js";
import { grants, RoleMapping } from "./role-mapping.js";

/** What an account may do right now. */
export interface AccountAccess {
  readonly userId: string;
  /** False when the User's `active` is `false`; an absent `active` counts as active. */
  readonly active: boolean;
  /** Role names (sorted); empty while the account is inactive. */
  readonly roles: readonly string[];
  /** Effective permissions of those roles (sorted); `"*"` means all. Empty while inactive. */
  readonly permissions: readonly string[];
  /** Every group the account is in, directly or through nested groups (kept while inactive). */
  readonly groups: readonly MemberGroup[];
}

/** The tenant to read: its id, or any context that carries one (a request's `ctx`). */
export type TenantScope = string | Pick<RequestContext, "tenantId">;

/** Options of {@link createRoles}. */
export interface RolesOptions {
  /** A store that can walk nested groups: `MemoryStore`, `SqliteStore`, `PostgresStore`. */
  readonly store: ResourceStore & GroupClosureSource;
  readonly config: RoleConfig;
}

/** Roles and permissions of accounts, from the store's current memberships. */
export interface Roles {
  readonly mapping: RoleMapping;
  /**
   * The access of User `userId` in `scope`, or undefined when no such User exists (never created,
   * or deleted). Reads the User and its group closure; on SQL stores the closure is one recursive query.
   */
  forUser(scope: TenantScope, userId: string): Promise<AccountAccess | undefined>;
}

function contextOf(scope: TenantScope): RequestContext {
  if (typeof scope !== "string" && "baseUrl" in scope && "attributes" in scope)
    return scope as RequestContext;
  const tenantId = typeof scope === "string" ? scope : scope.tenantId;
  return { tenantId: tenantId || DEFAULT_TENANT, baseUrl: "", attributes: new Map() };
}

/**
 * Group → role mapping over a store. Inactive and deleted accounts have no roles at once, since
 * every call reads the current state; reactivating restores the roles of the current memberships.
 *
 * @example
 * const roles = createRoles({ store, config: parseRoleConfig(json.roles) });
 * const access = await roles.forUser("default", userId);
 * if (access && can(access, "code:write")) { ... }
 */
export function createRoles(options: RolesOptions): Roles {
  if (!hasGroupClosure(options.store))
    throw new TypeError(
      "createRoles needs a store with memberGroups (MemoryStore, SqliteStore, PostgresStore)",
    );
  const { store } = options;
  const mapping = new RoleMapping(options.config);
  return {
    mapping,
    async forUser(scope, userId) {
      const ctx = contextOf(scope);
      const [user, groups] = await Promise.all([
        store.get(ctx, "User", userId, { withMembers: false }),
        store.memberGroups(ctx, userId),
      ]);
      if (!user) return undefined;
      const active = user.data.active !== false;
      const roles = active ? mapping.rolesOf(groups) : [];
      return { userId, active, roles, permissions: mapping.permissionsOf(roles), groups };
    },
  };
}

/**
 * Whether `access` grants `permission` (`"*"` grants all). False for an unknown, deleted or
 * inactive account.
 *
 * @example
 * if (!can(await roles.forUser(tenant, userId), "billing:read")) return forbidden();
 */
export function can(access: Pick<AccountAccess, "permissions"> | undefined, permission: string): boolean {
  return access !== undefined && grants(access.permissions, permission);
}
