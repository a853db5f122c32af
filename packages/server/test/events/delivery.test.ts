import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { USER_SCHEMA } from "@scimkit/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  EventDispatcher,
  type IdentityEvent,
  SIGNATURE_HEADER,
  signWebhook,
  verifyWebhookSignature,
} from "../../src/events/index.js";
import type { ScimServer } from "../../src/server.js";
import { type OpenedStore, openStore, STORE_KINDS } from "../journal/stores.js";
import { callScim, scimOver } from "./http-core.js";

const quiet = { error: () => {}, warn: () => {} };
const fastRetry = { backoff: { baseMs: 5, maxMs: 20 }, logger: quiet };

async function until(condition: () => boolean | Promise<boolean>, what: string, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** A webhook receiver on 127.0.0.1 that checks signatures and fails the first `failFirst` deliveries. */
async function startReceiver(secrets: readonly string[], failFirst: number) {
  const received: { event: IdentityEvent; verified: boolean; status: number }[] = [];
  let calls = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const header = req.headers[SIGNATURE_HEADER.toLowerCase()];
      const verified = verifyWebhookSignature({
        body,
        header: typeof header === "string" ? header : undefined,
        secrets,
      });
      calls += 1;
      const status = !verified ? 400 : calls <= failFirst ? 503 : 204;
      received.push({ event: JSON.parse(body) as IdentityEvent, verified, status });
      res.statusCode = status;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/scim`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe("webhook signatures", () => {
  it("verify accepts any current secret, rejects a changed body, a foreign secret and an old timestamp", () => {
    const body = JSON.stringify({ id: "e1" });
    const now = 1_800_000_000;
    const header = signWebhook(body, ["old-secret", "new-secret"], now);
    expect(header).toMatch(/^t=1800000000,v1=[0-9a-f]{64},v1=[0-9a-f]{64}$/);
    expect(verifyWebhookSignature({ body, header, secrets: ["new-secret"], now })).toBe(true);
    expect(verifyWebhookSignature({ body, header, secrets: ["old-secret"], now })).toBe(true);
    expect(verifyWebhookSignature({ body: `${body} `, header, secrets: ["new-secret"], now })).toBe(false);
    expect(verifyWebhookSignature({ body, header, secrets: ["other"], now })).toBe(false);
    expect(verifyWebhookSignature({ body, header, secrets: ["new-secret"], now: now + 301 })).toBe(false);
    expect(verifyWebhookSignature({ body, header: "garbage", secrets: ["new-secret"], now })).toBe(false);
    expect(verifyWebhookSignature({ body, header: undefined, secrets: ["new-secret"], now })).toBe(false);
  });
});

describe.each(STORE_KINDS)("event delivery on %s", (kind) => {
  let opened: OpenedStore;
  let scim: ScimServer;
  beforeAll(async () => {
    opened = await openStore(kind);
    scim = scimOver(opened.store, opened.registry);
  });
  afterAll(() => opened.close());

  const createUsers = async (tenant: string, names: string[]) => {
    const ids: string[] = [];
    for (const userName of names) {
      const created = await callScim(
        scim,
        "POST",
        "/Users",
        { schemas: [USER_SCHEMA], userName },
        { "x-tenant": tenant },
      );
      expect(created.status).toBe(201);
      ids.push(created.body.id);
    }
    return ids;
  };

  it("an in-process subscriber gets each event after commit, in order; a throwing handler is retried with backoff", async () => {
    const tenant = `t-${randomUUID()}`;
    const dispatcher = new EventDispatcher(opened.store, { ...fastRetry, pollIntervalMs: 50 });
    const seen: string[] = [];
    let failures = 2;
    await dispatcher.subscribe({ name: `inproc-${tenant}`, tenant }, (event) => {
      if (failures > 0) {
        failures -= 1;
        throw new Error("downstream unavailable");
      }
      seen.push(event.resourceId);
    });
    dispatcher.start();
    try {
      const ids = await createUsers(tenant, ["a", "b", "c"]);
      await until(() => seen.length === 3, "three deliveries");
      expect(seen).toEqual(ids);
      await until(async () => (await delivered(dispatcher, `inproc-${tenant}`)) === 3, "the recorded status");
      const [status] = (await dispatcher.status()).filter((s) => s.name === `inproc-${tenant}`);
      expect(status).toMatchObject({ delivered: 3, attempts: 0, lastError: null, local: true });
      expect(status?.lastDeliveredAt).not.toBeNull();
    } finally {
      await dispatcher.stop();
    }
  });

  it("a failing subscriber's status shows its attempts and last error, and it resumes where it stopped", async () => {
    const tenant = `t-${randomUUID()}`;
    const name = `stuck-${tenant}`;
    const first = new EventDispatcher(opened.store, { backoff: { baseMs: 60_000 }, logger: quiet });
    await first.subscribe({ name, tenant }, () => {
      throw new Error("receiver is down");
    });
    const ids = await createUsers(tenant, ["x", "y"]);
    // On PostgreSQL a reader sees the journal only below the oldest transaction still running
    // (another test's, in this database), so the first pass may find nothing to deliver yet.
    await until(async () => {
      await first.runOnce();
      return ((await first.status()).find((s) => s.name === name)?.attempts ?? 0) > 0;
    }, "the first failed delivery");
    const [stuck] = (await first.status()).filter((s) => s.name === name);
    expect(stuck).toMatchObject({ attempts: 1, lastError: "receiver is down", delivered: 0 });
    expect(Date.parse(stuck!.nextAttemptAt!)).toBeGreaterThan(Date.now() + 30_000);
    // A restarted process (a new dispatcher, same subscription name) waits out the backoff…
    const second = new EventDispatcher(opened.store, fastRetry);
    const got: string[] = [];
    await second.subscribe({ name, tenant }, (event) => {
      got.push(event.resourceId);
    });
    await second.runOnce();
    expect(got).toEqual([]);
    // …and, once it is over, delivers from the stored cursor: nothing lost.
    await opened.store.journal!.releaseSubscription(name, "nobody", {
      cursor: stuck!.cursor,
      attempts: 1,
      lastError: null,
      lastAttemptAt: null,
      lastDeliveredAt: null,
      nextAttemptAt: null,
      deliveredDelta: 0,
    });
    await resetBackoff(opened, name);
    await second.drain();
    expect(got).toEqual(ids);
  });

  it("a webhook receiver on 127.0.0.1 verifies every signature and sees the retries of failed deliveries", async () => {
    const tenant = `t-${randomUUID()}`;
    // Rotation: the receiver already accepts the new secret while the sender still signs with both.
    const receiver = await startReceiver(["new-secret"], 2);
    const dispatcher = new EventDispatcher(opened.store, { ...fastRetry, pollIntervalMs: 50 });
    await dispatcher.webhook({
      name: `hook-${tenant}`,
      tenant,
      url: receiver.url,
      secrets: ["old-secret", "new-secret"],
    });
    dispatcher.start();
    try {
      const ids = await createUsers(tenant, ["w1", "w2"]);
      await until(
        () => receiver.received.filter((r) => r.status === 204).length === 2,
        "two accepted deliveries",
      );
      expect(receiver.received.every((r) => r.verified)).toBe(true);
      // The first event was refused twice (503) and retried; every event arrived, in order.
      expect(receiver.received.map((r) => [r.event.resourceId, r.status])).toEqual([
        [ids[0], 503],
        [ids[0], 503],
        [ids[0], 204],
        [ids[1], 204],
      ]);
      await until(async () => (await delivered(dispatcher, `hook-${tenant}`)) === 2, "the recorded status");
      // A redelivery carries the same event id.
      expect(new Set(receiver.received.slice(0, 3).map((r) => r.event.id)).size).toBe(1);
      const [status] = (await dispatcher.status()).filter((s) => s.name === `hook-${tenant}`);
      expect(status).toMatchObject({ delivered: 2, attempts: 0, lastError: null });
    } finally {
      await dispatcher.stop();
      await receiver.close();
    }
  });

  it("two instances sharing one subscription deliver each event once (the lease)", async () => {
    const tenant = `t-${randomUUID()}`;
    const name = `shared-${tenant}`;
    const got: string[] = [];
    const instances = [0, 1].map(() => new EventDispatcher(opened.store, { ...fastRetry, batchSize: 3 }));
    for (const instance of instances) {
      await instance.subscribe({ name, tenant, startAt: "beginning" }, async (event) => {
        got.push(event.id);
        await new Promise((resolve) => setTimeout(resolve, 1));
      });
    }
    await createUsers(
      tenant,
      Array.from({ length: 12 }, (_, i) => `m${i}`),
    );
    await Promise.all(instances.map((instance) => instance.drain()));
    await Promise.all(instances.map((instance) => instance.drain()));
    expect(got).toHaveLength(12);
    expect(new Set(got).size).toBe(12);
  });
});

async function delivered(dispatcher: EventDispatcher, name: string): Promise<number | undefined> {
  return (await dispatcher.status()).find((status) => status.name === name)?.delivered;
}

/** Ends a subscription's backoff now (what waiting it out would do). */
async function resetBackoff(opened: OpenedStore, name: string): Promise<void> {
  const journal = opened.store.journal!;
  const state = await journal.claimSubscription(
    name,
    "reset",
    new Date(Date.now() + 1000).toISOString(),
    "9999-12-31T00:00:00.000Z",
  );
  if (!state) throw new Error("could not claim the subscription");
  await journal.releaseSubscription(name, "reset", {
    cursor: state.cursor,
    attempts: state.attempts,
    lastError: state.lastError,
    lastAttemptAt: state.lastAttemptAt,
    lastDeliveredAt: state.lastDeliveredAt,
    nextAttemptAt: null,
    deliveredDelta: 0,
  });
}
