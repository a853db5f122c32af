/**
 * Which roles the members of a group get, and what each role may do. Read from the app's
 * configuration (e.g. a JSON file) and checked by {@link parseRoleConfig}.
 *
 * @example
 * const config: RoleConfig = {
 *   byGroup: { Engineering: ["developer"], "grp-admins": ["admin"] },
 *   permissions: { developer: ["code:read", "code:write"], admin: ["*"] },
 * };
 */
export interface RoleConfig {
  /**
   * Group key → role names. A key matches a group whose `externalId` equals it exactly, or whose
   * `displayName` equals it ignoring case (`displayName` is `caseExact: false`, RFC 7643 §4.2).
   * Map by `externalId` to keep roles when the IdP renames the group.
   */
  readonly byGroup: Readonly<Record<string, readonly string[]>>;
  /** Role name → permission strings. `"*"` grants every permission. */
  readonly permissions: Readonly<Record<string, readonly string[]>>;
}

/** The permission that stands for every permission. */
export const ALL_PERMISSIONS = "*";

/** A role configuration that cannot be used; `key` names the offending entry (e.g. `roles.byGroup.Sales`). */
export class RoleConfigError extends Error {
  override readonly name = "RoleConfigError";
  readonly key: string;

  constructor(key: string, problem: string) {
    super(`${key}: ${problem}`);
    this.key = key;
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

function stringList(value: unknown, key: string): string[] {
  if (!Array.isArray(value)) throw new RoleConfigError(key, "must be an array of strings");
  return value.map((item, index) => {
    if (typeof item !== "string" || item.trim() === "")
      throw new RoleConfigError(`${key}[${index}]`, "must be a non-empty string");
    return item;
  });
}

/**
 * Checks an untyped role configuration (e.g. parsed JSON) and returns it typed. Throws a
 * {@link RoleConfigError} naming the first bad key: a missing section, a value that is not a list
 * of strings, or a role that `byGroup` grants but `permissions` does not define.
 *
 * @param at the key path of `value` in the caller's configuration, used in messages.
 */
export function parseRoleConfig(value: unknown, at = "roles"): RoleConfig {
  if (!isRecord(value)) throw new RoleConfigError(at, "must be an object with byGroup and permissions");
  const { byGroup, permissions, ...rest } = value;
  const unknown = Object.keys(rest)[0];
  if (unknown !== undefined) throw new RoleConfigError(`${at}.${unknown}`, "is not a role setting");
  if (!isRecord(permissions))
    throw new RoleConfigError(`${at}.permissions`, "must be an object of role → permissions");
  if (!isRecord(byGroup)) throw new RoleConfigError(`${at}.byGroup`, "must be an object of group → roles");
  const parsedPermissions: Record<string, string[]> = {};
  for (const [role, list] of Object.entries(permissions))
    parsedPermissions[role] = stringList(list, `${at}.permissions.${role}`);
  const parsedByGroup: Record<string, string[]> = {};
  for (const [group, list] of Object.entries(byGroup)) {
    const key = `${at}.byGroup.${group}`;
    if (group.trim() === "") throw new RoleConfigError(key, "a group key must not be empty");
    const roles = stringList(list, key);
    roles.forEach((role, index) => {
      if (!Object.hasOwn(parsedPermissions, role))
        throw new RoleConfigError(`${key}[${index}]`, `role "${role}" is not defined in ${at}.permissions`);
    });
    parsedByGroup[group] = roles;
  }
  return { byGroup: parsedByGroup, permissions: parsedPermissions };
}
