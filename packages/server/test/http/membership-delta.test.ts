import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RequestContext } from "../../src/context.js";
import { MemoryStore } from "../../src/store/memory.js";
import type {
  GetOptions,
  PatchPlan,
  ResourceData,
  StoredResource,
  WriteCondition,
} from "../../src/store/store.js";
import { call, GROUP, PATCH_OP, type RunningServer, startServer, USER } from "./harness.js";

/** Records what the server asks of the store, to prove member changes are deltas. */
class RecordingStore extends MemoryStore {
  readonly plans: PatchPlan[] = [];
  readonly patchOptions: (GetOptions | undefined)[] = [];
  replaces = 0;

  override async patch(
    ctx: RequestContext,
    resourceType: string,
    id: string,
    plan: (current: StoredResource) => PatchPlan,
    condition?: WriteCondition,
    options?: GetOptions,
  ): Promise<StoredResource> {
    this.patchOptions.push(options);
    return super.patch(
      ctx,
      resourceType,
      id,
      (current) => {
        const result = plan(current);
        this.plans.push(result);
        return result;
      },
      condition,
      options,
    );
  }

  override async replace(
    ctx: RequestContext,
    resourceType: string,
    id: string,
    data: ResourceData,
    condition?: WriteCondition,
  ): Promise<StoredResource> {
    this.replaces += 1;
    return super.replace(ctx, resourceType, id, data, condition);
  }
}

describe("group membership is changed by deltas (no read-modify-write of the member list)", () => {
  const store = new RecordingStore();
  let server: RunningServer;
  let base: string;
  let groupId: string;
  const memberIds: string[] = [];
  beforeAll(async () => {
    server = await startServer("fetch", { store });
    base = server.baseUrl;
    for (let i = 0; i < 200; i++) memberIds.push(crypto.randomUUID());
    const group = await call(base, "POST", "/Groups", {
      schemas: [GROUP],
      displayName: "Big",
      members: memberIds.map((value) => ({ value, type: "User" })),
    });
    groupId = group.body.id;
  });
  afterAll(() => server.close());

  it("PATCH add of one member hands the store one added row and no member array (RFC 7644 §3.5.2.1)", async () => {
    const newcomer = (await call(base, "POST", "/Users", { schemas: [USER], userName: "newcomer" })).body.id;
    store.plans.length = 0;
    const response = await call(base, "PATCH", `/Groups/${groupId}?excludedAttributes=members`, {
      schemas: [PATCH_OP],
      Operations: [{ op: "add", path: "members", value: [{ value: newcomer }] }],
    });
    expect(response.status).toBe(200);
    expect(store.plans).toHaveLength(1);
    const plan = store.plans[0];
    expect(plan?.members?.add?.map((m) => m.value)).toEqual([newcomer]);
    expect(plan?.data?.members).toBeUndefined();
    expect(store.replaces).toBe(0);
    // The response excludes members, so the store need not load 200 member rows for it.
    expect(store.patchOptions.at(-1)?.withMembers).toBe(false);
    expect(response.body.members).toBeUndefined();
    const group = await call(base, "GET", `/Groups/${groupId}`);
    expect(group.body.members).toHaveLength(201);
  });

  it("PATCH remove of one member hands the store one removed id (RFC 7644 §3.5.2.2)", async () => {
    store.plans.length = 0;
    const gone = memberIds[17] as string;
    await call(base, "PATCH", `/Groups/${groupId}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: "remove", path: `members[value eq "${gone}"]` }],
    });
    expect(store.plans[0]?.members?.remove).toEqual([gone]);
    expect(store.plans[0]?.data).toBeUndefined();
    const group = await call(base, "GET", `/Groups/${groupId}`);
    expect(group.body.members.map((m: { value: string }) => m.value)).not.toContain(gone);
  });

  it("a schema-qualified member filter other than value eq is applied to the loaded members (RFC 7644 §3.5.2, §3.10)", async () => {
    const kept = memberIds[3] as string;
    const response = await call(base, "PATCH", `/Groups/${groupId}`, {
      schemas: [PATCH_OP],
      Operations: [
        {
          op: "remove",
          path: `urn:ietf:params:scim:schemas:core:2.0:Group:members[value eq "${kept}" and type eq "User"]`,
        },
      ],
    });
    expect(response.status).toBe(204);
    const group = await call(base, "GET", `/Groups/${groupId}`);
    expect(group.body.members.map((m: { value: string }) => m.value)).not.toContain(kept);
  });
});
