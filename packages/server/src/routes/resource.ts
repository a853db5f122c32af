import { projectResource, type ResourceTypeSchema, ScimError, validateResource } from "@scimkit/core";
import { conditionMatches, etagOf, parseEtagCondition } from "../etag.js";
import { type Projection, projectionFromQuery, projectionReturns } from "../http/projection.js";
import { expectObject } from "../http/request-body.js";
import type { RouteRequest } from "../http/route-request.js";
import { jsonResponse, type ScimResponse } from "../http/scim-response.js";
import { applyPatch, mergeOktaPut, normalizeInteropBody, readPatchOperations } from "../patch/index.js";
import { needsCurrentMembers } from "../patch/membership-delta.js";
import { representResource } from "../resource-representation.js";
import type { ScimRuntime } from "../runtime.js";
import { protectPatchSecrets, protectResourceSecrets } from "../secrets/secret-attributes.js";
import { isMembershipType, memberRowsOf } from "../store/membership.js";
import type { MemberRef, ResourceData, StoredResource, WriteCondition } from "../store/store.js";

const isGroupType = (rt: ResourceTypeSchema) => isMembershipType(rt.resourceType.name);

/** Options of {@link createResource} used by Bulk. */
export interface CreateOptions {
  /** A pre-assigned id (Bulk assigns ids up front so `bulkId` references resolve, RFC 7644 §3.7.2). */
  readonly id?: string;
}

/**
 * A group that lists itself as a member has no meaning (its membership would contain itself) and
 * loops every walk over nested groups: 400 invalidValue, also when the member came from a Bulk
 * `bulkId` reference that resolved to the group's own id (RFC 7644 §3.7.2).
 */
function assertNotOwnMember(id: string, members: readonly { readonly value: string }[] | undefined): void {
  if (members?.some((member) => member.value === id)) {
    throw ScimError.badRequest("invalidValue", `group "${id}" cannot be a member of itself`);
  }
}

function forStore(rt: ResourceTypeSchema, data: ResourceData): ResourceData {
  if (!isGroupType(rt)) return data;
  const members = memberRowsOf(data);
  if (typeof data.id === "string") assertNotOwnMember(data.id, members);
  const { members: _omitted, ...rest } = data;
  return members && members.length > 0 ? { ...rest, members } : rest;
}

/** The response for one resource: projected body plus `ETag` and, for 201, `Location`. */
function resourceResponse(
  runtime: ScimRuntime,
  rt: ResourceTypeSchema,
  stored: StoredResource,
  request: RouteRequest,
  status: number,
  projection: Projection = projectionFromQuery(request.query),
): ScimResponse {
  const full = representResource(runtime.registry, rt, stored, request.ctx.baseUrl);
  const meta = full.meta as { location: string };
  const headers: Record<string, string> = { ETag: etagOf(stored.version) };
  if (status === 201) headers.Location = meta.location;
  return jsonResponse(projectResource(rt, full, projection), status, headers);
}

/** `If-Match` → the store's write condition; 412 when it names versions that are not current. */
async function writeCondition(
  runtime: ScimRuntime,
  rt: ResourceTypeSchema,
  id: string,
  request: RouteRequest,
): Promise<WriteCondition | undefined> {
  const condition = parseEtagCondition(request.headers.get("if-match"));
  if (!condition) return undefined;
  if (!condition.any && condition.versions.length === 1) return { expectedVersion: condition.versions[0] };
  const current = await runtime.store.get(request.ctx, rt.resourceType.name, id, { withMembers: false });
  if (!current) throw ScimError.notFound(`${rt.resourceType.name} "${id}" not found`);
  if (!conditionMatches(condition, current.version)) {
    throw new ScimError(
      412,
      undefined,
      `If-Match does not match the current version ${etagOf(current.version)}`,
    );
  }
  return { expectedVersion: current.version };
}

/** POST /{endpoint} (RFC 7644 §3.3): 201 with `Location` and `ETag`. */
export async function createResource(
  runtime: ScimRuntime,
  rt: ResourceTypeSchema,
  request: RouteRequest,
  options: CreateOptions = {},
): Promise<ScimResponse> {
  const body = normalizeInteropBody(
    rt,
    expectObject(await request.body(), "the resource"),
    runtime.interopRules,
  );
  const valid = validateResource(rt, body, { mode: "create", unknownAttributes: runtime.unknownAttributes });
  const safe = await protectResourceSecrets(rt, valid, runtime.secrets);
  const id = options.id ?? runtime.generateId();
  const stored = await runtime.store.create(request.ctx, rt.resourceType.name, forStore(rt, { ...safe, id }));
  await runtime.notifyChange({
    action: "create",
    resourceType: rt.resourceType.name,
    id,
    version: stored.version,
    ctx: request.ctx,
  });
  return resourceResponse(runtime, rt, stored, request, 201);
}

/** GET /{endpoint}/{id} (RFC 7644 §3.4.1), with `If-None-Match` → 304 (§3.14). */
export async function getResource(
  runtime: ScimRuntime,
  rt: ResourceTypeSchema,
  id: string,
  request: RouteRequest,
): Promise<ScimResponse> {
  const projection = projectionFromQuery(request.query);
  const withMembers = !isGroupType(rt) || projectionReturns(projection, rt, "members");
  const stored = await runtime.store.get(request.ctx, rt.resourceType.name, id, { withMembers });
  if (!stored) throw ScimError.notFound(`${rt.resourceType.name} "${id}" not found`);
  const ifNoneMatch = parseEtagCondition(request.headers.get("if-none-match"));
  if (ifNoneMatch && conditionMatches(ifNoneMatch, stored.version)) {
    return { status: 304, headers: { ETag: etagOf(stored.version) } };
  }
  return resourceResponse(runtime, rt, stored, request, 200, projection);
}

/** PUT /{endpoint}/{id} (RFC 7644 §3.5.1): readOnly values ignored, immutable ones enforced. */
export async function replaceResource(
  runtime: ScimRuntime,
  rt: ResourceTypeSchema,
  id: string,
  request: RouteRequest,
): Promise<ScimResponse> {
  const sent = expectObject(await request.body(), "the resource");
  const existing = await runtime.store.get(request.ctx, rt.resourceType.name, id, { withMembers: false });
  if (!existing) throw ScimError.notFound(`${rt.resourceType.name} "${id}" not found`);
  const condition = await writeCondition(runtime, rt, id, request);
  const body = mergeOktaPut(
    rt,
    existing.data,
    normalizeInteropBody(rt, sent, runtime.interopRules),
    runtime.interopRules,
  );
  const valid = validateResource(rt, body, {
    mode: "replace",
    existing: existing.data,
    unknownAttributes: runtime.unknownAttributes,
  });
  const safe = await protectResourceSecrets(rt, valid, runtime.secrets, existing.data);
  const stored = await runtime.store.replace(
    request.ctx,
    rt.resourceType.name,
    id,
    forStore(rt, { ...safe, id }),
    condition,
  );
  await runtime.notifyChange({
    action: "replace",
    resourceType: rt.resourceType.name,
    id,
    version: stored.version,
    ctx: request.ctx,
  });
  return resourceResponse(runtime, rt, stored, request, 200);
}

/**
 * PATCH /{endpoint}/{id} (RFC 7644 §3.5.2). Groups get their member changes as a delta, applied
 * row by row by the store; a PATCH that changes nothing keeps the version.
 */
export async function patchResource(
  runtime: ScimRuntime,
  rt: ResourceTypeSchema,
  id: string,
  request: RouteRequest,
): Promise<ScimResponse> {
  // Secrets are hashed before the store's transaction: the KDF is slow and asynchronous.
  const operations = await protectPatchSecrets(
    rt,
    readPatchOperations(await request.body()),
    runtime.secrets,
  );
  const condition = await writeCondition(runtime, rt, id, request);
  const group = isGroupType(rt);
  const projection = projectionFromQuery(request.query);
  const projectionAsked = projection.attributes !== undefined || projection.excludedAttributes !== undefined;
  const answer = group ? runtime.patchResponse.groups : runtime.patchResponse.others;
  const noContent = answer === "noContent" && !projectionAsked;
  // A big group's member list is only loaded when the response will show it.
  const respondWithMembers = !noContent && projectionReturns(projection, rt, "members");
  let currentMembers: MemberRef[] | undefined;
  if (group && needsCurrentMembers(operations)) {
    const withMembers = await runtime.store.get(request.ctx, rt.resourceType.name, id, { withMembers: true });
    currentMembers = withMembers ? (memberRowsOf(withMembers.data) ?? []) : undefined;
  }
  let versionBefore: string | undefined;
  const stored = await runtime.store.patch(
    request.ctx,
    rt.resourceType.name,
    id,
    (current) => {
      versionBefore = current.version;
      const result = applyPatch(rt, current.data, operations, {
        interop: runtime.interopRules,
        unknownAttributes: runtime.unknownAttributes,
        membersAsDelta: group,
        ...(currentMembers ? { currentMembers } : {}),
      });
      if (group) assertNotOwnMember(id, result.members?.add);
      return {
        ...(result.changed ? { data: forStore(rt, result.resource) } : {}),
        ...(result.members ? { members: result.members } : {}),
      };
    },
    condition,
    { withMembers: group && respondWithMembers },
  );
  // The store decides whether a membership delta changed anything; the version tells.
  if (stored.version !== versionBefore) {
    await runtime.notifyChange({
      action: "patch",
      resourceType: rt.resourceType.name,
      id,
      version: stored.version,
      ctx: request.ctx,
    });
  }
  if (noContent) return { status: 204, headers: { ETag: etagOf(stored.version) } };
  return resourceResponse(runtime, rt, stored, request, 200, projection);
}

/** DELETE /{endpoint}/{id} (RFC 7644 §3.6): 204. */
export async function deleteResource(
  runtime: ScimRuntime,
  rt: ResourceTypeSchema,
  id: string,
  request: RouteRequest,
): Promise<ScimResponse> {
  const condition = await writeCondition(runtime, rt, id, request);
  await runtime.store.delete(request.ctx, rt.resourceType.name, id, condition);
  await runtime.notifyChange({ action: "delete", resourceType: rt.resourceType.name, id, ctx: request.ctx });
  return { status: 204 };
}
