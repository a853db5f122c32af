import { type ConditionalOptions, type ConditionalReadOptions, withVersion } from "./etag.js";
import type { WithExtensions } from "./extensions.js";
import type { ScimTransport } from "./http.js";
import { paginate } from "./paginate.js";
import type { PatchBuilder, PatchOperationInput, PatchRequestOptions } from "./patch-builder.js";
import type { AttributeName, Excluded, Projected } from "./projection.js";
import { type PageParameters, type QueryOptions, toSearchParams, toSearchRequest } from "./query.js";
import type { ListPage, ResourceInput, ResourceShape } from "./resource.js";
import { deleteResource, getResource, patchResource, replaceResource } from "./resource-requests.js";
import type { PaginationMethod, RequestOptions } from "./types.js";

/** What a resource client needs from the client that made it. */
export interface ResourceClientContext {
  readonly send: ScimTransport;
  /** Default `count` for iterate. */
  readonly pageSize: number;
  /** Resolves `"auto"` to the method to use (reads the ServiceProviderConfig once). */
  readonly resolvePagination: (requested: PaginationMethod) => Promise<"index" | "cursor">;
}

/** A literal tuple of attribute names, or nothing. */
type Attributes<R> = readonly AttributeName<R>[] | undefined;

/** The resource type a read returns for `attributes: A` and `excludedAttributes: E`. */
export type ReadResult<R, A extends Attributes<R>, E extends Attributes<R>> = Excluded<Projected<R, A>, E>;

/** Options of {@link ResourceClient.get}. */
export interface GetOptions<A, E> extends RequestOptions, ConditionalReadOptions {
  /** RFC 7644 §3.9: return only these attributes; a literal tuple narrows the result type. */
  attributes?: A;
  /** RFC 7644 §3.9: leave these attributes out. */
  excludedAttributes?: E;
}

/** Options of {@link ResourceClient.list} and {@link ResourceClient.search}: one page. */
export type ListOptions<A, E> = QueryOptions<A, E> & PageParameters & RequestOptions;

/** Options of {@link ResourceClient.iterate} and {@link ResourceClient.pages}: every page. */
export interface IterateOptions<A, E> extends QueryOptions<A, E>, RequestOptions {
  /** `count` per page request. Defaults to the client's `pageSize` (100). */
  pageSize?: number;
  /** Overrides the client's `pagination` setting for this walk. */
  pagination?: PaginationMethod;
  /** Send each page as `POST /.search` (RFC 7644 §3.4.3) instead of `GET`, e.g. to keep filters out of logs. */
  useSearch?: boolean;
  /** Bound on page requests (a `ScimPaginationError` is thrown beyond it). @default 100000 */
  maxPages?: number;
}

/** Options of writes: create. */
export type CreateOptions = RequestOptions;

/** Options of replace and delete: `ifMatch` makes them conditional. */
export type WriteOptions = RequestOptions & ConditionalOptions;

/**
 * Typed access to one resource endpoint (`/Users`, `/Groups`, `/Devices`, …).
 *
 * Every method takes an optional type argument `X` that refines the resource type per call (see
 * {@link WithExtensions}): `client.users.get<EnterpriseUser>(id)` returns a User whose enterprise
 * extension is present under its URN; a full resource type is used as given.
 */
export class ResourceClient<T extends ResourceShape> {
  readonly #context: ResourceClientContext;
  /** The endpoint path relative to the base URL, e.g. `Users`. */
  readonly endpoint: string;

  constructor(context: ResourceClientContext, endpoint: string) {
    this.#context = context;
    this.endpoint = endpoint.replace(/^\/+|\/+$/g, "");
  }

  /** `POST /{endpoint}` (RFC 7644 §3.3): creates a resource and returns it as stored. */
  async create<X = T>(
    resource: ResourceInput<WithExtensions<T, X>>,
    options?: CreateOptions,
  ): Promise<WithExtensions<T, X>> {
    const response = await this.#context.send<WithExtensions<T, X>>({
      method: "POST",
      path: this.endpoint,
      body: resource,
      options,
    });
    return withVersion(response.body as WithExtensions<T, X>, response.headers);
  }

  /**
   * `GET /{endpoint}/{id}` (RFC 7644 §3.4.1). With `attributes` as a literal tuple the result
   * type keeps only those attributes (plus `id` and `schemas`). With `ifNoneMatch` it resolves to
   * `undefined` when the resource is unchanged (304).
   *
   * @example
   * const user = await client.users.get(id, { attributes: ["userName"] });
   * //    ^? Pick<User, "id" | "schemas" | "userName">
   */
  get<
    X = T,
    const A extends Attributes<WithExtensions<T, X>> = undefined,
    const E extends Attributes<WithExtensions<T, X>> = undefined,
  >(
    id: string,
    options: GetOptions<A, E> & { ifNoneMatch: NonNullable<ConditionalReadOptions["ifNoneMatch"]> },
  ): Promise<ReadResult<WithExtensions<T, X>, A, E> | undefined>;
  get<
    X = T,
    const A extends Attributes<WithExtensions<T, X>> = undefined,
    const E extends Attributes<WithExtensions<T, X>> = undefined,
  >(id: string, options?: GetOptions<A, E>): Promise<ReadResult<WithExtensions<T, X>, A, E>>;
  async get(id: string, options: GetOptions<readonly string[], readonly string[]> = {}): Promise<unknown> {
    const { ifNoneMatch, ...readOptions } = options;
    return getResource(this.#context.send, this.#resourcePath(id), readOptions, { ifNoneMatch });
  }

  /** `PUT /{endpoint}/{id}` (RFC 7644 §3.5.1): replaces the resource; `ifMatch` guards against lost updates. */
  async replace<X = T>(
    id: string,
    resource: ResourceInput<WithExtensions<T, X>>,
    options: WriteOptions = {},
  ): Promise<WithExtensions<T, X>> {
    return replaceResource(this.#context.send, this.#resourcePath(id), resource, options);
  }

  /**
   * `PATCH /{endpoint}/{id}` (RFC 7644 §3.5.2). Without operations it returns a builder:
   * `patch(id).replace("active", false).send()`. With operations it sends them at once. Resolves
   * to the updated resource, or `undefined` when the service answers 204 No Content.
   */
  patch<X = T>(id: string): PatchBuilder<WithExtensions<T, X>>;
  patch<X = T>(
    id: string,
    operations: readonly PatchOperationInput[],
    options?: PatchRequestOptions,
  ): Promise<WithExtensions<T, X> | undefined>;
  patch(
    id: string,
    operations?: readonly PatchOperationInput[],
    options?: PatchRequestOptions,
  ): PatchBuilder<ResourceShape> | Promise<ResourceShape | undefined> {
    return patchResource(this.#context.send, () => this.#resourcePath(id), operations, options);
  }

  /** `DELETE /{endpoint}/{id}` (RFC 7644 §3.6). */
  async delete(id: string, options: WriteOptions = {}): Promise<void> {
    return deleteResource(this.#context.send, this.#resourcePath(id), options);
  }

  /** `GET /{endpoint}?filter=…` (RFC 7644 §3.4.2): one page of results. */
  async list<
    X = T,
    const A extends Attributes<WithExtensions<T, X>> = undefined,
    const E extends Attributes<WithExtensions<T, X>> = undefined,
  >(options: ListOptions<A, E> = {}): Promise<ListPage<ReadResult<WithExtensions<T, X>, A, E>>> {
    return this.#fetchPage<ReadResult<WithExtensions<T, X>, A, E>>(options, false);
  }

  /** `POST /{endpoint}/.search` (RFC 7644 §3.4.3): one page of results, query in the body. */
  async search<
    X = T,
    const A extends Attributes<WithExtensions<T, X>> = undefined,
    const E extends Attributes<WithExtensions<T, X>> = undefined,
  >(options: ListOptions<A, E> = {}): Promise<ListPage<ReadResult<WithExtensions<T, X>, A, E>>> {
    return this.#fetchPage<ReadResult<WithExtensions<T, X>, A, E>>(options, true);
  }

  /**
   * Walks every page and yields each page (see {@link ResourceClient.iterate} for resources).
   * Uses RFC 9865 cursors when the service advertises them, `startIndex`/`count` otherwise.
   */
  async *pages<
    X = T,
    const A extends Attributes<WithExtensions<T, X>> = undefined,
    const E extends Attributes<WithExtensions<T, X>> = undefined,
  >(options: IterateOptions<A, E> = {}): AsyncGenerator<ListPage<ReadResult<WithExtensions<T, X>, A, E>>> {
    const { pageSize, pagination, useSearch, maxPages, ...query } = options;
    const method = await this.#context.resolvePagination(pagination ?? "auto");
    yield* paginate<ReadResult<WithExtensions<T, X>, A, E>>(
      (page) =>
        this.#fetchPage<ReadResult<WithExtensions<T, X>, A, E>>({ ...query, ...page }, useSearch ?? false),
      { method, pageSize: pageSize ?? this.#context.pageSize, maxPages },
    );
  }

  /**
   * Yields every matching resource across all pages.
   *
   * @example
   * for await (const user of client.users.iterate({ filter: eq("active", false) })) {
   *   console.log(user.userName);
   * }
   */
  async *iterate<
    X = T,
    const A extends Attributes<WithExtensions<T, X>> = undefined,
    const E extends Attributes<WithExtensions<T, X>> = undefined,
  >(options: IterateOptions<A, E> = {}): AsyncGenerator<ReadResult<WithExtensions<T, X>, A, E>> {
    for await (const page of this.pages<X, A, E>(options)) yield* page.Resources;
  }

  async #fetchPage<X>(
    options: ListOptions<readonly string[] | undefined, readonly string[] | undefined>,
    useSearch: boolean,
  ): Promise<ListPage<X>> {
    const { signal, headers, timeout, retry, ...query } = options;
    const requestOptions: RequestOptions = { signal, headers, timeout, retry };
    const response = useSearch
      ? await this.#context.send<ListPage<X>>({
          method: "POST",
          path: `${this.endpoint}/.search`,
          body: toSearchRequest(query),
          idempotent: true,
          options: requestOptions,
        })
      : await this.#context.send<ListPage<X>>({
          method: "GET",
          path: this.endpoint,
          searchParams: toSearchParams(query),
          options: requestOptions,
        });
    const body = response.body ?? ({ totalResults: 0, Resources: [] } as ListPage<X>);
    return { ...body, Resources: Array.isArray(body.Resources) ? body.Resources : [] };
  }

  #resourcePath(id: string): string {
    if (id === "") throw new TypeError(`${this.endpoint}: id must not be empty`);
    return `${this.endpoint}/${encodeURIComponent(id)}`;
  }
}
