import { describeExchange, expect, expectJsonObject, expectStatus } from "./expect.js";
import type { HttpExchange, HttpRequest, ScimHttp } from "./http.js";
import { getArray, getAttribute, isJsonObject, type JsonObject } from "./scim/json.js";
import { LIST_RESPONSE_SCHEMA, PATCH_OP_SCHEMA } from "./scim/urns.js";

/** The resource collections the harness works with. */
export type Endpoint = "/Users" | "/Groups";

/** Query parameters of a list request (RFC 7644 §3.4.2). */
export interface ListQuery {
  filter?: string;
  startIndex?: number;
  count?: number;
  sortBy?: string;
  sortOrder?: "ascending" | "descending";
  attributes?: string;
  excludedAttributes?: string;
}

/** One PATCH operation as sent on the wire (op spelling is left to the caller on purpose). */
export interface PatchOperationBody {
  op: string;
  path?: string;
  value?: unknown;
}

/** Called for every resource the harness creates, so the run can remove it afterwards. */
export type CreatedResourceTracker = (location: string) => void;

/**
 * The normal SCIM calls checks make, each asserting the status the RFC requires, so a check reads
 * as a sequence of steps. It is a thin layer over {@link ScimHttp}, kept deliberately independent of
 * the server kit under test.
 */
export class ScimApi {
  constructor(
    readonly http: ScimHttp,
    private readonly track: CreatedResourceTracker,
  ) {}

  /** POST a resource; expects 201 and a body with an `id`; tracks it for cleanup. */
  async create(endpoint: Endpoint, body: JsonObject, headers?: Record<string, string>): Promise<JsonObject> {
    const exchange = await this.createRaw(endpoint, body, headers);
    expectStatus(exchange, 201);
    const created = expectJsonObject(exchange);
    const id = getAttribute(created, "id");
    expect(
      typeof id === "string" && id !== "",
      `created resource has no string id: ${describeExchange(exchange)}`,
    );
    return created;
  }

  /** POST a resource and return the raw exchange; tracks whatever was created. */
  async createRaw(
    endpoint: Endpoint,
    body: unknown,
    headers?: Record<string, string>,
  ): Promise<HttpExchange> {
    const exchange = await this.http.send({ method: "POST", path: endpoint, json: body, headers });
    this.trackCreated(endpoint, exchange);
    return exchange;
  }

  /** Tracks the resource a 201 response created. */
  trackCreated(endpoint: Endpoint, exchange: HttpExchange): void {
    if (exchange.status !== 201 || !isJsonObject(exchange.json)) return;
    const id = getAttribute(exchange.json, "id");
    if (typeof id === "string" && id !== "") this.track(`${endpoint}/${encodeURIComponent(id)}`);
  }

  /** GET one resource; expects 200 and a JSON object. */
  async get(endpoint: Endpoint, id: string, query?: HttpRequest["query"]): Promise<JsonObject> {
    const exchange = await this.http.send({
      method: "GET",
      path: `${endpoint}/${encodeURIComponent(id)}`,
      query,
    });
    expectStatus(exchange, 200);
    return expectJsonObject(exchange);
  }

  /** GET a collection; expects 200 and a ListResponse. */
  async list(endpoint: Endpoint, query: ListQuery, headers?: Record<string, string>): Promise<ListPage> {
    const exchange = await this.http.send({
      method: "GET",
      path: endpoint,
      query: { ...query },
      headers,
    });
    return parseListResponse(exchange);
  }

  /** PATCH with the given operations; expects 200 or 204 (RFC 7644 §3.5.2). */
  async patch(endpoint: Endpoint, id: string, operations: PatchOperationBody[]): Promise<HttpExchange> {
    const exchange = await this.patchRaw(endpoint, id, operations);
    expectStatus(exchange, 200, 204);
    return exchange;
  }

  /** PATCH and return the raw exchange. */
  patchRaw(endpoint: Endpoint, id: string, operations: PatchOperationBody[]): Promise<HttpExchange> {
    return this.http.send({
      method: "PATCH",
      path: `${endpoint}/${encodeURIComponent(id)}`,
      json: { schemas: [PATCH_OP_SCHEMA], Operations: operations },
    });
  }

  /** PUT a full replacement; expects 200 and returns the body. */
  async replace(endpoint: Endpoint, id: string, body: JsonObject): Promise<JsonObject> {
    const exchange = await this.http.send({
      method: "PUT",
      path: `${endpoint}/${encodeURIComponent(id)}`,
      json: body,
    });
    expectStatus(exchange, 200);
    return expectJsonObject(exchange);
  }

  /** DELETE; returns the raw exchange. */
  delete(endpoint: Endpoint, id: string): Promise<HttpExchange> {
    return this.http.send({ method: "DELETE", path: `${endpoint}/${encodeURIComponent(id)}` });
  }
}

/** Runs a client call; a client error becomes a check failure that names the status and detail. */
async function viaClient<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof ScimClientError) {
      throw new CheckFailure(
        `${what} failed with HTTP ${error.status}${error.scimType ? ` ${error.scimType}` : ""}: ${error.detail ?? ""}`,
      );
    }
    throw error;
  }
}

/** A parsed ListResponse page. */
export interface ListPage {
  exchange: HttpExchange;
  body: JsonObject;
  totalResults: unknown;
  resources: JsonObject[];
  /** The ids of the resources on the page. */
  ids: string[];
}

/** Asserts that an exchange is a 200 ListResponse (RFC 7644 §3.4.2) and parses it. */
export function parseListResponse(exchange: HttpExchange): ListPage {
  expectStatus(exchange, 200);
  const body = expectJsonObject(exchange);
  const schemas = getAttribute(body, "schemas");
  expect(
    Array.isArray(schemas) && schemas.includes(LIST_RESPONSE_SCHEMA),
    `list response lacks schemas [${LIST_RESPONSE_SCHEMA}]: ${describeExchange(exchange)}`,
  );
  const resources = getArray(body, "Resources").filter(isJsonObject);
  const ids = resources
    .map((resource) => getAttribute(resource, "id"))
    .filter((id) => typeof id === "string");
  return { exchange, body, totalResults: getAttribute(body, "totalResults"), resources, ids };
}
