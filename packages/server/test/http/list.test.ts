import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ADAPTERS,
  call,
  createUser,
  ENTERPRISE,
  GROUP,
  isScimError,
  LIST_RESPONSE,
  type RunningServer,
  SEARCH_REQUEST,
  startServer,
  USER,
} from "./harness.js";

const names = (body: { Resources: { userName?: string; displayName?: string }[] }): (string | undefined)[] =>
  body.Resources.map((r) => r.userName ?? r.displayName);

describe.each(ADAPTERS)("list and search over %s", (adapter) => {
  let server: RunningServer;
  let base: string;
  beforeAll(async () => {
    server = await startServer(adapter, { limits: { maxResults: 5, defaultPageSize: 4 } });
    base = server.baseUrl;
    for (const [userName, title, department] of [
      ["carol", "Engineer", "R&D"],
      ["alice", "Manager", "Sales"],
      ["Bob", undefined, "Sales"],
      ["dave", "Engineer", undefined],
      ["erin", "Intern", "R&D"],
      ["frank", "Engineer", "Ops"],
    ] as const) {
      await createUser(base, userName, {
        schemas: department ? [USER, ENTERPRISE] : [USER],
        ...(title ? { title } : {}),
        emails: [{ value: `${userName.toLowerCase()}@example.com`, type: "work" }],
        ...(department ? { [ENTERPRISE]: { department } } : {}),
      });
    }
    await call(base, "POST", "/Groups", { schemas: [GROUP], displayName: "Engineers" });
  });
  afterAll(() => server.close());

  it("returns a ListResponse with totalResults, itemsPerPage, startIndex (RFC 7644 §3.4.2)", async () => {
    const response = await call(base, "GET", "/Users?sortBy=userName");
    expect(response.status).toBe(200);
    expect(response.body.schemas).toEqual([LIST_RESPONSE]);
    expect(response.body.totalResults).toBe(6);
    expect(response.body.startIndex).toBe(1);
    // defaultPageSize applies without count (RFC 9865 defaultPageSize).
    expect(response.body.itemsPerPage).toBe(4);
    expect(names(response.body)).toEqual(["alice", "Bob", "carol", "dave"]);
  });

  it("filters with eq case-insensitively (the Entra/Okta create-if-absent lookup, RFC 7644 §3.4.2.2)", async () => {
    const response = await call(base, "GET", `/Users?filter=${encodeURIComponent('userName eq "CAROL"')}`);
    expect(response.body.totalResults).toBe(1);
    expect(response.body.Resources[0].userName).toBe("carol");
    const none = await call(base, "GET", `/Users?filter=${encodeURIComponent('userName eq "zed"')}`);
    expect(none.status).toBe(200);
    expect(none.body.totalResults).toBe(0);
    expect(none.body.Resources).toEqual([]);
  });

  it("filters on valuePath, extension attributes and pr (RFC 7644 §3.4.2.2)", async () => {
    const byEmail = await call(
      base,
      "GET",
      `/Users?filter=${encodeURIComponent('emails[type eq "work" and value eq "bob@example.com"]')}`,
    );
    expect(names(byEmail.body)).toEqual(["Bob"]);
    const byDepartment = await call(
      base,
      "GET",
      `/Users?sortBy=userName&filter=${encodeURIComponent(`${ENTERPRISE}:department eq "Sales"`)}`,
    );
    expect(names(byDepartment.body)).toEqual(["alice", "Bob"]);
    const withTitle = await call(base, "GET", `/Users?count=5&filter=${encodeURIComponent("title pr")}`);
    expect(withTitle.body.totalResults).toBe(5);
  });

  it("an invalid filter is 400 invalidFilter (RFC 7644 §3.4.2.2)", async () => {
    const response = await call(base, "GET", `/Users?filter=${encodeURIComponent('userName eq "x" and')}`);
    expect(isScimError(response, 400, "invalidFilter")).toBe(true);
  });

  it("a filter longer than the configured maximum is 400 invalidFilter", async () => {
    const long = `userName eq "${"x".repeat(5000)}"`;
    const response = await call(base, "POST", "/Users/.search", { schemas: [SEARCH_REQUEST], filter: long });
    expect(isScimError(response, 400, "invalidFilter")).toBe(true);
  });

  it("sorts by sortBy/sortOrder; missing values last when ascending (RFC 7644 §3.4.2.3)", async () => {
    const ascending = await call(base, "GET", "/Users?sortBy=title&sortOrder=ascending&count=5&startIndex=2");
    expect(ascending.body.Resources.map((r: { title?: string }) => r.title ?? null)).toEqual([
      "Engineer",
      "Engineer",
      "Intern",
      "Manager",
      null,
    ]);
    const descending = await call(base, "GET", "/Users?sortBy=userName&sortOrder=descending&count=2");
    expect(names(descending.body)).toEqual(["frank", "erin"]);
  });

  it("a bad sortOrder is 400", async () => {
    const response = await call(base, "GET", "/Users?sortBy=userName&sortOrder=sideways");
    expect(isScimError(response, 400)).toBe(true);
  });

  it("pages with startIndex and count, 1-based (RFC 7644 §3.4.2.4)", async () => {
    const page = await call(base, "GET", "/Users?sortBy=userName&startIndex=3&count=2");
    expect(page.body.startIndex).toBe(3);
    expect(page.body.itemsPerPage).toBe(2);
    expect(names(page.body)).toEqual(["carol", "dave"]);
  });

  it("count=0 returns only totalResults (RFC 7644 §3.4.2.4)", async () => {
    const page = await call(base, "GET", "/Users?count=0");
    expect(page.body.totalResults).toBe(6);
    expect(page.body.Resources).toEqual([]);
  });

  it("a negative count is read as 0 and startIndex below 1 as 1 (RFC 7644 §3.4.2.4)", async () => {
    const negative = await call(base, "GET", "/Users?count=-3");
    expect(negative.status).toBe(200);
    expect(negative.body.Resources).toEqual([]);
    expect(negative.body.totalResults).toBe(6);
    const zeroStart = await call(base, "GET", "/Users?startIndex=0&sortBy=userName&count=1");
    expect(zeroStart.body.startIndex).toBe(1);
    expect(names(zeroStart.body)).toEqual(["alice"]);
  });

  it("count above the maximum is capped at maxResults (RFC 7644 §3.4.2.4)", async () => {
    const page = await call(base, "GET", "/Users?count=500");
    expect(page.body.itemsPerPage).toBe(5);
    expect(page.body.totalResults).toBe(6);
  });

  it("a non-numeric count is 400 invalidValue", async () => {
    expect(isScimError(await call(base, "GET", "/Users?count=many"), 400, "invalidValue")).toBe(true);
  });

  it("cursor paging (RFC 9865 §2): empty cursor, nextCursor until the last page", async () => {
    const seen: (string | undefined)[] = [];
    let response = await call(base, "GET", "/Users?sortBy=userName&count=4&cursor");
    expect(response.status).toBe(200);
    expect(response.body.startIndex).toBeUndefined();
    expect(response.body.totalResults).toBe(6);
    seen.push(...names(response.body));
    const next = response.body.nextCursor;
    expect(typeof next).toBe("string");
    response = await call(base, "GET", `/Users?sortBy=userName&count=4&cursor=${encodeURIComponent(next)}`);
    seen.push(...names(response.body));
    expect(response.body.nextCursor).toBeUndefined();
    expect(seen).toEqual(["alice", "Bob", "carol", "dave", "erin", "frank"]);
  });

  it("a cursor the server did not issue is 400 invalidCursor (RFC 9865 §2.1)", async () => {
    const response = await call(base, "GET", "/Users?cursor=bogus&count=2");
    expect(isScimError(response, 400, "invalidCursor")).toBe(true);
  });

  it("startIndex and cursor together are 400", async () => {
    expect(isScimError(await call(base, "GET", "/Users?cursor=&startIndex=2"), 400)).toBe(true);
  });

  it("attributes and excludedAttributes apply to list results (RFC 7644 §3.9)", async () => {
    const response = await call(base, "GET", "/Users?attributes=userName&count=1&sortBy=userName");
    expect(Object.keys(response.body.Resources[0]).sort()).toEqual(["id", "schemas", "userName"]);
    const excluded = await call(base, "GET", "/Users?excludedAttributes=emails&count=1&sortBy=userName");
    expect(excluded.body.Resources[0].emails).toBeUndefined();
    expect(excluded.body.Resources[0].userName).toBe("alice");
  });

  it("POST /Users/.search takes the parameters in a SearchRequest (RFC 7644 §3.4.3)", async () => {
    const response = await call(base, "POST", "/Users/.search", {
      schemas: [SEARCH_REQUEST],
      filter: 'title eq "Engineer"',
      sortBy: "userName",
      sortOrder: "descending",
      attributes: ["userName"],
      startIndex: 1,
      count: 2,
    });
    expect(response.status).toBe(200);
    expect(response.body.totalResults).toBe(3);
    expect(names(response.body)).toEqual(["frank", "dave"]);
    expect(response.body.Resources[0].title).toBeUndefined();
  });

  it("POST /.search supports cursor paging (RFC 9865 §3)", async () => {
    const first = await call(base, "POST", "/Users/.search", {
      schemas: [SEARCH_REQUEST],
      cursor: "",
      count: 5,
    });
    expect(first.body.Resources).toHaveLength(5);
    const second = await call(base, "POST", "/Users/.search", {
      schemas: [SEARCH_REQUEST],
      cursor: first.body.nextCursor,
      count: 5,
    });
    expect(second.body.Resources).toHaveLength(1);
    expect(second.body.nextCursor).toBeUndefined();
  });

  it("a SearchRequest without its schema is 400 (RFC 7644 §3.4.3)", async () => {
    expect(isScimError(await call(base, "POST", "/Users/.search", { filter: "title pr" }), 400)).toBe(true);
  });

  it("POST /.search at the root searches every resource type (RFC 7644 §3.4.3)", async () => {
    const response = await call(base, "POST", "/.search", {
      schemas: [SEARCH_REQUEST],
      filter: 'displayName eq "Engineers" or userName eq "alice"',
    });
    expect(response.status).toBe(200);
    expect(response.body.totalResults).toBe(2);
    const types = response.body.Resources.map(
      (r: { meta: { resourceType: string } }) => r.meta.resourceType,
    ).sort();
    expect(types).toEqual(["Group", "User"]);
  });

  it("GET on the .search path is 405 (RFC 7644 §3.4.3 defines POST)", async () => {
    const response = await call(base, "GET", "/Users/.search");
    expect(isScimError(response, 405)).toBe(true);
    expect(response.headers.get("allow")).toBe("POST");
  });
});

describe.each(ADAPTERS)(
  "the filter grammar's IdP extensions follow the interop setting, over %s",
  (adapter) => {
    it("Entra's unquoted value is accepted by default and 400 invalidFilter under interop: strict (RFC 7644 §3.4.2.2 compValue is JSON)", async () => {
      const lenient = await startServer(adapter);
      const strict = await startServer(adapter, { interop: "strict" });
      try {
        await createUser(lenient.baseUrl, "jyoung");
        const found = await call(
          lenient.baseUrl,
          "GET",
          `/Users?filter=${encodeURIComponent("userName eq jyoung")}`,
        );
        expect(found.status).toBe(200);
        expect(found.body.totalResults).toBe(1);
        const rejected = await call(
          strict.baseUrl,
          "GET",
          `/Users?filter=${encodeURIComponent("userName eq jyoung")}`,
        );
        expect(isScimError(rejected, 400, "invalidFilter")).toBe(true);
      } finally {
        await lenient.close();
        await strict.close();
      }
    });

    it("only the entra profile turns the filter extensions on (Entra's SCIM endpoint tutorial documents both); okta gets the RFC grammar", async () => {
      const entra = await startServer(adapter, { interop: "entra" });
      const okta = await startServer(adapter, { interop: "okta" });
      const withoutUnquoted = await startServer(adapter, { interop: { disable: ["unquotedFilterValues"] } });
      try {
        await createUser(entra.baseUrl, "jyoung", { emails: [{ value: "j@contoso.com", type: "work" }] });
        const filters = ["externalId eq jyoung", 'emails[type eq "work"].value eq "j@contoso.com"'];
        for (const filter of filters) {
          const path = `/Users?filter=${encodeURIComponent(filter)}`;
          expect((await call(entra.baseUrl, "GET", path)).status, filter).toBe(200);
          expect(isScimError(await call(okta.baseUrl, "GET", path), 400, "invalidFilter"), filter).toBe(true);
        }
        const emails = await call(
          entra.baseUrl,
          "GET",
          `/Users?filter=${encodeURIComponent(filters[1] as string)}`,
        );
        expect(emails.body.totalResults).toBe(1);
        const unquoted = `/Users?filter=${encodeURIComponent("userName eq jyoung")}`;
        expect(isScimError(await call(withoutUnquoted.baseUrl, "GET", unquoted), 400, "invalidFilter")).toBe(
          true,
        );
        // Issue 11: `tru` is no literal and, without the extension, no string either.
        const tru = `/Users?filter=${encodeURIComponent("userName eq tru")}`;
        expect(isScimError(await call(okta.baseUrl, "GET", tru), 400, "invalidFilter")).toBe(true);
      } finally {
        await entra.close();
        await okta.close();
        await withoutUnquoted.close();
      }
    });
  },
);
