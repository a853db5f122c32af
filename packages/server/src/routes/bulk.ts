import { BULK_REQUEST_SCHEMA, BULK_RESPONSE_SCHEMA, ScimError } from "@scimkit/core";
import { isEntityTagText } from "../etag.js";
import { toScimError } from "../http/error-mapping.js";
import { integerParameter } from "../http/integer-parameter.js";
import { decodePathSegments } from "../http/path-segments.js";
import { expectMessageSchema, expectObject } from "../http/request-body.js";
import type { RouteRequest } from "../http/route-request.js";
import { jsonResponse, type ScimResponse } from "../http/scim-response.js";
import type { ScimRuntime } from "../runtime.js";
import { createResource, deleteResource, patchResource, replaceResource } from "./resource.js";

interface BulkOperation {
  readonly index: number;
  readonly method: string;
  readonly bulkId?: string;
  readonly version?: string;
  readonly path: string;
  readonly data?: unknown;
  /** The bulkIds this operation refers to (in `path` or `data`). */
  readonly references: ReadonlySet<string>;
}

interface BulkResult {
  readonly method: string;
  readonly bulkId?: string;
  readonly version?: string;
  readonly location?: string;
  readonly status: string;
  readonly response?: unknown;
}

function collectReferences(value: unknown, into: Set<string>): void {
  if (typeof value === "string") {
    // A reference may stand alone ("bulkId:x") or sit inside a path filter (members[value eq "bulkId:x"]).
    for (const match of value.matchAll(/bulkId:([^"\s\]/]+)/g)) if (match[1]) into.add(match[1]);
  } else if (Array.isArray(value)) {
    for (const item of value) collectReferences(item, into);
  } else if (typeof value === "object" && value !== null) {
    for (const item of Object.values(value)) collectReferences(item, into);
  }
}

function substitute(value: unknown, ids: ReadonlyMap<string, string>): unknown {
  if (typeof value === "string") {
    return value.replace(/bulkId:([^"\s\]/]+)/g, (whole, bulkId: string) => ids.get(bulkId) ?? whole);
  }
  if (Array.isArray(value)) return value.map((item) => substitute(item, ids));
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, substitute(item, ids)]));
  }
  return value;
}

function parseOperation(raw: unknown, index: number): BulkOperation {
  const op = expectObject(raw, `Operations[${index}]`);
  const method = typeof op.method === "string" ? op.method.toUpperCase() : "";
  if (!["POST", "PUT", "PATCH", "DELETE"].includes(method)) {
    throw ScimError.badRequest(
      "invalidValue",
      `Operations[${index}].method must be POST, PUT, PATCH or DELETE`,
    );
  }
  if (typeof op.path !== "string" || !op.path.startsWith("/")) {
    throw ScimError.badRequest("invalidValue", `Operations[${index}].path must be a path like /Users`);
  }
  const references = new Set<string>();
  collectReferences(op.path, references);
  collectReferences(op.data, references);
  return {
    index,
    method,
    ...(typeof op.bulkId === "string" ? { bulkId: op.bulkId } : {}),
    ...(typeof op.version === "string" ? { version: op.version } : {}),
    path: op.path,
    ...(op.data !== undefined ? { data: op.data } : {}),
    references,
  };
}

/**
 * Orders operations so that one referring to a `bulkId` runs after the POST that creates it, in
 * request order otherwise (RFC 7644 §3.7: the result must equal in-order processing). Circular
 * references (§3.7.1) cannot be ordered; they are resolved because every POST's id is assigned
 * before anything runs, so both sides of a cycle can name each other.
 */
function executionOrder(operations: readonly BulkOperation[]): BulkOperation[] {
  const creators = new Map<string, BulkOperation>();
  for (const op of operations) if (op.method === "POST" && op.bulkId) creators.set(op.bulkId, op);
  const done = new Set<number>();
  const ordered: BulkOperation[] = [];
  const pending = [...operations];
  while (pending.length > 0) {
    const ready = pending.findIndex((op) =>
      [...op.references].every((ref) => {
        const creator = creators.get(ref);
        return creator === undefined || creator === op || done.has(creator.index);
      }),
    );
    const [next] = pending.splice(ready === -1 ? 0 : ready, 1);
    if (!next) break;
    done.add(next.index);
    ordered.push(next);
  }
  return ordered;
}

/** POST /Bulk (RFC 7644 §3.7). */
export async function bulk(runtime: ScimRuntime, request: RouteRequest): Promise<ScimResponse> {
  const body = expectObject(await request.body(), "the BulkRequest");
  expectMessageSchema(body, BULK_REQUEST_SCHEMA);
  const rawOperations = body.Operations ?? body.operations;
  if (!Array.isArray(rawOperations)) {
    throw ScimError.badRequest("invalidSyntax", '"Operations" must be an array (RFC 7644 §3.7)');
  }
  if (rawOperations.length > runtime.limits.bulkMaxOperations) {
    // RFC 7644 §3.7.4: exceeding maxOperations is 413.
    throw new ScimError(
      413,
      undefined,
      `the bulk request has ${rawOperations.length} operations; maxOperations is ${runtime.limits.bulkMaxOperations}`,
    );
  }
  // A JSON number only (RFC 7644 §3.7.3: "An integer value"); clamped, so 1e308 means "never stop".
  const failOnErrors =
    typeof body.failOnErrors === "string" ? Number.NaN : integerParameter(body.failOnErrors, "failOnErrors");
  if (failOnErrors !== undefined && !(failOnErrors >= 1)) {
    throw ScimError.badRequest("invalidValue", "failOnErrors must be a positive integer");
  }
  const operations = rawOperations.map(parseOperation);

  const ids = new Map<string, string>();
  const duplicate = new Set<string>();
  for (const op of operations) {
    if (op.method !== "POST") continue;
    if (!op.bulkId) continue;
    if (ids.has(op.bulkId)) duplicate.add(op.bulkId);
    else ids.set(op.bulkId, runtime.generateId());
  }
  const failedBulkIds = new Set<string>();
  const results = new Map<number, BulkResult>();
  let errors = 0;

  for (const op of executionOrder(operations)) {
    if (failOnErrors !== undefined && errors >= failOnErrors) break;
    const result = await runOperation(runtime, request, op, ids, duplicate, failedBulkIds);
    if (Number(result.status) >= 400) {
      errors += 1;
      if (op.bulkId && op.method === "POST") failedBulkIds.add(op.bulkId);
    }
    results.set(op.index, result);
  }
  const ordered = operations.flatMap((op) => {
    const result = results.get(op.index);
    return result ? [result] : [];
  });
  return jsonResponse({ schemas: [BULK_RESPONSE_SCHEMA], Operations: ordered });
}

async function runOperation(
  runtime: ScimRuntime,
  request: RouteRequest,
  op: BulkOperation,
  ids: ReadonlyMap<string, string>,
  duplicate: ReadonlySet<string>,
  failedBulkIds: ReadonlySet<string>,
): Promise<BulkResult> {
  const base = { method: op.method, ...(op.bulkId ? { bulkId: op.bulkId } : {}) };
  try {
    if (op.method === "POST" && !op.bulkId) {
      throw ScimError.badRequest("invalidValue", "bulkId is REQUIRED when method is POST (RFC 7644 §3.7)");
    }
    if (op.bulkId && duplicate.has(op.bulkId)) {
      throw ScimError.badRequest("invalidValue", `bulkId "${op.bulkId}" is used by more than one POST`);
    }
    for (const ref of op.references) {
      if (!ids.has(ref))
        throw ScimError.badRequest("invalidValue", `bulkId "${ref}" is not defined by any POST`);
      if (failedBulkIds.has(ref)) {
        throw new ScimError(409, undefined, `bulkId "${ref}" could not be resolved: its POST failed`);
      }
    }
    if (op.version !== undefined && !isEntityTagText(op.version)) {
      throw ScimError.badRequest(
        "invalidValue",
        `Operations[${op.index}].version must be an entity tag such as W/"3" (RFC 9110 §8.8.3); it holds characters an HTTP header cannot carry`,
      );
    }
    const path = String(substitute(op.path, ids));
    const segments = decodePathSegments(path);
    if (!segments) {
      throw ScimError.badRequest(
        "invalidValue",
        `Operations[${op.index}].path is not valid percent-encoding (RFC 3986 §2.1)`,
      );
    }
    const [endpoint, id, extra] = segments;
    const rt = endpoint ? runtime.registry.findResourceType(endpoint) : undefined;
    if (!rt || extra !== undefined) throw ScimError.notFound(`no resource endpoint at "${op.path}"`);
    if ((op.method === "POST") !== (id === undefined)) {
      throw ScimError.badRequest(
        "invalidValue",
        `${op.method} needs ${op.method === "POST" ? "a resource type" : "a resource"} path`,
      );
    }
    const data = substitute(op.data, ids);
    const headers = new Headers(op.version ? { "If-Match": op.version } : {});
    const subRequest: RouteRequest = {
      method: op.method,
      query: new URLSearchParams(),
      headers,
      // The journal records each operation under the Bulk request's id with its own method and path.
      ctx: {
        ...request.ctx,
        method: op.method,
        path: `${new URL(request.ctx.baseUrl).pathname.replace(/\/$/, "")}${path}`,
      },
      body: async () => {
        if (data === undefined)
          throw ScimError.badRequest("invalidSyntax", "data is REQUIRED for POST, PUT and PATCH");
        return data;
      },
    };
    const response =
      op.method === "POST"
        ? await createResource(runtime, rt, subRequest, { id: ids.get(op.bulkId ?? "") })
        : op.method === "PUT"
          ? await replaceResource(runtime, rt, id ?? "", subRequest)
          : op.method === "PATCH"
            ? await patchResource(runtime, rt, id ?? "", subRequest)
            : await deleteResource(runtime, rt, id ?? "", subRequest);
    const location =
      response.headers?.Location ??
      (id !== undefined
        ? `${request.ctx.baseUrl}${rt.resourceType.endpoint}/${encodeURIComponent(id)}`
        : undefined);
    return {
      ...base,
      ...(response.headers?.ETag ? { version: response.headers.ETag } : {}),
      ...(location ? { location } : {}),
      status: String(response.status),
    };
  } catch (error) {
    const scimError = toScimError(error, runtime.logger, `bulk operation ${op.index}`);
    return { ...base, status: String(scimError.status), response: scimError.toJSON() };
  }
}
