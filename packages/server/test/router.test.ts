import { createDefaultRegistry } from "@scimkit/core";
import { describe, expect, it } from "vitest";
import { matchRoute, requiredScopeOf, route, SCIM_ROUTES } from "../src/router.js";

const registry = createDefaultRegistry();
const match = (path: string) => {
  const found = matchRoute(SCIM_ROUTES, path.split("/").filter(Boolean), registry);
  return found && { path: found.route.path, params: found.params };
};

describe("the route table (RFC 7644 §3.2 endpoints)", () => {
  it("matches the fixed endpoints case-insensitively, with their optional id", () => {
    expect(match("/serviceproviderconfig")?.path).toBe("/ServiceProviderConfig");
    expect(match("/Schemas")).toEqual({ path: "/Schemas/:id?", params: {} });
    expect(match("/Schemas/urn:x")).toEqual({ path: "/Schemas/:id?", params: { id: "urn:x" } });
    expect(match("/RESOURCETYPES/User")).toEqual({ path: "/ResourceTypes/:name?", params: { name: "User" } });
    expect(match("/bulk")?.path).toBe("/Bulk");
    expect(match("/.search")?.path).toBe("/.search");
  });

  it("resolves the resource type of the path through the registry (by endpoint or name)", () => {
    const list = match("/users");
    expect(list?.path).toBe("/:resourceType");
    const resourceType = list?.params.resourceType as { resourceType: { name: string } } | undefined;
    expect(resourceType?.resourceType.name).toBe("User");
    expect(match("/Groups/.search")?.path).toBe("/:resourceType/.search");
    const one = match("/Group/42");
    expect(one?.path).toBe("/:resourceType/:id");
    expect(one?.params.id).toBe("42");
  });

  it("/Me matches whatever follows it (RFC 7644 §3.11)", () => {
    expect(match("/Me")?.path).toBe("/Me/*");
    expect(match("/Me/a/b")?.path).toBe("/Me/*");
  });

  it("matches nothing for unknown types, extra segments, or a fixed endpoint with one too many", () => {
    expect(match("/Devices")).toBeUndefined();
    expect(match("/Users/1/extra")).toBeUndefined();
    expect(match("/ServiceProviderConfig/x")).toBeUndefined();
    expect(match("/Schemas/a/b")).toBeUndefined();
  });

  it("the first route whose path matches wins", () => {
    const table = [
      route("/Users/.search", { POST: () => ({ status: 200 }) }),
      route("/:resourceType/:id", {}),
    ];
    expect(matchRoute(table, ["Users", ".search"], registry)?.route.path).toBe("/Users/.search");
    expect(matchRoute(table, ["Users", "7"], registry)?.route.path).toBe("/:resourceType/:id");
  });

  it("each route carries the scope its methods need, whatever the letter case of the matched path", () => {
    const scopeOf = (method: string, path: string) => {
      const found = matchRoute(SCIM_ROUTES, path.split("/").filter(Boolean), registry);
      if (!found) throw new Error(`no route for ${path}`);
      return requiredScopeOf(found.route, method);
    };
    // RFC 7644 §3.4.3: POST …/.search is a query.
    expect(scopeOf("POST", "/Users/.SEARCH")).toBe("read");
    expect(scopeOf("POST", "/.Search")).toBe("read");
    expect(scopeOf("POST", "/groups/.search")).toBe("read");
    expect(scopeOf("GET", "/Users")).toBe("read");
    expect(scopeOf("HEAD", "/Users/1")).toBe("read");
    expect(scopeOf("POST", "/Users")).toBe("write");
    expect(scopeOf("PATCH", "/Users/1")).toBe("write");
    expect(scopeOf("DELETE", "/Users/1")).toBe("write");
    expect(scopeOf("POST", "/Bulk")).toBe("write");
    expect(scopeOf("GET", "/Me")).toBe("read");
    expect(scopeOf("PUT", "/Me")).toBe("write");
  });
});
