import { randomUUID } from "node:crypto";
import { GROUP_SCHEMA, ScimError, USER_SCHEMA } from "@scimkit/core";
import { expect } from "vitest";
import type { RequestContext } from "../context.js";
import type { ResourceData, ResourceStore, StoredResource } from "../store/store.js";

/** The fresh store and tenant of the running contract test. */
export interface StoreInTest {
  readonly store: ResourceStore;
  readonly ctx: RequestContext;
}

/**
 * Registers one contract test: vitest's `it`, with a body that receives the store and tenant
 * `runStoreContract` made for it.
 */
export type ContractTest = (name: string, body: (subject: StoreInTest) => Promise<void>) => void;

/** A request context of `tenantId`. */
export function contextFor(tenantId: string): RequestContext {
  return { tenantId, baseUrl: "https://scim.example.com/v2", attributes: new Map() };
}

/** A new User with a fresh id and this `userName`. */
export function userData(userName: string, extra: ResourceData = {}): ResourceData {
  return { id: randomUUID(), schemas: [USER_SCHEMA], userName, ...extra };
}

/** A new Group with a fresh id whose members are these User ids. */
export function groupData(displayName: string, members: string[] = []): ResourceData {
  const data: ResourceData = { id: randomUUID(), schemas: [GROUP_SCHEMA], displayName };
  if (members.length > 0) data.members = members.map((value) => ({ value, type: "User" }));
  return data;
}

/** Asserts that `promise` rejects with a `ScimError` of this status (and scimType). */
export async function expectScimError(
  promise: Promise<unknown>,
  status: number,
  scimType?: string,
): Promise<void> {
  let caught: unknown;
  try {
    await promise;
  } catch (error) {
    caught = error;
  }
  expect(ScimError.is(caught), `expected a ScimError ${status}, got ${String(caught)}`).toBe(true);
  const error = caught as ScimError;
  expect(error.status).toBe(status);
  if (scimType !== undefined) expect(error.scimType).toBe(scimType);
}

/** The sorted member ids of a Group. */
export const memberIds = (stored: StoredResource | undefined): string[] =>
  ((stored?.data.members as { value: string }[] | undefined) ?? []).map((m) => m.value).sort();

/** The sorted group ids of a User. */
export const groupIds = (stored: StoredResource | undefined): string[] =>
  ((stored?.data.groups as { value: string }[] | undefined) ?? []).map((g) => g.value).sort();
