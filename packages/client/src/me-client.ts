import { apiPath } from "./api-contract.js";
import { conditionalHeaders, withVersion } from "./etag.js";
import type { WithExtensions } from "./extensions.js";
import type { ScimTransport } from "./http.js";
import {
  PatchBuilder,
  type PatchOperationInput,
  type PatchRequestOptions,
  toPatchRequest,
  toWireOperations,
} from "./patch-builder.js";
import type { AttributeName } from "./projection.js";
import { toSearchParams } from "./query.js";
import type { ResourceInput, ResourceShape } from "./resource.js";
import type { ReadResult, WriteOptions } from "./resource-client.js";
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
    const { attributes, excludedAttributes, ...requestOptions } = options as MeGetOptions<
      readonly string[],
      readonly string[]
    >;
    const response = await this.#send<ReadResult<WithExtensions<T, X>, A, E>>({
      method: "GET",
      path: apiPath("/Me"),
      searchParams: toSearchParams({ attributes, excludedAttributes }),
      options: requestOptions,
    });
    return withVersion(response.body as ReadResult<WithExtensions<T, X>, A, E>, response.headers);
  }

  /** `PUT /Me`. */
  async replace<X = T>(
    resource: ResourceInput<WithExtensions<T, X>>,
    options: WriteOptions = {},
  ): Promise<WithExtensions<T, X>> {
    const { ifMatch, ...requestOptions } = options;
    const response = await this.#send<WithExtensions<T, X>>({
      method: "PUT",
      path: apiPath("/Me"),
      body: resource,
      headers: conditionalHeaders({ ifMatch }),
      options: requestOptions,
    });
    return withVersion(response.body as WithExtensions<T, X>, response.headers);
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
    const sendPatch = async (
      wire: ReturnType<typeof toWireOperations>,
      sendOptions: PatchRequestOptions = {},
    ) => {
      const { ifMatch, ...requestOptions } = sendOptions;
      const response = await this.#send<ResourceShape>({
        method: "PATCH",
        path: apiPath("/Me"),
        body: toPatchRequest(wire),
        headers: conditionalHeaders({ ifMatch }),
        options: requestOptions,
      });
      if (response.status === 204 || response.body === undefined) return undefined;
      return withVersion(response.body, response.headers);
    };
    if (operations === undefined) return new PatchBuilder<ResourceShape>(sendPatch);
    return sendPatch(toWireOperations(operations), options);
  }

  /** `DELETE /Me`. */
  async delete(options: WriteOptions = {}): Promise<void> {
    const { ifMatch, ...requestOptions } = options;
    await this.#send({
      method: "DELETE",
      path: apiPath("/Me"),
      headers: conditionalHeaders({ ifMatch }),
      options: requestOptions,
    });
  }
}
