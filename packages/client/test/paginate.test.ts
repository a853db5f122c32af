import { afterEach, describe, expect, it } from "vitest";
import { createScimClient, paginate, ScimPaginationError } from "../src/index.js";
import type { ListPage } from "../src/resource.js";
import {
  type HttpTestServer,
  type RecordedRequest,
  startHttpTestServer,
} from "./support/http-test-server.js";

interface Row {
  schemas: string[];
  id: string;
  userName: string;
}
const rows: Row[] = Array.from({ length: 25 }, (_, index) => ({
  schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
  id: `u${String(index + 1).padStart(2, "0")}`,
  userName: `user${index + 1}`,
}));

/** How a scripted service misreports its pages. */
interface Quirks {
  /** Never returns more than this per page, whatever `count` says. */
  maxPageSize?: number;
  /** Replaces `totalResults` in every page. */
  totalResults?: (actualTotal: number, pageLength: number) => number | undefined;
  /** Ignores startIndex and always serves the first page. */
  ignoreStartIndex?: boolean;
}

function indexPagedService(quirks: Quirks = {}) {
  return (request: RecordedRequest) => {
    const url = new URL(request.url, "http://x");
    const startIndex = quirks.ignoreStartIndex ? 1 : Number(url.searchParams.get("startIndex") ?? 1);
    const count = Math.min(
      Number(url.searchParams.get("count") ?? 100),
      quirks.maxPageSize ?? Number.POSITIVE_INFINITY,
    );
    const page = rows.slice(startIndex - 1, startIndex - 1 + count);
    const totalResults = quirks.totalResults ? quirks.totalResults(rows.length, page.length) : rows.length;
    const body: Record<string, unknown> = {
      schemas: ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
      startIndex,
      itemsPerPage: page.length,
      Resources: page,
    };
    if (totalResults !== undefined) body.totalResults = totalResults;
    return { status: 200, body };
  };
}

let server: HttpTestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function collect(quirks: Quirks, pageSize: number): Promise<{ ids: string[]; requests: number }> {
  server = await startHttpTestServer(indexPagedService(quirks));
  const client = createScimClient({ baseUrl: server.baseUrl, pagination: "index" });
  const ids: string[] = [];
  for await (const user of client.users.iterate({ pageSize })) ids.push(user.id ?? "");
  return { ids, requests: server.requests.length };
}

describe("index paging (RFC 7644 §3.4.2.4)", () => {
  it("walks every page and stops at totalResults without an extra request", async () => {
    const result = await collect({}, 10);
    expect(result.ids).toEqual(rows.map((row) => row.id));
    expect(result.requests).toBe(3);
    expect(server?.requests.map((request) => request.url)).toEqual([
      "/scim/v2/Users?startIndex=1&count=10",
      "/scim/v2/Users?startIndex=11&count=10",
      "/scim/v2/Users?startIndex=21&count=10",
    ]);
  });

  it("§3.4.2.4 'MAY return fewer results': a service capping count is walked by what it returned", async () => {
    const result = await collect({ maxPageSize: 7 }, 10);
    expect(result.ids).toEqual(rows.map((row) => row.id));
    expect(
      server?.requests.map((request) => new URL(request.url, "http://x").searchParams.get("startIndex")),
    ).toEqual(["1", "8", "15", "22"]);
  });

  it("overstated totalResults: stops at the first empty page", async () => {
    const result = await collect({ totalResults: () => 1000 }, 10);
    expect(result.ids).toHaveLength(25);
    expect(result.requests).toBe(4);
  });

  it("totalResults smaller than what was already received is ignored; the short page ends the walk", async () => {
    // Seen in the wild: the first page carries the real total, later pages carry the page length.
    let calls = 0;
    const result = await collect(
      { totalResults: (total, pageLength) => (calls++ === 0 ? total : pageLength) },
      10,
    );
    expect(result.ids).toEqual(rows.map((row) => row.id));
    expect(result.requests).toBe(3);
  });

  it("missing totalResults: a short page is the last page", async () => {
    const result = await collect({ totalResults: () => undefined }, 10);
    expect(result.ids).toHaveLength(25);
    expect(result.requests).toBe(3);
  });

  it("a service that ignores startIndex is detected instead of looping forever", async () => {
    server = await startHttpTestServer(indexPagedService({ ignoreStartIndex: true }));
    const client = createScimClient({ baseUrl: server.baseUrl, pagination: "index" });
    const ids: string[] = [];
    const run = async () => {
      for await (const user of client.users.iterate({ pageSize: 10 })) ids.push(user.id ?? "");
    };
    await expect(run()).rejects.toBeInstanceOf(ScimPaginationError);
    expect(ids).toHaveLength(10);
    expect(server.requests).toHaveLength(2);
  });

  it("maxPages bounds the walk", async () => {
    server = await startHttpTestServer(indexPagedService());
    const client = createScimClient({ baseUrl: server.baseUrl, pagination: "index" });
    const run = async () => {
      for await (const _user of client.users.iterate({ pageSize: 1, maxPages: 5 })) {
        // drain
      }
    };
    await expect(run()).rejects.toMatchObject({ name: "ScimPaginationError", yielded: 5 });
  });

  it("an empty result is one request and yields nothing (RFC 7644 §3.4.2: Resources may be absent)", async () => {
    server = await startHttpTestServer(() => ({ status: 200, body: { totalResults: 0 } }));
    const client = createScimClient({ baseUrl: server.baseUrl, pagination: "index" });
    const seen: unknown[] = [];
    for await (const user of client.users.iterate()) seen.push(user);
    expect(seen).toEqual([]);
    expect(server.requests).toHaveLength(1);
  });

  it("rejects a non-positive page size before sending anything", async () => {
    const pages = paginate<Row>(async () => ({ totalResults: 0, Resources: [] }), {
      method: "index",
      pageSize: 0,
    });
    await expect(pages.next()).rejects.toBeInstanceOf(RangeError);
  });
});

describe("cursor paging (RFC 9865)", () => {
  function cursorService(options: { repeatCursor?: boolean } = {}) {
    return (request: RecordedRequest) => {
      const url = new URL(request.url, "http://x");
      const cursor = url.searchParams.get("cursor");
      const count = Number(url.searchParams.get("count"));
      const start = cursor ? Number(cursor.replace("c", "")) : 0;
      const page = rows.slice(start, start + count);
      const next = start + count < rows.length ? `c${start + count}` : undefined;
      const body: ListPage<Row> = { totalResults: rows.length, itemsPerPage: page.length, Resources: page };
      if (next) body.nextCursor = options.repeatCursor ? "c10" : next;
      return { status: 200, body };
    };
  }

  it("§2: first request sends an empty cursor, then follows nextCursor until it is absent", async () => {
    server = await startHttpTestServer(cursorService());
    const client = createScimClient({ baseUrl: server.baseUrl, pagination: "cursor" });
    const ids: string[] = [];
    for await (const user of client.users.iterate({ pageSize: 10 })) ids.push(user.id ?? "");
    expect(ids).toEqual(rows.map((row) => row.id));
    expect(server.requests.map((request) => request.url)).toEqual([
      "/scim/v2/Users?count=10&cursor=",
      "/scim/v2/Users?count=10&cursor=c10",
      "/scim/v2/Users?count=10&cursor=c20",
    ]);
  });

  it("a repeated cursor stops with ScimPaginationError instead of looping", async () => {
    server = await startHttpTestServer(cursorService({ repeatCursor: true }));
    const client = createScimClient({ baseUrl: server.baseUrl, pagination: "cursor" });
    const run = async () => {
      for await (const _user of client.users.iterate({ pageSize: 10 })) {
        // drain
      }
    };
    await expect(run()).rejects.toBeInstanceOf(ScimPaginationError);
    expect(server.requests).toHaveLength(2);
  });

  it("§2.4 cursors as the only method: index paging follows a nextCursor the service sends anyway", async () => {
    const cursorOnly = cursorService();
    server = await startHttpTestServer((request) => {
      // This service ignores startIndex and answers every request with cursor pages.
      const url = new URL(request.url, "http://x");
      url.searchParams.delete("startIndex");
      return cursorOnly({ ...request, url: `${url.pathname}${url.search}` });
    });
    const client = createScimClient({ baseUrl: server.baseUrl, pagination: "index" });
    const ids: string[] = [];
    for await (const user of client.users.iterate({ pageSize: 10 })) ids.push(user.id ?? "");
    expect(ids).toEqual(rows.map((row) => row.id));
    expect(server.requests.map((request) => request.url)).toEqual([
      "/scim/v2/Users?startIndex=1&count=10",
      "/scim/v2/Users?count=10&cursor=c10",
      "/scim/v2/Users?count=10&cursor=c20",
    ]);
  });

  it("§2: a cursor service may omit totalResults; paging still ends at the page without nextCursor", async () => {
    const list = cursorService();
    server = await startHttpTestServer((request) => {
      const answer = list(request);
      const { totalResults: _omitted, ...body } = answer.body;
      return { status: 200, body };
    });
    const client = createScimClient({ baseUrl: server.baseUrl, pagination: "cursor" });
    let count = 0;
    for await (const _user of client.users.iterate({ pageSize: 7 })) count++;
    expect(count).toBe(25);
    expect(server.requests).toHaveLength(4);
  });

  it("'auto' reads ServiceProviderConfig once and uses cursors when pagination.cursor is true (§4)", async () => {
    const list = cursorService();
    server = await startHttpTestServer((request) =>
      request.url.endsWith("/ServiceProviderConfig")
        ? { status: 200, body: { pagination: { cursor: true, index: true } } }
        : list(request),
    );
    const client = createScimClient({ baseUrl: server.baseUrl });
    for (let run = 0; run < 2; run++) {
      for await (const _user of client.users.iterate({ pageSize: 20 })) {
        // drain
      }
    }
    const urls = server.requests.map((request) => request.url);
    expect(urls.filter((url) => url.endsWith("/ServiceProviderConfig"))).toHaveLength(1);
    expect(urls.filter((url) => url.includes("cursor="))).toHaveLength(4);
  });

  it("'auto' falls back to index paging when discovery fails or advertises no cursor", async () => {
    const list = indexPagedService();
    server = await startHttpTestServer((request) =>
      request.url.endsWith("/ServiceProviderConfig")
        ? { status: 404, body: "no discovery here" }
        : list(request),
    );
    const client = createScimClient({ baseUrl: server.baseUrl });
    const ids: string[] = [];
    for await (const user of client.users.iterate({ pageSize: 20 })) ids.push(user.id ?? "");
    expect(ids).toHaveLength(25);
    expect(server.requests.filter((request) => request.url.includes("startIndex="))).toHaveLength(2);
  });
});
