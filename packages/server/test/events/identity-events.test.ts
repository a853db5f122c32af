import { randomUUID } from "node:crypto";
import { GROUP_SCHEMA, USER_SCHEMA } from "@scimkit/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EventFeed, type IdentityEvent, InvalidCursorError } from "../../src/events/index.js";
import type { ScimServer } from "../../src/server.js";
import { type OpenedStore, openStore, STORE_KINDS } from "../journal/stores.js";
import { callScim, scimOver } from "./http-core.js";

const PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

describe.each(STORE_KINDS)("identity events on %s", (kind) => {
  let opened: OpenedStore;
  let scim: ScimServer;
  let feed: EventFeed;
  beforeAll(async () => {
    opened = await openStore(kind);
    scim = scimOver(opened.store, opened.registry);
    feed = new EventFeed(opened.store);
  });
  afterAll(() => opened.close());

  async function all(tenant: string): Promise<IdentityEvent[]> {
    return (await feed.list({ tenant, limit: 1000 })).events;
  }

  it("derives the issue 14 event types from Entra ID and Okta style writes", async () => {
    const tenant = `t-${randomUUID()}`;
    const h = { "x-tenant": tenant, "x-request-id": "req-1" };
    const user = (
      await callScim(scim, "POST", "/Users", { schemas: [USER_SCHEMA], userName: "u1", active: true }, h)
    ).body;
    const patch = (operations: unknown[]) => ({ schemas: [PATCH_OP], Operations: operations });
    // Entra ID deactivates with the string "False".
    await callScim(
      scim,
      "PATCH",
      `/Users/${user.id}`,
      patch([{ op: "replace", path: "active", value: "False" }]),
      h,
    );
    await callScim(
      scim,
      "PATCH",
      `/Users/${user.id}`,
      patch([{ op: "replace", path: "active", value: true }]),
      h,
    );
    await callScim(
      scim,
      "PATCH",
      `/Users/${user.id}`,
      patch([{ op: "replace", path: "displayName", value: "U One" }]),
      h,
    );
    // Okta deactivates by PUT with active false, and changes a name in the same request.
    await callScim(
      scim,
      "PUT",
      `/Users/${user.id}`,
      { schemas: [USER_SCHEMA], userName: "u1", active: false, displayName: "U 1" },
      h,
    );
    const other = (await callScim(scim, "POST", "/Users", { schemas: [USER_SCHEMA], userName: "u2" }, h))
      .body;
    const group = (
      await callScim(
        scim,
        "POST",
        "/Groups",
        { schemas: [GROUP_SCHEMA], displayName: "Eng", members: [{ value: user.id }] },
        h,
      )
    ).body;
    await callScim(
      scim,
      "PATCH",
      `/Groups/${group.id}`,
      patch([{ op: "add", path: "members", value: [{ value: other.id }] }]),
      h,
    );
    await callScim(
      scim,
      "PATCH",
      `/Groups/${group.id}`,
      patch([{ op: "remove", path: `members[value eq "${user.id}"]` }]),
      h,
    );
    await callScim(scim, "DELETE", `/Groups/${group.id}`, undefined, h);
    await callScim(scim, "DELETE", `/Users/${user.id}`, undefined, h);

    const events = await all(tenant);
    expect(events.map((e) => [e.type, e.resourceId])).toEqual([
      ["user.created", user.id],
      ["user.deactivated", user.id],
      ["user.reactivated", user.id],
      ["user.updated", user.id],
      ["user.deactivated", user.id],
      ["user.updated", user.id],
      ["user.created", other.id],
      ["group.created", group.id],
      ["group.member_added", group.id],
      ["group.member_added", group.id],
      ["group.member_removed", group.id],
      ["group.deleted", group.id],
      ["user.deleted", user.id],
    ]);
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
    for (const event of events) expect(event).toMatchObject({ tenant, requestId: "req-1", actor: "tok-1" });
    expect(events[1]?.changes).toEqual([{ path: "active", before: true, after: false }]);
    expect(events[5]?.changes).toEqual([{ path: "displayName", before: "U One", after: "U 1" }]);
    expect(events[8]?.data).toEqual({ member: { value: user.id } });
    expect(events[9]?.data).toEqual({ member: { value: other.id } });
    expect(events[10]?.data).toEqual({ member: { value: user.id } });
  });

  it("a consumer pulling one event at a time with the cursor sees exactly the full sequence", async () => {
    const tenant = `t-${randomUUID()}`;
    const h = { "x-tenant": tenant };
    const members = Array.from({ length: 5 }, () => ({ value: randomUUID() }));
    await callScim(scim, "POST", "/Groups", { schemas: [GROUP_SCHEMA], displayName: "G", members }, h);
    await callScim(scim, "POST", "/Users", { schemas: [USER_SCHEMA], userName: "late" }, h);
    const everything = await all(tenant);
    expect(everything).toHaveLength(7);
    const pulled: IdentityEvent[] = [];
    let cursor = "";
    for (let i = 0; i < 20; i++) {
      const page = await feed.list({ tenant, after: cursor, limit: 1 });
      pulled.push(...page.events);
      if (page.events.length === 0) {
        expect(page.nextCursor).toBe(cursor);
        break;
      }
      cursor = page.nextCursor;
    }
    expect(pulled.map((e) => e.id)).toEqual(everything.map((e) => e.id));
    // Any event's cursor resumes right after it (inside a multi-event entry too).
    const resumed = await feed.list({ tenant, after: everything[2]!.cursor, limit: 100 });
    expect(resumed.events.map((e) => e.id)).toEqual(everything.slice(3).map((e) => e.id));
    // Another tenant's feed does not see these.
    expect((await feed.list({ tenant: `t-${randomUUID()}` })).events).toEqual([]);
    await expect(feed.list({ after: "not-a-cursor" })).rejects.toBeInstanceOf(InvalidCursorError);
  });
});
