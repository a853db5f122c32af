import { createScimClient, type ResourceClient, type ResourceShape, ScimClientError } from "@scimkit/client";
import { CheckFailure } from "./check.js";
import { describeExchange, expect, expectJsonObject, expectStatus } from "./expect.js";
import type { HttpExchange, ScimHttp } from "./http.js";
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

/** Any SCIM resource as the client sees it: the harness reads attributes generically. */
interface AnyResource extends ResourceShape {
  [attribute: string]: unknown;
}

/**
 * The normal SCIM calls checks make. Set-up calls (create, get, replace) go through
 * `@scimkit/client`, so every run also exercises the client against a real endpoint; calls whose
 * exact status, headers or body a check inspects stay on raw HTTP ({@link ScimHttp}).
 */
export class ScimApi {
  private readonly resources: Record<Endpoint, ResourceClient<AnyResource>>;

  constructor(
    readonly http: ScimHttp,
    private readonly track: CreatedResourceTracker,
    options: { token?: string; timeoutMs: number },
  ) {
    // No retries: a retried 5xx would hide exactly the faults the harness exists to find.
    const common = {
      baseUrl: http.baseUrl,
      fetch: http.countedFetch,
      retry: false as const,
      timeout: options.timeoutMs,
    };
    const client = createScimClient(
      options.token === undefined ? common : { ...common, token: options.token },
    );
    this.resources = {
      "/Users": client.resource<AnyResource>("Users"),
      "/Groups": client.resource<AnyResource>("Groups"),
    };
  }

  /** Creates a resource through the client; fails unless it comes back with an `id`; tracks it. */
  async create(endpoint: Endpoint, body: JsonObject): Promise<JsonObject> {
    const created: unknown = await viaClient(`POST ${endpoint}`, () => this.resources[endpoint].create(body));
    expect(isJsonObject(created), `POST ${endpoint} returned no JSON object`);
    const id = getAttribute(created, "id");
    expect(
      typeof id === "string" && id !== "",
      `created resource has no string id: ${JSON.stringify(created)}`,
    );
    this.track(`${endpoint}/${encodeURIComponent(id)}`);
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

  /** Reads one resource through the client (which fills `meta.version` from the ETag header). */
  async get(
    endpoint: Endpoint,
    id: string,
    query: { attributes?: string; excludedAttributes?: string } = {},
  ): Promise<JsonObject> {
    const resource: unknown = await viaClient(`GET ${endpoint}/${id}`, () =>
      this.resources[endpoint].get(id, {
        ...(query.attributes === undefined ? {} : { attributes: query.attributes.split(",") }),
        ...(query.excludedAttributes === undefined
          ? {}
          : { excludedAttributes: query.excludedAttributes.split(",") }),
      }),
    );
    expect(isJsonObject(resource), `GET ${endpoint}/${id} returned no JSON object`);
    return resource;
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

  /** Replaces a resource (PUT) through the client and returns what the server answered. */
  async replace(endpoint: Endpoint, id: string, body: JsonObject): Promise<JsonObject> {
    const replaced: unknown = await viaClient(`PUT ${endpoint}/${id}`, () =>
      this.resources[endpoint].replace(id, body),
    );
    expect(isJsonObject(replaced), `PUT ${endpoint}/${id} returned no JSON object`);
    return replaced;
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
