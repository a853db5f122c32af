/**
 * Property-based HTTP fuzzing of every SCIM endpoint (issue 11, "a net that keeps it fixed").
 * Requests are random or mutated: methods, paths, ids, query strings, filters, headers and bodies
 * (wrong types, huge strings, deep nesting, unicode edge cases, duplicate keys, `__proto__` and
 * `constructor` keys, bytes that are not UTF-8). For every request:
 *
 * 1. no 5xx;
 * 2. the answer is SCIM JSON: an error (RFC 7644 §3.12, `status` equal to the HTTP status) or a
 *    success object with `schemas`, or no body for 204/304/HEAD;
 * 3. a rejected request (4xx) leaves the data set byte-identical (the store's tables compared);
 * 4. nothing is logged as an unexpected error, and the server keeps serving.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createDefaultRegistry } from "@scimkit/core";
import express from "express";
import fc from "fast-check";
import {
  answerClientError,
  answerConnect,
  scimErrorHandler,
  scimNotFound,
  scimRequestGuard,
  scimRouter,
} from "../../src/adapters/express.js";
import { createScimServer } from "../../src/server.js";
import { openTestStore, type StoreKind, type TestStore } from "../hostile/stores.js";
import { BULK_REQUEST, ERROR, GROUP, MOUNT, PATCH_OP, SEARCH_REQUEST, USER } from "../http/harness.js";

const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

/** One generated request. */
export interface FuzzRequest {
  readonly method: string;
  readonly path: string;
  readonly query: string;
  readonly headers: Readonly<Record<string, string>>;
  /** Text or raw bytes; undefined for no body. */
  readonly body?: string | Uint8Array<ArrayBuffer>;
}

/** Ids of the seeded resources, which generated paths and bodies refer to. */
interface Seeded {
  readonly users: readonly string[];
  readonly groups: readonly string[];
}

// ---------------------------------------------------------------- values

/** Strings a parser or a database finds hard: unicode edge cases, SQL and filter syntax, escapes. */
const nastyString = fc.oneof(
  fc.string(),
  fc.string({ unit: "grapheme" }),
  fc.string({ unit: "binary" }),
  fc.constantFrom(
    "",
    " ",
    "\u0000",
    "\ud800",
    "\udfff",
    "\uffff",
    "\u{10ffff}",
    "\u202e\u0041",
    "\u200b",
    "e\u0301",
    "ǅ",
    "ß",
    "İ",
    "' OR 1=1 --",
    '"; DROP TABLE scim_resources; --',
    "%",
    "%00",
    "%E0%A4%A",
    "\\",
    '\\"',
    "bulkId:",
    "bulkId:missing",
    "null",
    "true",
    "1e308",
    "9223372036854775807",
    "-0",
    "NaN",
    "__proto__",
    "constructor",
    "2024-02-30T25:61:61Z",
  ),
  fc.integer({ min: 0, max: 3 }).map((k) => "x".repeat([300, 3000, 70_000, 1_200_000][k] ?? 1)),
);

const nastyNumber = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.constantFrom(0, -0, 1e308, -1e308, 5e-324, 2 ** 53, 2 ** 63, 1e20),
);

/** Any JSON value, with nasty leaves. */
const nastyJson: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    nastyString,
    nastyNumber,
    fc.boolean(),
    fc.constant(null),
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(
      fc.oneof(
        nastyString,
        fc.constantFrom("__proto__", "constructor", "prototype", "schemas", "id", "meta", "value", "$ref"),
      ),
      tie("value"),
      { maxKeys: 4 },
    ),
  ),
})).value;

// ---------------------------------------------------------------- filters

const attributePaths = fc.constantFrom(
  "userName",
  "displayName",
  "name.givenName",
  "emails.value",
  "emails",
  "emails.primary",
  "active",
  "meta.lastModified",
  "meta.created",
  "id",
  "externalId",
  "members.value",
  "members",
  "groups.display",
  "password",
  `${ENTERPRISE}:employeeNumber`,
  `${ENTERPRISE}:manager.value`,
  "urn:unknown:x",
  "unknownAttr",
  "name",
);
const comparisonValues = fc.oneof(
  nastyString.map((s) => JSON.stringify(s)),
  fc.constantFrom(
    "true",
    "false",
    "null",
    "1e308",
    "-1",
    "9223372036854775807",
    '"2011-05-13T04:42:34Z"',
    "tru",
    "True",
    "x",
  ),
  nastyNumber.map((n) => String(n)),
);
const simpleFilter = fc.oneof(
  fc
    .tuple(
      attributePaths,
      fc.constantFrom("eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le", "EQ"),
      comparisonValues,
    )
    .map(([a, op, v]) => `${a} ${op} ${v}`),
  attributePaths.map((a) => `${a} pr`),
);
const filterText: fc.Arbitrary<string> = fc.letrec<{ filter: string }>((tie) => ({
  filter: fc.oneof(
    { depthSize: "small" },
    simpleFilter,
    fc
      .tuple(tie("filter"), fc.constantFrom("and", "or"), tie("filter"))
      .map(([a, op, b]) => `${a} ${op} ${b}`),
    tie("filter").map((f) => `not (${f})`),
    fc
      .tuple(fc.constantFrom("emails", "members", "addresses", "name"), tie("filter"))
      .map(([a, f]) => `${a}[${f}]`),
    fc.tuple(fc.constantFrom("emails", "userName"), simpleFilter).map(([a, f]) => `${a}[${f}].value eq "x"`),
  ),
})).filter;
/** A filter, a mutated filter (characters cut, inserted, nesting blown up), or noise. */
const filterParam = fc.oneof(
  filterText,
  fc.tuple(filterText, fc.nat(), fc.nat({ max: 3 }), nastyString).map(([f, at, cut, insert]) => {
    const i = at % (f.length + 1);
    return f.slice(0, i) + insert + f.slice(i + cut);
  }),
  fc.integer({ min: 1, max: 3 }).map((k) => `${"(".repeat(10 ** k)}userName pr${")".repeat(10 ** k)}`),
  fc
    .integer({ min: 1, max: 3 })
    .map((k) => Array.from({ length: 10 ** k }, () => 'userName eq "a"').join(" or ")),
  nastyString,
);

// ---------------------------------------------------------------- requests

function idArbitrary(seeded: Seeded): fc.Arbitrary<string> {
  return fc.oneof(
    fc.constantFrom(...seeded.users, ...seeded.groups),
    nastyString,
    fc.constantFrom(
      "..",
      ".",
      ".search",
      "%2F",
      "%",
      "%zz",
      "%E0%A4%A",
      "a/b",
      "00000000-0000-0000-0000-000000000000",
    ),
  );
}

/** Percent-encodes a path segment; a lone surrogate becomes the bytes of one (not UTF-8). */
function percentEncode(value: string): string {
  return value
    .split(/([\ud800-\udbff][\udc00-\udfff]|[\ud800-\udfff])/)
    .map((part) => (/^[\ud800-\udfff]$/.test(part) ? "%ED%A0%80" : encodeURIComponent(part)))
    .join("");
}

function pathArbitrary(seeded: Seeded): fc.Arbitrary<string> {
  const id = idArbitrary(seeded).map((value) => (/^%|^\.|\//.test(value) ? value : percentEncode(value)));
  return fc.oneof(
    fc.constantFrom(
      "",
      "/",
      "/Users",
      "/Groups",
      "/users",
      "/Users/.search",
      "/Groups/.search",
      "/.search",
      "/Bulk",
      "/Me",
      "/ServiceProviderConfig",
      "/ResourceTypes",
      "/ResourceTypes/User",
      "/ResourceTypes/Nope",
      "/Schemas",
      `/Schemas/${USER}`,
      "/Schemas/urn:nope",
      "/Users/x/y",
      "/Nope",
    ),
    id.map((value) => `/Users/${value}`),
    id.map((value) => `/Groups/${value}`),
    fc.array(id, { minLength: 1, maxLength: 4 }).map((segments) => `/${segments.join("/")}`),
  );
}

const QUERY_NAMES = [
  "filter",
  "sortBy",
  "sortOrder",
  "startIndex",
  "count",
  "cursor",
  "attributes",
  "excludedAttributes",
  "x",
] as const;

const queryArbitrary: fc.Arbitrary<string> = fc
  .array(
    fc.tuple(
      fc.constantFrom(...QUERY_NAMES),
      fc.oneof(
        filterParam,
        attributePaths,
        nastyString,
        nastyNumber.map(String),
        fc.constantFrom("ascending", "descending", "1e20", "9223372036854775807", "1e308", "-1", "0", ""),
      ),
    ),
    { maxLength: 4 },
  )
  .map((pairs) => {
    const params = new URLSearchParams();
    for (const [name, value] of pairs) params.append(name, value);
    const text = params.toString();
    return text ? `?${text}` : "";
  });

/** Header values fetch can send: Latin-1 without CR, LF or NUL, within Node's header limit. */
const headerValue = nastyString.map((s) =>
  s
    .replace(/[^\t\x20-\x7e\x80-\xff]/g, "")
    .trim()
    .slice(0, 2000),
);

const headersArbitrary = fc.record(
  {
    "content-type": fc.constantFrom(
      "application/scim+json",
      "application/json",
      "application/scim+json; charset=utf-8",
      "text/plain",
      "application/x-www-form-urlencoded",
      "multipart/form-data; boundary=x",
      "application/json; charset=utf-16",
      ";",
    ),
    "if-match": fc.oneof(headerValue, fc.constantFrom("*", 'W/"1"', 'W/"2", W/"3"', '"1"')),
    "if-none-match": fc.oneof(headerValue, fc.constantFrom("*", 'W/"1"')),
    accept: fc.constantFrom("application/scim+json", "text/html", "*/*"),
    "x-request-id": headerValue,
  },
  { requiredKeys: [] },
);

/** Valid-looking bodies for each endpoint, built on the seeded ids. */
function templates(seeded: Seeded): unknown[] {
  const [u1 = "u", u2 = "u"] = seeded.users;
  const [g1 = "g"] = seeded.groups;
  return [
    {
      schemas: [USER],
      userName: "fuzz.user",
      name: { givenName: "F", familyName: "Z" },
      emails: [{ value: "f@example.com", type: "work", primary: true }],
      active: true,
    },
    {
      schemas: [USER, ENTERPRISE],
      userName: "fuzz.ent",
      [ENTERPRISE]: { employeeNumber: "7", manager: { value: u1 } },
    },
    { schemas: [GROUP], displayName: "fuzz group", members: [{ value: u1 }, { value: g1, type: "Group" }] },
    { schemas: [PATCH_OP], Operations: [{ op: "replace", path: "displayName", value: "x" }] },
    { schemas: [PATCH_OP], Operations: [{ op: "add", path: "members", value: [{ value: u2 }] }] },
    { schemas: [PATCH_OP], Operations: [{ op: "remove", path: `members[value eq "${u1}"]` }] },
    {
      schemas: [PATCH_OP],
      Operations: [{ op: "Replace", value: { active: "False", "name.givenName": "y" } }],
    },
    { schemas: [SEARCH_REQUEST], filter: 'userName sw "u"', startIndex: 1, count: 2, sortBy: "userName" },
    {
      schemas: [BULK_REQUEST],
      failOnErrors: 1,
      Operations: [
        { method: "POST", bulkId: "a", path: "/Users", data: { schemas: [USER], userName: "fuzz.bulk" } },
        {
          method: "PATCH",
          path: `/Groups/${g1}`,
          version: 'W/"1"',
          data: {
            schemas: [PATCH_OP],
            Operations: [{ op: "add", path: "members", value: [{ value: "bulkId:a" }] }],
          },
        },
        { method: "DELETE", path: `/Users/${u2}` },
      ],
    },
  ];
}

/** Replaces one randomly chosen node of `value` (path given as indices) by `replacement`. */
function mutateAt(value: unknown, choices: readonly number[], replacement: unknown): unknown {
  if (choices.length === 0 || value === null || typeof value !== "object") return replacement;
  const [choice = 0, ...rest] = choices;
  if (Array.isArray(value)) {
    if (value.length === 0) return replacement;
    const i = choice % value.length;
    return value.map((item, j) => (j === i ? mutateAt(item, rest, replacement) : item));
  }
  const keys = Object.keys(value);
  if (keys.length === 0) return replacement;
  const key = keys[choice % keys.length] as string;
  return {
    ...(value as Record<string, unknown>),
    [key]: mutateAt((value as Record<string, unknown>)[key], rest, replacement),
  };
}

function bodyArbitrary(seeded: Seeded): fc.Arbitrary<string | Uint8Array<ArrayBuffer> | undefined> {
  const template = fc.constantFrom(...templates(seeded));
  const mutated = fc
    .tuple(template, fc.array(fc.nat(), { maxLength: 5 }), nastyJson, fc.boolean())
    .map(([base, choices, replacement, mutate]) =>
      JSON.stringify(mutate ? mutateAt(base, choices, replacement) : base),
    );
  const withOddKeys = fc
    .tuple(
      template,
      fc.constantFrom("__proto__", "constructor", "prototype", "schemas", "userName", "Operations"),
      nastyJson,
    )
    .map(([base, key, value]) => {
      // JSON text, so `__proto__` really is a key, and duplicates really are duplicates.
      const text = JSON.stringify(base);
      return `{${JSON.stringify(key)}:${JSON.stringify(value) ?? "null"},${text.slice(1)}`;
    });
  const deep = fc
    .tuple(fc.integer({ min: 10, max: 5000 }), fc.constantFrom("[", '{"a":'))
    .map(([depth, open]) => {
      const close = open === "[" ? "]" : "}";
      return `{"schemas":["${USER}"],"userName":${open.repeat(depth)}1${close.repeat(depth)}}`;
    });
  const notUtf8 = fc
    .tuple(template, fc.constantFrom([0x80], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xff], [0xe0, 0xa4]))
    .map(([base, bytes]) => {
      const text = Buffer.from(JSON.stringify(base));
      const at = Math.max(0, text.indexOf('"', 20));
      return new Uint8Array([...text.subarray(0, at + 1), ...bytes, ...text.subarray(at + 1)]);
    });
  return fc.oneof(
    { arbitrary: fc.constant(undefined), weight: 1 },
    { arbitrary: mutated, weight: 6 },
    { arbitrary: withOddKeys, weight: 2 },
    { arbitrary: deep, weight: 1 },
    { arbitrary: notUtf8, weight: 1 },
    { arbitrary: nastyJson.map((value) => JSON.stringify(value) ?? ""), weight: 1 },
    { arbitrary: nastyString, weight: 1 },
  );
}

/** Every request the fuzzer sends. */
export function requestArbitrary(seeded: Seeded): fc.Arbitrary<FuzzRequest> {
  return fc
    .record({
      method: fc.constantFrom(
        "GET",
        "GET",
        "HEAD",
        "POST",
        "POST",
        "PUT",
        "PATCH",
        "PATCH",
        "DELETE",
        "OPTIONS",
        "PROPFIND",
      ),
      path: pathArbitrary(seeded),
      query: queryArbitrary,
      headers: headersArbitrary,
      body: bodyArbitrary(seeded),
    })
    .map(({ body, ...rest }) =>
      body === undefined || rest.method === "GET" || rest.method === "HEAD" ? rest : { ...rest, body },
    );
}

// ---------------------------------------------------------------- invariants

/** A broken invariant, with the request that broke it. */
export class FuzzFailure extends Error {}

function check(condition: unknown, what: string, request: FuzzRequest, answer: string): asserts condition {
  if (!condition) {
    const shown =
      typeof request.body === "string"
        ? request.body.slice(0, 500)
        : request.body
          ? `<${request.body.length} bytes>`
          : "";
    throw new FuzzFailure(
      `${what}\n${request.method} ${request.path}${request.query.slice(0, 500)}\n${JSON.stringify(request.headers)}\n${shown}\n=> ${answer.slice(0, 800)}`,
    );
  }
}

/** A running fuzz target: a server over one store kind, seeded. */
export interface FuzzTarget {
  readonly kind: StoreKind;
  readonly seeded: Seeded;
  /** Unexpected errors the server logged. */
  readonly logged: string[];
  /** Sends one request and checks every invariant; throws {@link FuzzFailure}. */
  send(request: FuzzRequest): Promise<void>;
  /** Whether the server still answers a plain request. */
  alive(): Promise<boolean>;
  close(): Promise<void>;
}

async function seed(baseUrl: string): Promise<Seeded> {
  const post = async (path: string, body: unknown) => {
    const response = await fetch(`${baseUrl}${path}`, {
      method: "POST",
      headers: { "Content-Type": "application/scim+json" },
      body: JSON.stringify(body),
    });
    if (response.status !== 201)
      throw new Error(`seeding ${path}: ${response.status} ${await response.text()}`);
    return ((await response.json()) as { id: string }).id;
  };
  const users = [
    await post("/Users", {
      schemas: [USER],
      userName: "bjensen",
      displayName: "Babs",
      emails: [
        { value: "b@example.com", type: "work", primary: true },
        { value: "b@home.example", type: "home" },
      ],
    }),
    await post("/Users", {
      schemas: [USER, ENTERPRISE],
      userName: "jsmith",
      active: false,
      [ENTERPRISE]: { employeeNumber: "42" },
    }),
    await post("/Users", { schemas: [USER], userName: "ünïcødé", name: { givenName: "Ü" } }),
  ];
  const groups = [
    await post("/Groups", {
      schemas: [GROUP],
      displayName: "Admins",
      members: [{ value: users[0] }, { value: users[1] }],
    }),
    await post("/Groups", { schemas: [GROUP], displayName: "Empty" }),
  ];
  return { users, groups };
}

/**
 * Starts a SCIM server over a fresh store of `kind`, seeded with a few resources, wired like an app
 * would (and like the provisioning server): request guard, router at the mount, SCIM 404 and error
 * handler for the rest.
 */
export async function startFuzzTarget(kind: StoreKind): Promise<FuzzTarget> {
  const registry = createDefaultRegistry();
  const storage: TestStore = await openTestStore(kind, registry);
  const logged: string[] = [];
  const logger = {
    error: (message: string, details?: unknown) => logged.push(`${message} ${JSON.stringify(details)}`),
  };
  const scim = createScimServer({
    registry,
    store: storage.store,
    limits: { maxBodyBytes: 256 * 1024, bulkMaxPayloadSize: 256 * 1024, bulkMaxOperations: 20 },
    logger,
  });
  const app = express();
  app.use(MOUNT, scimRouter(scim));
  app.use(scimNotFound());
  app.use(scimErrorHandler({ logger }));
  const http = createServer({ requireHostHeader: false }, scimRequestGuard(app));
  http.on("clientError", answerClientError).on("connect", answerConnect);
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  const server = {
    baseUrl: `http://127.0.0.1:${(http.address() as AddressInfo).port}${MOUNT}`,
    close: () =>
      new Promise<void>((resolve) => {
        http.closeAllConnections();
        http.close(() => resolve());
      }),
  };
  const seeded = await seed(server.baseUrl);
  return {
    kind,
    seeded,
    logged,
    async send(request) {
      const before = await storage.snapshot();
      const init: RequestInit = { method: request.method, headers: { ...request.headers } };
      if (request.body !== undefined) init.body = request.body;
      let response: Response;
      let text: string;
      try {
        response = await fetch(`${server.baseUrl}${request.path}${request.query}`, init);
        text = await response.text();
      } catch (error) {
        // The connection failed: no answer at all is the worst answer, so say which request.
        const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : "";
        check(false, `no answer: ${String(error)} ${cause}`, request, "");
      }
      const status = response.status;
      // RFC 7644 §3.11: a service provider without /Me answers 501; nothing else may be a 5xx.
      const meAlias = status === 501 && /^\/me(\/|$)/i.test(request.path);
      check((status >= 200 && status < 500) || meAlias, `status ${status}`, request, text);
      check(logged.length === 0, `logged: ${logged.join("\n")}`, request, text);
      const bodyless = request.method === "HEAD" || status === 204 || status === 304;
      if (bodyless) check(text === "", "a body where none belongs", request, text);
      else {
        check(
          (response.headers.get("content-type") ?? "").startsWith("application/scim+json"),
          "content type",
          request,
          text,
        );
        let body: unknown;
        try {
          body = JSON.parse(text);
        } catch {
          check(false, "answer is not JSON", request, text);
        }
        check(
          typeof body === "object" && body !== null && !Array.isArray(body),
          "answer is not a JSON object",
          request,
          text,
        );
        const {
          schemas,
          status: statusText,
          detail,
        } = body as { schemas?: unknown; status?: unknown; detail?: unknown };
        check(
          Array.isArray(schemas) && schemas.every((s) => typeof s === "string"),
          "no schemas",
          request,
          text,
        );
        if (status >= 400) {
          check(schemas[0] === ERROR && statusText === String(status), "not a SCIM error", request, text);
          check(detail === undefined || typeof detail === "string", "detail is not a string", request, text);
          check(
            // Stack frames, file paths, driver names, SQL (its keywords upper-case, as the stores write them).
            !/\n\s+at |node_modules|\.ts:\d|sqlite|postgres|better-sqlite3/i.test(text) &&
              !/\b(SELECT|INSERT|UPDATE|DELETE FROM|WHERE)\b.*\bscim_/.test(text),
            "internals in the answer",
            request,
            text,
          );
        }
      }
      if (status >= 400 || request.method === "GET" || request.method === "HEAD") {
        check(
          (await storage.snapshot()) === before,
          `data changed by a ${status} answer to ${request.method}`,
          request,
          text,
        );
      }
    },
    async alive() {
      const response = await fetch(`${server.baseUrl}/ServiceProviderConfig`);
      await response.text();
      return response.status === 200;
    },
    async close() {
      await server.close();
      await storage.close();
    },
  };
}

/** Runs `runs` generated requests against `target`; throws with a shrunk counterexample on failure. */
export async function fuzz(target: FuzzTarget, runs: number, seedValue?: number): Promise<void> {
  const report = await fc.check(
    fc.asyncProperty(requestArbitrary(target.seeded), (request) => target.send(request)),
    { numRuns: runs, ...(seedValue !== undefined ? { seed: seedValue } : {}) },
  );
  if (report.failed) {
    // The shrunk failure only: counterexamples can hold megabytes of generated text.
    const error =
      report.errorInstance instanceof Error ? report.errorInstance.message : String(report.errorInstance);
    throw new FuzzFailure(
      `after ${report.numRuns} runs (seed ${report.seed}, path ${report.counterexamplePath}):\n${error.slice(0, 3000)}`,
    );
  }
}
