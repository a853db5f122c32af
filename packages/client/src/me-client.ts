import { apiPath } from "./api-contract.js";
import type { WithExtensions } from "./extensions.js";
import type { ScimTransport } from "./http.js";
import type { PatchBuilder, PatchOperationInput, PatchRequestOptions } from "./patch-builder.js";
import type { AttributeName } from "./projection.js";
import type { ResourceInput, ResourceShape } from "./resource.js";
import type { ReadResult, WriteOptions } from "./resource-client.js";
import { deleteResource, getResource, patchResource, replaceResource } from "./resource-requests.js";
import type { RequestOptions } from "./types.js";

type Attributes<R> = readonly AttributeName<R>[] | undefined;

/** Options of {@link MeClient.get}. */
export interface MeGetOptions<A, E> extends RequestOptions {
  /** RFC 7644 §3.9: return only these attributes. */
  attributes?: A;
  /** RFC 7644 §3.9: leave these attributes out. */
  excludedAttributes?: E;
}

/**
 * The authenticated subject's own resource at `/Me` (RFC 7644 §3.11). Services that do not
 * support it answer 501, which surfaces as a `ScimClientError`.
 */
export class MeClient<T extends ResourceShape> {
  readonly #send: ScimTransport;

  constructor(send: ScimTransport) {
    this.#send = send;
  }

  /** `GET /Me`. */
  async get<
    X = T,
    const A extends Attributes<WithExtensions<T, X>> = undefined,
    const E extends Attributes<WithExtensions<T, X>> = undefined,
  >(options: MeGetOptions<A, E> = {}): Promise<ReadResult<WithExtensions<T, X>, A, E>> {
    return getResource(this.#send, apiPath("/Me"), options);
  }

  /** `PUT /Me`. */
  async replace<X = T>(
    resource: ResourceInput<WithExtensions<T, X>>,
    options: WriteOptions = {},
  ): Promise<WithExtensions<T, X>> {
    return replaceResource(this.#send, apiPath("/Me"), resource, options);
  }

  /** `PATCH /Me`: a builder without operations, or sends the given operations. */
  patch<X = T>(): PatchBuilder<WithExtensions<T, X>>;
  patch<X = T>(
    operations: readonly PatchOperationInput[],
    options?: PatchRequestOptions,
  ): Promise<WithExtensions<T, X> | undefined>;
  patch(
    operations?: readonly PatchOperationInput[],
    options?: PatchRequestOptions,
  ): PatchBuilder<ResourceShape> | Promise<ResourceShape | undefined> {
    return patchResource(this.#send, () => apiPath("/Me"), operations, options);
  }

  /** `DELETE /Me`. */
  async delete(options: WriteOptions = {}): Promise<void> {
    return deleteResource(this.#send, apiPath("/Me"), options);
  }
}
