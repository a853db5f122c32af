import { type ResourceTypeSchema, type SchemaRegistry, ScimError } from "@scimkit/core";
import type { ScimLimits } from "./config.js";
import type { AccessScope } from "./context.js";
import type { RouteRequest } from "./http/route-request.js";
import { methodNotAllowed, type ScimResponse } from "./http/scim-response.js";
import { bulk } from "./routes/bulk.js";
import { resourceTypes, schemas, serviceProviderConfig } from "./routes/discovery.js";
import { listFromQuery } from "./routes/list.js";
import { me } from "./routes/me.js";
import {
  createResource,
  deleteResource,
  getResource,
  patchResource,
  replaceResource,
} from "./routes/resource.js";
import { searchResourceType, searchRoot } from "./routes/search.js";
import type { ScimRuntime } from "./runtime.js";

/**
 * The methods a route can answer. `ALL` answers every method (and makes a 405 impossible); HEAD is
 * never listed: it is answered by the GET handler (RFC 9110 §9.3.2).
 */
export type RouteMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE" | "ALL";

/** Answers one request that matched a route's path. */
export type RouteHandler<Params> = (
  runtime: ScimRuntime,
  request: RouteRequest,
  params: Params,
) => Promise<ScimResponse> | ScimResponse;

type ParamOf<Segment extends string> = Segment extends ":resourceType"
  ? { readonly resourceType: ResourceTypeSchema }
  : Segment extends `:${infer Name}?`
    ? { readonly [Key in Name]?: string }
    : Segment extends `:${infer Name}`
      ? { readonly [Key in Name]: string }
      : Record<never, never>;

/**
 * The parameters a path pattern declares, e.g. `"/:resourceType/:id"` gives
 * `{ resourceType: ResourceTypeSchema; id: string }`, so a handler cannot read one its path lacks.
 */
export type ParamsOf<Path extends string> = Path extends `/${infer Rest}`
  ? ParamsOf<Rest>
  : Path extends `${infer Head}/${infer Tail}`
    ? ParamOf<Head> & ParamsOf<Tail>
    : ParamOf<Path>;

/** A path segment pattern, parsed once when the table is declared. */
type SegmentPattern =
  | { readonly kind: "literal"; readonly lowerCase: string }
  | { readonly kind: "param"; readonly name: string; readonly optional: boolean }
  | { readonly kind: "resourceType" }
  | { readonly kind: "rest" };

/** One row of the route table: a path pattern and the handler of each method it answers. */
export interface Route {
  /** The pattern as declared (for messages and tests). */
  readonly path: string;
  readonly segments: readonly SegmentPattern[];
  readonly methods: Readonly<Partial<Record<RouteMethod, RouteHandler<Readonly<Record<string, unknown>>>>>>;
  /** The largest request body this route reads; default `limits.maxBodyBytes`. */
  readonly bodyLimit?: (limits: ScimLimits) => number;
  /**
   * The scope each method needs (RFC 6750 §3.1): declared with the route so that whatever path
   * matches the route (in any letter case) needs the same scope. See {@link requiredScopeOf}.
   */
  readonly scopes: Readonly<Partial<Record<RouteMethod, AccessScope>>>;
}

/** What {@link route} accepts besides the path and the handlers. */
export interface RouteOptions {
  /** The largest request body this route reads; default `limits.maxBodyBytes`. */
  readonly bodyLimit?: (limits: ScimLimits) => number;
  /**
   * The scope a method needs when it is not the default: GET (and so HEAD) needs `read`, every
   * other method `write`. A search sent as POST (RFC 7644 §3.4.3) declares `{ POST: "read" }`.
   */
  readonly scopes?: Readonly<Partial<Record<RouteMethod, AccessScope>>>;
}

function parseSegment(segment: string): SegmentPattern {
  if (segment === "*") return { kind: "rest" };
  if (segment === ":resourceType") return { kind: "resourceType" };
  if (segment.startsWith(":")) {
    const optional = segment.endsWith("?");
    return { kind: "param", name: segment.slice(1, optional ? -1 : undefined), optional };
  }
  return { kind: "literal", lowerCase: segment.toLowerCase() };
}

/**
 * Declares a route. Literal segments match case-insensitively (as resource type endpoints do),
 * `:name` matches one segment, `:name?` an optional last one, `:resourceType` a resource type
 * the registry knows (by name or endpoint) and `*` whatever follows, even nothing.
 */
export function route<const Path extends string>(
  path: Path,
  methods: Readonly<Partial<Record<RouteMethod, RouteHandler<ParamsOf<Path>>>>>,
  options: RouteOptions = {},
): Route {
  return {
    path,
    segments: path.split("/").filter(Boolean).map(parseSegment),
    // The matcher hands every handler exactly the parameters its path declares.
    methods: methods as Route["methods"],
    ...(options.bodyLimit ? { bodyLimit: options.bodyLimit } : {}),
    scopes: options.scopes ?? {},
  };
}

/**
 * The scope `method` needs on `route`: what the route declares for the method (or for `ALL`),
 * else `read` for GET and HEAD and `write` for everything else, Bulk included.
 */
export function requiredScopeOf(route: Route, method: string): AccessScope {
  const declared = route.scopes[(method === "HEAD" ? "GET" : method) as RouteMethod] ?? route.scopes.ALL;
  if (declared) return declared;
  return method === "GET" || method === "HEAD" ? "read" : "write";
}

/** A route whose path matched, with the parameters read from the path. */
export interface RouteMatch {
  readonly route: Route;
  readonly params: Readonly<Record<string, unknown>>;
}

function matchPath(
  route: Route,
  segments: readonly string[],
  registry: SchemaRegistry,
): Record<string, unknown> | undefined {
  const params: Record<string, unknown> = {};
  for (const [index, pattern] of route.segments.entries()) {
    if (pattern.kind === "rest") return params;
    const segment = segments[index];
    if (segment === undefined) return pattern.kind === "param" && pattern.optional ? params : undefined;
    if (pattern.kind === "literal") {
      if (segment.toLowerCase() !== pattern.lowerCase) return undefined;
    } else if (pattern.kind === "resourceType") {
      const resourceType = registry.findResourceType(segment);
      if (!resourceType) return undefined;
      params.resourceType = resourceType;
    } else {
      params[pattern.name] = segment;
    }
  }
  return segments.length <= route.segments.length ? params : undefined;
}

/** The first route of `routes` whose path matches the decoded path `segments`. */
export function matchRoute(
  routes: readonly Route[],
  segments: readonly string[],
  registry: SchemaRegistry,
): RouteMatch | undefined {
  for (const candidate of routes) {
    const params = matchPath(candidate, segments, registry);
    if (params) return { route: candidate, params };
  }
  return undefined;
}

/**
 * Runs the handler of the request's method, or answers 405 with `Allow` (RFC 9110 §15.5.6) when
 * the path exists but not for this method.
 */
export function dispatch(
  runtime: ScimRuntime,
  match: RouteMatch,
  request: RouteRequest,
): Promise<ScimResponse> | ScimResponse {
  const { methods } = match.route;
  const method = request.method === "HEAD" ? "GET" : request.method;
  const handler = methods[method as RouteMethod] ?? methods.ALL;
  if (!handler) return methodNotAllowed(request.method, Object.keys(methods));
  return handler(runtime, request, match.params);
}

/**
 * Every SCIM endpoint (RFC 7644 §3.2), first match wins: the fixed endpoints come before the
 * resource type ones so that a resource type cannot hide them.
 */
export const SCIM_ROUTES: readonly Route[] = [
  route("/ServiceProviderConfig", { GET: serviceProviderConfig }),
  route("/ResourceTypes/:name?", {
    GET: (runtime, request, { name }) => resourceTypes(runtime, request, name),
  }),
  route("/Schemas/:id?", { GET: (runtime, request, { id }) => schemas(runtime, request, id) }),
  route("/Bulk", { POST: bulk }, { bodyLimit: (limits) => limits.bulkMaxPayloadSize }),
  // RFC 7644 §3.4.3: a search sent as a body is a query; it changes nothing.
  route("/.search", { POST: searchRoot }, { scopes: { POST: "read" } }),
  route("/Me/*", { ALL: me }),
  route("/:resourceType", {
    GET: (runtime, request, { resourceType }) => listFromQuery(runtime, resourceType, request),
    POST: (runtime, request, { resourceType }) => createResource(runtime, resourceType, request),
  }),
  route(
    "/:resourceType/.search",
    { POST: (runtime, request, { resourceType }) => searchResourceType(runtime, resourceType, request) },
    { scopes: { POST: "read" } },
  ),
  route("/:resourceType/:id", {
    GET: (runtime, request, { resourceType, id }) => getResource(runtime, resourceType, id, request),
    PUT: (runtime, request, { resourceType, id }) => replaceResource(runtime, resourceType, id, request),
    PATCH: (runtime, request, { resourceType, id }) => patchResource(runtime, resourceType, id, request),
    DELETE: (runtime, request, { resourceType, id }) => deleteResource(runtime, resourceType, id, request),
  }),
];

/** Finds the route of the decoded path `segments`, or throws the 404 a client should see. */
export function findRoute(runtime: ScimRuntime, segments: readonly string[]): RouteMatch {
  if (segments.length === 0) throw ScimError.notFound("no SCIM endpoint at the service root; try /Users");
  const match = matchRoute(SCIM_ROUTES, segments, runtime.registry);
  if (!match) throw ScimError.notFound(`no SCIM endpoint at "/${segments.join("/")}"`);
  return match;
}
