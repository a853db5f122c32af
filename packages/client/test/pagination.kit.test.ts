/**
 * Paging across 1,050 users on the real server kit over HTTP: index paging (RFC 7644 §3.4.2.4)
 * and cursor paging (RFC 9865) with page sizes 1, 100 and 1,000.
 */
import { USER_SCHEMA } from "@scimkit/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createScimClient, failedBulkOperations, type ScimClient } from "../src/index.js";
import { type RunningScimKit, startScimKit } from "./support/scim-kit-server.js";

const USER_COUNT = 1050;

let kit: RunningScimKit;
let client: ScimClient;
const seededIds = new Set<string>();

beforeAll(async () => {
  kit = await startScimKit();
  client = createScimClient({ baseUrl: kit.baseUrl, token: "t", retry: false });
  // Seed through the API itself: two bulk requests (the kit's bulk.maxOperations is 1,000).
  const names = Array.from({ length: USER_COUNT }, (_, index) => `user${String(index).padStart(4, "0")}`);
  for (const batch of [names.slice(0, 1000), names.slice(1000)]) {
    const response = await client.bulk(
      batch.map((userName) => ({
        method: "POST" as const,
        path: "/Users",
        bulkId: userName,
        data: { schemas: [USER_SCHEMA], userName, active: Number(userName.slice(4)) % 3 !== 0 },
      })),
    );
    expect(failedBulkOperations(response)).toEqual([]);
    for (const operation of response.Operations) seededIds.add(operation.location?.split("/").pop() ?? "");
  }
  expect(seededIds.size).toBe(USER_COUNT);
}, 60_000);
afterAll(() => kit.close());

async function walk(pagination: "index" | "cursor" | "auto", pageSize: number) {
  const before = kit.requests.length;
  const connectionsBefore = kit.connections();
  const ids: string[] = [];
  for await (const user of client.users.iterate({ pagination, pageSize, attributes: ["userName"] })) {
    ids.push(user.id ?? "");
  }
  // Keep-alive: a walk of up to 1,050 requests reuses a handful of sockets.
  expect(kit.connections() - connectionsBefore).toBeLessThanOrEqual(2);
  return { ids, requests: kit.requests.slice(before) };
}

describe.each([1, 100, 1000])("page size %i", (pageSize) => {
  const expectedPages = Math.ceil(USER_COUNT / pageSize);

  it("index paging yields every user exactly once, in ceil(1050 / size) requests", async () => {
    const { ids, requests } = await walk("index", pageSize);
    expect(ids).toHaveLength(USER_COUNT);
    expect(new Set(ids)).toEqual(seededIds);
    expect(requests).toHaveLength(expectedPages);
    expect(requests[0]).toContain(`startIndex=1&count=${pageSize}`);
    expect(requests.every((line) => !line.includes("cursor"))).toBe(true);
  }, 120_000);

  it("cursor paging (RFC 9865 §2) yields every user exactly once", async () => {
    const { ids, requests } = await walk("cursor", pageSize);
    expect(ids).toHaveLength(USER_COUNT);
    expect(new Set(ids)).toEqual(seededIds);
    expect(requests).toHaveLength(expectedPages);
    // RFC 9865 §2: the first request carries an empty cursor.
    expect(new URL(requests[0].split(" ")[1], "http://x").searchParams.get("cursor")).toBe("");
    expect(requests.every((line) => !line.includes("startIndex"))).toBe(true);
  }, 120_000);
});

describe("pagination choice", () => {
  it("'auto' picks cursors because the kit's ServiceProviderConfig advertises pagination.cursor (RFC 9865 §4)", async () => {
    const fresh = createScimClient({ baseUrl: kit.baseUrl, token: "t" });
    const before = kit.requests.length;
    let count = 0;
    for await (const _user of fresh.users.iterate({ pageSize: 500 })) count++;
    const requests = kit.requests.slice(before);
    expect(count).toBe(USER_COUNT);
    expect(requests[0]).toBe("GET /scim/v2/ServiceProviderConfig");
    expect(requests.slice(1).every((line) => line.includes("cursor="))).toBe(true);
    expect(requests).toHaveLength(1 + 3);
  });

  it("a count above the service's maxResults is capped by the service and still walks everything", async () => {
    const capped = await startScimKit({ limits: { maxResults: 300 } });
    try {
      const cappedClient = createScimClient({ baseUrl: capped.baseUrl, pagination: "index" });
      const seeded = await cappedClient.bulk(
        Array.from({ length: 700 }, (_, index) => ({
          method: "POST" as const,
          path: "/Users",
          bulkId: `c${index}`,
          data: { schemas: [USER_SCHEMA], userName: `capped${index}` },
        })),
      );
      expect(failedBulkOperations(seeded)).toEqual([]);
      const before = capped.requests.length;
      let count = 0;
      for await (const _user of cappedClient.users.iterate({ pageSize: 1000 })) count++;
      expect(count).toBe(700);
      // 300 + 300 + 100: startIndex advances by what was returned, not by the count asked for.
      expect(
        capped.requests
          .slice(before)
          .map((line) => new URL(line.split(" ")[1], "http://x").searchParams.get("startIndex")),
      ).toEqual(["1", "301", "601"]);
    } finally {
      await capped.close();
    }
  });

  it("filters are applied on every page (inactive users only)", async () => {
    let count = 0;
    for await (const user of client.users.iterate({
      filter: "active eq false",
      pageSize: 100,
      pagination: "cursor",
    })) {
      expect(user.active).toBe(false);
      count++;
    }
    expect(count).toBe(350);
  });
});
