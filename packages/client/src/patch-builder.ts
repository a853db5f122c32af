import { PATCH_OP_SCHEMA } from "@scimkit/core";
import { type PatchPath, stringifyPath } from "@scimkit/filter";
import type { ApiRequestBody } from "./api-contract.js";
import type { ConditionalOptions } from "./etag.js";
import type { RequestOptions } from "./types.js";

/** The operations of RFC 7644 §3.5.2. */
export type PatchOperationType = "add" | "remove" | "replace";

/** A path as text (`emails[type eq "work"].value`) or as a parsed `PatchPath` from `@scimkit/filter`. */
export type PatchPathInput<R> = (Extract<keyof R, string> & {}) | (string & {}) | PatchPath;

/** The value type for a path: the attribute's type for a top-level attribute, otherwise `unknown`. */
export type PatchValue<R, P> = P extends keyof R ? Exclude<R[P], undefined> : unknown;

/** One PATCH operation as sent on the wire (RFC 7644 §3.5.2). */
export interface PatchOperation {
  op: PatchOperationType;
  path?: string;
  value?: unknown;
}

/** An operation as accepted by `patch(id, operations)`: the path may also be an AST. */
export interface PatchOperationInput {
  op: PatchOperationType;
  path?: string | PatchPath;
  value?: unknown;
}

/** Options of a PATCH request. */
export type PatchRequestOptions = RequestOptions & ConditionalOptions;

/** Sends the collected operations; resolves to the resource, or `undefined` on 204 No Content. */
export type PatchSender<R> = (
  operations: PatchOperation[],
  options?: PatchRequestOptions,
) => Promise<R | undefined>;

/** Converts operations to their wire form (paths as text). */
export function toWireOperations(operations: readonly PatchOperationInput[]): PatchOperation[] {
  return operations.map((operation) => {
    const wire: PatchOperation = { op: operation.op };
    if (operation.path !== undefined) {
      wire.path = typeof operation.path === "string" ? operation.path : stringifyPath(operation.path);
    }
    if (operation.value !== undefined) wire.value = operation.value;
    return wire;
  });
}

/** The RFC 7644 §3.5.2 request body for a list of operations. */
export function toPatchRequest(
  operations: readonly PatchOperation[],
): ApiRequestBody<"/Users/{id}", "patch"> {
  return { schemas: [PATCH_OP_SCHEMA], Operations: [...operations] };
}

/**
 * Collects PATCH operations for one resource and sends them in one request, in order
 * (RFC 7644 §3.5.2: operations are applied sequentially and atomically).
 *
 * @example
 * await client.users
 *   .patch(id)
 *   .replace("active", false)
 *   .add("emails", [{ value: "b@example.com", type: "work" }])
 *   .send({ ifMatch: user });
 */
export class PatchBuilder<R> {
  readonly #operations: PatchOperation[] = [];
  readonly #sender: PatchSender<R>;

  constructor(sender: PatchSender<R>) {
    this.#sender = sender;
  }

  /** RFC 7644 §3.5.2.1: add a value (appends to multi-valued attributes). */
  add<P extends PatchPathInput<R>>(path: P, value: PatchValue<R, P>): this;
  /** RFC 7644 §3.5.2.1 without `path`: the value holds attribute/value pairs to add. */
  add(value: Partial<R> | Record<string, unknown>): this;
  add(...args: [unknown] | [unknown, unknown]): this {
    return this.#push("add", args);
  }

  /** RFC 7644 §3.5.2.3: replace a value (a filtered path replaces the matching values). */
  replace<P extends PatchPathInput<R>>(path: P, value: PatchValue<R, P>): this;
  /** RFC 7644 §3.5.2.3 without `path`: the value holds attribute/value pairs to replace. */
  replace(value: Partial<R> | Record<string, unknown>): this;
  replace(...args: [unknown] | [unknown, unknown]): this {
    return this.#push("replace", args);
  }

  /**
   * RFC 7644 §3.5.2.2: remove an attribute or the values a filter selects, e.g.
   * `remove('members[value eq "2819c223"]')`. `path` is required for remove.
   */
  remove(path: PatchPathInput<R>): this {
    this.#operations.push(toWireOperations([{ op: "remove", path: path as string | PatchPath }])[0]);
    return this;
  }

  /** The operations collected so far, in wire form. */
  get operations(): readonly PatchOperation[] {
    return this.#operations;
  }

  /** The request body that `send` would post. */
  toJSON(): ReturnType<typeof toPatchRequest> {
    return toPatchRequest(this.#operations);
  }

  /** Sends all operations in one PATCH request. */
  send(options?: PatchRequestOptions): Promise<R | undefined> {
    if (this.#operations.length === 0) {
      // RFC 7644 §3.5.2: the body MUST contain at least one operation.
      return Promise.reject(new TypeError("PATCH needs at least one operation"));
    }
    return this.#sender([...this.#operations], options);
  }

  #push(op: PatchOperationType, args: [unknown] | [unknown, unknown]): this {
    // Two arguments: (path, value). One argument: a pathless operation whose value holds the attributes.
    const operation: PatchOperationInput =
      args.length === 2
        ? { op, path: args[0] as string | PatchPath, value: args[1] }
        : { op, value: args[0] };
    this.#operations.push(toWireOperations([operation])[0]);
    return this;
  }
}
