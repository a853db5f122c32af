import type { IncomingHttpHeaders } from "node:http";
import { describe, expect, it } from "vitest";
import { NodeHeaders } from "../../src/adapters/node/lazy-headers.js";
import { lazyBodilessRequest } from "../../src/adapters/node/lazy-request.js";

/** Node's parsed headers: lower-cased names, `set-cookie` as an array, others already joined. */
const raw: IncomingHttpHeaders = {
  host: "example.test",
  accept: "application/scim+json",
  "if-none-match": 'W/"1", W/"2"',
  authorization: "Bearer t",
  "set-cookie": ["a=1", "b=2"],
  "x-empty": "",
};

/** What the adapter built before: a real Headers with every node header copied in. */
function copied(headers: IncomingHttpHeaders): Headers {
  const real = new Headers();
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) real.append(name, Array.isArray(value) ? value.join(", ") : value);
  }
  return real;
}

describe("NodeHeaders: a Request's headers read from Node's parsed headers", () => {
  const names = [
    "Accept",
    "if-none-match",
    "AUTHORIZATION",
    "set-cookie",
    "x-empty",
    "x-missing",
    "__proto__",
  ];

  it.each(names)("get/has(%s) answer what a copied Headers answers", (name) => {
    const headers = new NodeHeaders({ ...raw });
    const real = copied(raw);
    expect(headers.get(name)).toBe(real.get(name));
    expect(headers.has(name)).toBe(real.has(name));
  });

  it("an invalid header name throws the TypeError Headers.get throws", () => {
    expect(() => new NodeHeaders({ ...raw }).get("bad name")).toThrow(TypeError);
    expect(() => new Headers().get("bad name")).toThrow(TypeError);
  });

  it("iterating, set, append and delete see every header once", () => {
    const headers = new NodeHeaders({ ...raw });
    expect([...headers]).toEqual([...copied(raw)]);
    headers.set("accept", "application/json");
    headers.append("x-added", "1");
    headers.delete("authorization");
    expect(headers.get("accept")).toBe("application/json");
    expect(headers.get("x-added")).toBe("1");
    expect(headers.has("authorization")).toBe(false);
    expect(headers.get("host")).toBe("example.test");
    expect(headers.getSetCookie()).toEqual(["a=1, b=2"]);
  });

  it("a real Request built from the stand-in carries every header", () => {
    const request = lazyBodilessRequest(
      "GET",
      new URL("http://example.test/v2/Users"),
      new NodeHeaders({ ...raw }),
    );
    const copy = request.clone();
    expect([...copy.headers]).toEqual([...copied(raw)]);
  });
});
