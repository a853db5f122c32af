import {
  type ConditionalOptions,
  type ConditionalReadOptions,
  conditionalHeaders,
  withVersion,
} from "./etag.js";
import type { ScimTransport } from "./http.js";
import {
  PatchBuilder,
  type PatchOperation,
  type PatchOperationInput,
  type PatchRequestOptions,
  toPatchRequest,
  toWireOperations,
} from "./patch-builder.js";
import { toSearchParams } from "./query.js";
import type { ResourceShape } from "./resource.js";
import type { RequestOptions } from "./types.js";

/*
 * The requests on one resource at a known path: `/{endpoint}/{id}` for ResourceClient, `/Me` for
 * MeClient. Internal: the clients give them their public types.
 */

/** Options of {@link getResource}: projection (RFC 7644 §3.9) and request options. */
export interface ReadOptions extends RequestOptions {
  attributes?: readonly string[];
  excludedAttributes?: readonly string[];
}

/**
 * `GET {path}`. With `conditional` the request may carry `If-None-Match`, and a 304 Not Modified
 * resolves to `undefined`.
 */
export function getResource<R>(send: ScimTransport, path: string, options: ReadOptions): Promise<R>;
export function getResource<R>(
  send: ScimTransport,
  path: string,
  options: ReadOptions,
  conditional: ConditionalReadOptions,
): Promise<R | undefined>;
export async function getResource<R>(
  send: ScimTransport,
  path: string,
  options: ReadOptions,
  conditional?: ConditionalReadOptions,
): Promise<R | undefined> {
  const { attributes, excludedAttributes, ...requestOptions } = options;
  const response = await send<R>({
    method: "GET",
    path,
    searchParams: toSearchParams({ attributes, excludedAttributes }),
    headers: conditional && conditionalHeaders(conditional),
    acceptStatuses: conditional && [304],
    options: requestOptions,
  });
  if (response.status === 304) return undefined;
  return withVersion(response.body as R, response.headers);
}

/** `PUT {path}`; `ifMatch` makes it conditional. */
export async function replaceResource<R>(
  send: ScimTransport,
  path: string,
  resource: unknown,
  options: RequestOptions & ConditionalOptions,
): Promise<R> {
  const { ifMatch, ...requestOptions } = options;
  const response = await send<R>({
    method: "PUT",
    path,
    body: resource,
    headers: conditionalHeaders({ ifMatch }),
    options: requestOptions,
  });
  return withVersion(response.body as R, response.headers);
}

/**
 * `PATCH {path}`: without operations a builder, with operations sends them at once. Resolves to
 * the updated resource, or `undefined` when the service answers 204 No Content. `path` is resolved
 * when the request is sent, so an invalid path rejects `send` rather than throwing here.
 */
export function patchResource(
  send: ScimTransport,
  path: () => string,
  operations?: readonly PatchOperationInput[],
  options?: PatchRequestOptions,
): PatchBuilder<ResourceShape> | Promise<ResourceShape | undefined> {
  const sendPatch = async (wire: PatchOperation[], sendOptions: PatchRequestOptions = {}) => {
    const { ifMatch, ...requestOptions } = sendOptions;
    const response = await send<ResourceShape>({
      method: "PATCH",
      path: path(),
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

/** `DELETE {path}`; `ifMatch` makes it conditional. */
export async function deleteResource(
  send: ScimTransport,
  path: string,
  options: RequestOptions & ConditionalOptions,
): Promise<void> {
  const { ifMatch, ...requestOptions } = options;
  await send({
    method: "DELETE",
    path,
    headers: conditionalHeaders({ ifMatch }),
    options: requestOptions,
  });
}
