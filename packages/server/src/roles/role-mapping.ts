import type { MemberGroup } from "../store/group-closure.js";
import { ALL_PERMISSIONS, type RoleConfig } from "./role-config.js";

/** The keys a group is known by in {@link RoleConfig.byGroup}. */
type GroupKeys = Pick<MemberGroup, "displayName" | "externalId">;

/**
 * Group keys to roles, prepared once: `externalId` keys match exactly, `displayName` keys ignoring
 * case. Pure, so app code and events can compute roles from any list of groups.
 */
export class RoleMapping {
  readonly config: RoleConfig;
  readonly #byExternalId = new Map<string, readonly string[]>();
  readonly #byDisplayName = new Map<string, string[]>();

  constructor(config: RoleConfig) {
    this.config = config;
    for (const [key, roles] of Object.entries(config.byGroup)) {
      this.#byExternalId.set(key, roles);
      const folded = key.toLowerCase();
      this.#byDisplayName.set(folded, [...(this.#byDisplayName.get(folded) ?? []), ...roles]);
    }
  }

  /** The roles the members of `group` get (sorted, each once). */
  rolesOfGroup(group: GroupKeys): string[] {
    return this.rolesOf([group]);
  }

  /** The roles granted by any of `groups` (sorted, each once). */
  rolesOf(groups: readonly GroupKeys[]): string[] {
    const roles = new Set<string>();
    for (const group of groups) {
      if (group.externalId !== undefined)
        for (const role of this.#byExternalId.get(group.externalId) ?? []) roles.add(role);
      if (group.displayName !== undefined)
        for (const role of this.#byDisplayName.get(group.displayName.toLowerCase()) ?? []) roles.add(role);
    }
    return [...roles].sort();
  }

  /** The permissions of `roles` (sorted, each once; `"*"` stays `"*"`). */
  permissionsOf(roles: readonly string[]): string[] {
    const permissions = new Set<string>();
    for (const role of roles)
      for (const permission of this.config.permissions[role] ?? []) permissions.add(permission);
    return [...permissions].sort();
  }
}

/** Whether a permission list grants `permission`: listed exactly, or `"*"` is listed. */
export function grants(permissions: readonly string[], permission: string): boolean {
  return permissions.includes(ALL_PERMISSIONS) || permissions.includes(permission);
}
