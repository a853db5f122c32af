import { readFileSync } from "node:fs";
import type { SchemaRegistry } from "@scimkit/core";
import { parsePath } from "@scimkit/filter";
import { checkTableMapping, TableMappingError } from "@scimkit/server/mapping";
import { parseRoleConfig, type RoleConfig, RoleConfigError } from "@scimkit/server/roles";
import { accountsProjection, FIXED_ACCOUNT_COLUMNS } from "../accounts/account-table.js";

/**
 * What the app does with provisioned accounts, read from the JSON file `SCIMKIT_CONFIG` names:
 * which SCIM attribute fills each column of an account, and which roles IdP groups grant.
 */
export interface AppConfig {
  readonly accounts: {
    /** Column name → SCIM attribute path (`name.givenName`, `emails[type eq "work"].value`, `urn:…:department`). */
    readonly columns: Readonly<Record<string, string>>;
  };
  readonly roles: RoleConfig;
}

/**
 * The configuration in force without `SCIMKIT_CONFIG`: the usual account columns and no role
 * mapping (every account has no roles until groups are mapped).
 */
export const DEFAULT_APP_CONFIG: AppConfig = {
  accounts: {
    columns: {
      email: 'emails[type eq "work"].value',
      given_name: "name.givenName",
      family_name: "name.familyName",
      display_name: "displayName",
    },
  },
  roles: { byGroup: {}, permissions: {} },
};

/** A configuration the app refuses to start with; `key` names the offending entry (`accounts.columns.email`). */
export class AppConfigError extends Error {
  override readonly name = "AppConfigError";
  readonly key: string;

  constructor(key: string, problem: string) {
    super(`SCIMKIT_CONFIG ${key}: ${problem}`);
    this.key = key;
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** A column name the app can put in SQL and HTML without quoting surprises. */
const COLUMN_NAME = /^[a-z_][a-z0-9_]{0,62}$/i;

function parseColumns(value: unknown, registry: SchemaRegistry): Record<string, string> {
  if (!isRecord(value))
    throw new AppConfigError("accounts.columns", "must be an object of column → SCIM path");
  const user = registry.resourceType("User");
  const columns: Record<string, string> = {};
  for (const [column, path] of Object.entries(value)) {
    const key = `accounts.columns.${column}`;
    if (!COLUMN_NAME.test(column))
      throw new AppConfigError(
        key,
        "a column name is letters, digits and _ (at most 63), not starting with a digit",
      );
    const fixed = Object.keys(FIXED_ACCOUNT_COLUMNS).find((name) => name === column.toLowerCase());
    if (fixed !== undefined)
      throw new AppConfigError(
        key,
        `${fixed} is a fixed column of the accounts table (${Object.keys(FIXED_ACCOUNT_COLUMNS).join(", ")}); choose another name`,
      );
    const twin = Object.keys(columns).find((name) => name.toLowerCase() === column.toLowerCase());
    if (twin !== undefined)
      throw new AppConfigError(
        key,
        `names the same SQL column as accounts.columns.${twin} (case is ignored)`,
      );
    if (typeof path !== "string" || path.trim() === "")
      throw new AppConfigError(key, "must be a SCIM attribute path (a non-empty string)");
    let parsed: ReturnType<typeof parsePath>;
    try {
      parsed = parsePath(path);
    } catch (error) {
      throw new AppConfigError(key, `"${path}" is not a SCIM attribute path (${(error as Error).message})`);
    }
    if (!user.resolve(parsed))
      throw new AppConfigError(key, `"${path}" is not an attribute of the User schema`);
    columns[column] = path;
  }
  // The accounts table is filled by the kit's projection: the same checks it makes at start.
  try {
    checkTableMapping(accountsProjection("accounts", columns), registry, { projection: true });
  } catch (error) {
    if (!(error instanceof TableMappingError)) throw error;
    const problem = error.message
      .slice(error.key.length + 2)
      .replace(/columns\.(\w+)/g, (_match, name: string) =>
        Object.hasOwn(FIXED_ACCOUNT_COLUMNS, name) ? `the fixed column ${name}` : `accounts.columns.${name}`,
      );
    if (error.key.startsWith("columns.")) throw new AppConfigError(`accounts.${error.key}`, problem);
    throw new AppConfigError("accounts.columns", problem);
  }
  return columns;
}

/** Checks an untyped configuration (parsed JSON); throws an {@link AppConfigError} naming the first bad key. */
export function parseAppConfig(value: unknown, registry: SchemaRegistry): AppConfig {
  if (!isRecord(value))
    throw new AppConfigError("(top level)", "must be a JSON object with accounts and roles");
  const { accounts, roles, ...rest } = value;
  const unknown = Object.keys(rest)[0];
  if (unknown !== undefined) throw new AppConfigError(unknown, "is not a setting (expected accounts, roles)");
  let columns: Record<string, string> = { ...DEFAULT_APP_CONFIG.accounts.columns };
  if (accounts !== undefined) {
    if (!isRecord(accounts)) throw new AppConfigError("accounts", "must be an object with columns");
    const { columns: columnValue, ...accountRest } = accounts;
    const unknownAccount = Object.keys(accountRest)[0];
    if (unknownAccount !== undefined)
      throw new AppConfigError(`accounts.${unknownAccount}`, "is not an account setting (expected columns)");
    if (columnValue !== undefined) columns = parseColumns(columnValue, registry);
  }
  let roleConfig = DEFAULT_APP_CONFIG.roles;
  if (roles !== undefined) {
    try {
      roleConfig = parseRoleConfig(roles, "roles");
    } catch (error) {
      if (error instanceof RoleConfigError)
        throw new AppConfigError(error.key, error.message.slice(error.key.length + 2));
      throw error;
    }
  }
  return { accounts: { columns }, roles: roleConfig };
}

/** Reads and checks the file `SCIMKIT_CONFIG` names, or returns {@link DEFAULT_APP_CONFIG} without it. */
export function loadAppConfig(file: string | undefined, registry: SchemaRegistry): AppConfig {
  if (file === undefined || file.trim() === "") return DEFAULT_APP_CONFIG;
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new AppConfigError(
      "(file)",
      `cannot read "${file}": ${(error as NodeJS.ErrnoException).code ?? error}`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new AppConfigError("(file)", `"${file}" is not valid JSON: ${(error as Error).message}`);
  }
  return parseAppConfig(json, registry);
}
