import type { AttributePath } from "@scimkit/core";
import type { Filter } from "@scimkit/filter";
import type { RequestContext } from "../context.js";
import type { ChangeJournal } from "../journal/change-journal.js";

/** A resource as JSON, without `meta` (the store owns `meta`). */
export type ResourceData = Record<string, unknown>;

/** One member of a group (RFC 7643 §4.2 `members`), stored as its own row. */
export interface MemberRef {
  /** The member's `id`. */
  readonly value: string;
  /** `User` or `Group`. */
  readonly type?: string;
  readonly display?: string;
}

/** What the store keeps for a resource. */
export interface StoredResource {
  readonly resourceType: string;
  readonly id: string;
  /**
   * The resource's attributes, including `id`, `schemas` and `externalId`, without `meta`.
   * For groups it includes `members` (from the membership rows) unless `GetOptions.withMembers`
   * was false; for users it includes the computed `groups` (RFC 7643 §4.1.2).
   */
  readonly data: ResourceData;
  /** Opaque version, changed by every write that changes the resource (`meta.version`, RFC 7644 §3.14). */
  readonly version: string;
  /** ISO 8601 instants. */
  readonly created: string;
  readonly lastModified: string;
}

/** Options of {@link ResourceStore.get}. */
export interface GetOptions {
  /** Load group members (default true). The server passes false when `members` is not returned. */
  readonly withMembers?: boolean;
}

/** Optimistic concurrency: write only if the stored version still equals `expectedVersion`. */
export interface WriteCondition {
  readonly expectedVersion?: string;
}

/** A membership change computed from a PATCH, applied row by row (never a rewrite of all members). */
export interface MembershipChange {
  readonly add?: readonly MemberRef[];
  /** Member ids to remove, or `"all"` to clear the group. */
  readonly remove?: readonly string[] | "all";
}

/**
 * The result of a patch plan: the new attribute values (without `members`) and the membership
 * delta. `data: undefined` leaves attributes untouched. A plan that changes nothing must not bump
 * the version.
 */
export interface PatchPlan {
  readonly data?: ResourceData;
  readonly members?: MembershipChange;
}

/** Sort request (RFC 7644 §3.4.2.3). */
export interface SortSpec {
  readonly by: AttributePath;
  readonly order: "ascending" | "descending";
}

/** A list query pushed down to the store. */
export interface ListQuery {
  readonly filter?: Filter;
  readonly sort?: SortSpec;
  /** 1-based index paging (RFC 7644 §3.4.2.4). Ignored when `cursor` is set. */
  readonly startIndex?: number;
  /** Maximum resources to return; 0 returns only `totalResults`. Already capped by the server. */
  readonly count: number;
  /** RFC 9865 cursor paging: `""` asks for the first page, otherwise a `nextCursor` from before. */
  readonly cursor?: string;
  /** Whether to load group members for the returned resources. */
  readonly withMembers?: boolean;
}

/** One page of results. */
export interface ListPage {
  readonly resources: StoredResource[];
  readonly totalResults: number;
  /** RFC 9865: present when another page follows (cursor paging only). */
  readonly nextCursor?: string;
}

/**
 * Persistence for SCIM resources, designed for push-down: filters, sorting and paging are handed
 * to the store as an AST so a SQL store can compile them. Implementations enforce uniqueness
 * (`uniqueness: server` attributes, e.g. `userName`, compared case-insensitively when `caseExact`
 * is false) and versions atomically, and throw `ScimError`:
 * 409 `uniqueness`, 404 for unknown ids, 412 for a version mismatch (RFC 7644 §3.14).
 */
export interface ResourceStore {
  /** Stores a new resource (id already assigned by the server). Group `members` in `data` become rows. */
  create(ctx: RequestContext, resourceType: string, data: ResourceData): Promise<StoredResource>;
  get(
    ctx: RequestContext,
    resourceType: string,
    id: string,
    options?: GetOptions,
  ): Promise<StoredResource | undefined>;
  /** Replaces all attributes (PUT). Group `members` in `data` replace the member set. */
  replace(
    ctx: RequestContext,
    resourceType: string,
    id: string,
    data: ResourceData,
    condition?: WriteCondition,
  ): Promise<StoredResource>;
  /**
   * Reads the current resource (without members), calls `plan` synchronously inside the store's
   * transaction and applies the result atomically. `plan` may throw a `ScimError` to abort.
   * `options.withMembers: false` lets the store skip loading members for the returned resource
   * (optional to honour: returning them is still correct).
   */
  patch(
    ctx: RequestContext,
    resourceType: string,
    id: string,
    plan: (current: StoredResource) => PatchPlan,
    condition?: WriteCondition,
    options?: GetOptions,
  ): Promise<StoredResource>;
  /** Deletes a resource and every membership that names it. */
  delete(ctx: RequestContext, resourceType: string, id: string, condition?: WriteCondition): Promise<void>;
  list(ctx: RequestContext, resourceType: string, query: ListQuery): Promise<ListPage>;
  /**
   * Resolves when the backing database answers now, rejects when it cannot be reached: what a
   * readiness probe (`/readyz`) asks. Stores without a remote database may omit it.
   */
  ping?(): Promise<void>;
  /** Releases connections. */
  close?(): Promise<void>;
  /**
   * The store's change journal, written in the same transaction as each change: the audit trail
   * and the identity-event outbox. The kit's stores have one unless built with `journal: false`.
   */
  readonly journal?: ChangeJournal;
}
