import { parseFilter } from "@scimkit/filter";
import type { RequestContext, ResourceStore, StoredResource } from "@scimkit/server";
import type { AccountAccess, Roles } from "@scimkit/server/roles";
import type { AccountColumnSource } from "./account-table.js";

/** An account as the app sees it: the mapped columns and what it may do right now. */
export interface Account {
  /** The SCIM id of the User. */
  readonly id: string;
  readonly userName: string;
  readonly active: boolean;
  /**
   * The configured columns (`accounts.columns`), `null` where the User has no value: read from the
   * app's `accounts` table on SQLite and PostgreSQL, from the User itself in memory.
   */
  readonly columns: Record<string, unknown>;
  /** Roles from current group memberships; none while inactive. */
  readonly roles: readonly string[];
  /** Permissions of those roles; none while inactive. */
  readonly permissions: readonly string[];
  /** Display names of the groups the account is in (directly or nested), kept while inactive. */
  readonly groups: readonly string[];
}

function contextFor(tenant: string): RequestContext {
  return { tenantId: tenant, baseUrl: "", attributes: new Map() };
}

/** Reads accounts (Users with their columns, roles and permissions) from the SCIM store. */
export class Accounts {
  readonly #store: ResourceStore;
  readonly #roles: Roles;
  readonly #columns: AccountColumnSource;

  constructor(options: { store: ResourceStore; roles: Roles; columns: AccountColumnSource }) {
    this.#store = options.store;
    this.#roles = options.roles;
    this.#columns = options.columns;
  }

  /** The account of User `id`, or undefined when there is none (never created, or deleted). */
  async get(tenant: string, id: string): Promise<Account | undefined> {
    const access = await this.#roles.forUser(tenant, id);
    if (!access) return undefined;
    const user = await this.#store.get(contextFor(tenant), "User", id, { withMembers: false });
    if (!user) return undefined;
    return this.#accountOf(user, access, await this.#columns.columnsOf(tenant, user));
  }

  /** The account with this `userName` (compared ignoring case, RFC 7643 §4.1.1), or undefined. */
  async findByUserName(tenant: string, userName: string): Promise<Account | undefined> {
    const filter = parseFilter(`userName eq ${JSON.stringify(userName)}`);
    const page = await this.#store.list(contextFor(tenant), "User", { filter, count: 1 });
    const user = page.resources[0];
    return user ? this.get(tenant, user.id) : undefined;
  }

  /** A page of accounts sorted by userName, optionally those whose userName starts with `prefix`. */
  async list(tenant: string, options: { prefix?: string; count: number }): Promise<Account[]> {
    const filter = options.prefix ? parseFilter(`userName sw ${JSON.stringify(options.prefix)}`) : undefined;
    const page = await this.#store.list(contextFor(tenant), "User", {
      ...(filter ? { filter } : {}),
      sort: { by: { attribute: "userName" }, order: "ascending" },
      count: options.count,
    });
    const accounts = await Promise.all(page.resources.map((user) => this.get(tenant, user.id)));
    return accounts.filter((account): account is Account => account !== undefined);
  }

  #accountOf(
    user: StoredResource,
    access: Pick<AccountAccess, "active" | "roles" | "permissions" | "groups">,
    columns: Record<string, unknown>,
  ): Account {
    return {
      id: user.id,
      userName: String(user.data.userName ?? ""),
      active: access.active,
      columns,
      roles: access.roles,
      permissions: access.permissions,
      groups: access.groups.map((group) => group.displayName ?? "").sort(),
    };
  }
}
