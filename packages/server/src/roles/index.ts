/**
 * Group → role mapping: effective permissions from current group memberships.
 *
 * @module @scimkit/server/roles
 */
export type { GroupClosureSource, MemberGroup } from "../store/group-closure.js";
export { ALL_PERMISSIONS, parseRoleConfig, type RoleConfig, RoleConfigError } from "./role-config.js";
export { grants, RoleMapping } from "./role-mapping.js";
export {
  type AccountAccess,
  can,
  createRoles,
  type Roles,
  type RolesOptions,
  type TenantScope,
} from "./roles.js";
export { rolesChangedDeriver } from "./roles-changed.js";
