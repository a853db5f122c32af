/**
 * The structural minimum the client relies on in a resource. The concrete types (`User`, `Group`,
 * custom resources) come from `@scimkit/core` or from the caller and only need to fit this shape.
 */
export interface ResourceShape {
  /** RFC 7643 §3: schema URNs of the resource, including extensions. */
  schemas?: readonly string[];
  /** RFC 7643 §3.1: assigned by the service provider. */
  id?: string;
  /** RFC 7643 §3.1 `meta`; `version` carries the ETag (RFC 7644 §3.14). */
  meta?: { version?: string; resourceType?: string; location?: string };
}

/** The body of a create or replace: `id` and `meta` are assigned by the service and may be left out. */
export type ResourceInput<R> = Omit<R, "id" | "meta"> & { id?: string; meta?: unknown };

/**
 * One page of a query response (RFC 7644 §3.4.2, plus `nextCursor`/`previousCursor` of
 * RFC 9865 §2).
 */
export interface ListPage<R> {
  schemas?: string[];
  /**
   * Total number of results matching the query. REQUIRED by RFC 7644 §3.4.2 but not always
   * correct, and RFC 9865 §2 lets cursor services that cannot count leave it out.
   */
  totalResults: number;
  /** The resources of this page; servers may leave the key out of an empty page. */
  Resources: R[];
  /** 1-based index of the first resource in this page (index paging). */
  startIndex?: number;
  /** Number of resources in this page. */
  itemsPerPage?: number;
  /** RFC 9865: cursor of the next page; absent on the last page. */
  nextCursor?: string;
  /** RFC 9865: cursor of the previous page, when the service supports going back. */
  previousCursor?: string;
}
