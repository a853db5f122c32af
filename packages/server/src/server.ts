import { createDefaultRegistry, ScimError } from "@scimkit/core";
import { boundedMemo } from "./bounded-memo.js";
import {
  type ChangeEvent,
  DEFAULT_LIMITS,
  type RequestOutcome,
  type ScimLimits,
  type ScimServerConfig,
} from "./config.js";
import { DEFAULT_TENANT, type RequestContext } from "./context.js";
import { challengeOf, InsufficientScopeError } from "./http/authentication-error.js";
import { toScimError } from "./http/error-mapping.js";
import { decodePathSegments } from "./http/path-segments.js";
import { assertJsonContentType, parseJsonBody, readBodyText } from "./http/request-body.js";
import { REQUEST_ID_HEADER, requestIdOf } from "./http/request-id.js";
import type { RouteRequest } from "./http/route-request.js";
import { errorResponse, type ScimResponse, toWebResponse } from "./http/scim-response.js";
import { resolveInteropRules } from "./interop-rules.js";
import { RateLimitExceededError } from "./rate-limit/rate-limit-error.js";
import { enforceRateLimit } from "./rate-limit/rate-limit-setting.js";
import { dispatch, findRoute, requiredScopeOf } from "./router.js";
import type { ScimRuntime } from "./runtime.js";
import { defaultPasswordHasher } from "./secrets/default-hasher.js";
import { MemoryStore } from "./store/memory.js";

/** A SCIM service provider as a web-standard handler. */
export interface ScimServer {
  /**
   * Handles one request. `ctx` lets an adapter pass what it knows: `baseUrl` (the absolute URL the
   * service is mounted at, e.g. `https://host/scim/v2`), `tenantId`, `principal`, `attributes`.
   * Without `baseUrl`, the request's origin plus `config.basePath` is used.
   */
  fetch(request: Request, ctx?: Partial<RequestContext>): Promise<Response>;
  /**
   * The same as {@link ScimServer.fetch} but answers with the plain {@link ScimResponse} (status,
   * headers, JSON body) instead of a web `Response`. Adapters that write to a Node response use it:
   * building and reading a web `Response` costs more than the rest of a typical lookup.
   */
  handle(request: Request, ctx?: Partial<RequestContext>): Promise<ScimResponse>;
  /** The resolved runtime (registry, store, limits): for hooks and tests. */
  readonly runtime: ScimRuntime;
}

const DEFAULT_AUTHENTICATION_SCHEMES = [
  {
    type: "oauthbearertoken",
    name: "OAuth Bearer Token",
    description: "Authentication with a bearer token (RFC 6750)",
    specUri: "https://www.rfc-editor.org/rfc/rfc6750",
    primary: true,
  },
] as const;

/** `patchResponse` resolved per kind: groups answer 204 and other types 200 unless configured. */
function resolvePatchResponse(option: ScimServerConfig["patchResponse"]): ScimRuntime["patchResponse"] {
  if (typeof option === "string") return { groups: option, others: option };
  return { groups: option?.groups ?? "noContent", others: option?.others ?? "resource" };
}

function resolveRuntime(config: ScimServerConfig): ScimRuntime {
  const registry = config.registry ?? createDefaultRegistry();
  const logger = config.logger ?? console;
  const limits: ScimLimits = { ...DEFAULT_LIMITS, ...config.limits };
  const onChange = config.onChange;
  return {
    registry,
    store: config.store ?? new MemoryStore({ registry }),
    limits,
    interopRules: resolveInteropRules(config.interop),
    unknownAttributes: config.unknownAttributes ?? "reject",
    secrets: {
      policy: config.passwords ?? "hash",
      hasher: config.passwordHasher ?? defaultPasswordHasher(),
    },
    patchResponse: resolvePatchResponse(config.patchResponse),
    logger,
    authenticationSchemes: config.authenticationSchemes ?? DEFAULT_AUTHENTICATION_SCHEMES,
    // Web Crypto, not node:crypto: the core must run on Workers and other Fetch runtimes too.
    generateId: config.generateId ?? (() => globalThis.crypto.randomUUID()),
    notifyChange: async (event: ChangeEvent) => {
      if (!onChange) return;
      try {
        await onChange(event);
      } catch (error) {
        logger.error("onChange hook failed", {
          error: error instanceof Error ? error.message : String(error),
        });
      }
    },
  };
}

function trimSlashes(path: string): string {
  return path.replace(/\/+$/, "");
}

/**
 * The path part of a base URL, remembered per base URL: it is the same on nearly every request (one
 * per tenant or host at most), and parsing it again cost a URL object per request.
 */
const mountPathOf = boundedMemo(1000, (baseUrl) => new URL(baseUrl).pathname);

/** Splits the path below the base path into decoded segments; undefined when outside the base path. */
function segmentsBelow(pathname: string, basePath: string): string[] | undefined {
  const base = trimSlashes(basePath);
  if (base && pathname !== base && !pathname.startsWith(`${base}/`)) return undefined;
  const segments = decodePathSegments(pathname.slice(base.length));
  if (!segments)
    throw ScimError.badRequest("invalidSyntax", "the request path is not valid percent-encoding");
  return segments;
}

/**
 * Creates a SCIM 2.0 service provider (RFC 7644) as a function from a web `Request` to a
 * `Response`. Mount it with `@scimkit/server/express` or `@scimkit/server/fetch`.
 *
 * @example
 * const server = createScimServer({ store: new MemoryStore() });
 * const response = await server.fetch(new Request("http://localhost/Users"));
 */
export function createScimServer(config: ScimServerConfig = {}): ScimServer {
  const runtime = resolveRuntime(config);
  const basePath = config.basePath ?? "";

  /** What the request log learns while a request is handled (the context once it is known). */
  interface Trace {
    ctx?: RequestContext;
  }

  async function handle(
    request: Request,
    url: URL,
    given: Partial<RequestContext>,
    trace: Trace,
  ): Promise<ScimResponse> {
    const baseUrl = trimSlashes(given.baseUrl ?? `${url.origin}${basePath}`);
    const mountPath = mountPathOf(baseUrl);
    const method = request.method.toUpperCase();
    let ctx: RequestContext = {
      ...given,
      tenantId: given.tenantId ?? DEFAULT_TENANT,
      baseUrl,
      attributes: given.attributes ?? new Map(),
      method,
      path: url.pathname,
    };
    if (config.authenticate) {
      const auth = await config.authenticate(request, ctx);
      if (auth?.attributes)
        for (const [key, value] of Object.entries(auth.attributes)) ctx.attributes.set(key, value);
      ctx = {
        ...ctx,
        ...(auth?.principal !== undefined ? { principal: auth.principal } : {}),
        ...(auth?.tenantId !== undefined ? { tenantId: auth.tenantId } : {}),
        ...(auth?.scope !== undefined ? { scope: auth.scope } : {}),
      };
    }
    if (config.resolveTenant) ctx = { ...ctx, tenantId: await config.resolveTenant(request, ctx) };
    trace.ctx = ctx;
    if (config.rateLimit) await enforceRateLimit(config.rateLimit, ctx);
    const segments = segmentsBelow(url.pathname, mountPath);
    if (!segments) throw ScimError.notFound(`"${url.pathname}" is outside the SCIM base path ${mountPath}`);
    const match = findRoute(runtime, segments);
    // RFC 6750 §3.1: a valid credential without the scope the request needs gets 403 insufficient_scope.
    if (ctx.scope === "read" && requiredScopeOf(match.route, method) === "write") {
      throw new InsufficientScopeError(
        `this credential may only read; ${method} needs write access`,
        'Bearer realm="scim", error="insufficient_scope", error_description="the credential may only read"',
      );
    }
    const bodyLimit = match.route.bodyLimit?.(runtime.limits) ?? runtime.limits.maxBodyBytes;
    let body: Promise<unknown> | undefined;
    const routeRequest: RouteRequest = {
      method,
      query: url.searchParams,
      headers: request.headers,
      ctx,
      body: () => {
        body ??= (async () => {
          assertJsonContentType(request.headers);
          return parseJsonBody(await readBodyText(request, bodyLimit));
        })();
        return body;
      },
    };
    return dispatch(runtime, match, routeRequest);
  }

  async function answer(
    request: Request,
    url: URL,
    ctx: Partial<RequestContext>,
    trace: Trace,
  ): Promise<ScimResponse> {
    try {
      return await handle(request, url, ctx, trace);
    } catch (error) {
      const scimError = toScimError(error, runtime.logger, `${request.method} ${url.pathname}`);
      const challenge = challengeOf(scimError);
      // RFC 7235 §3.1: a 401 carries a challenge; hooks choose it via AuthenticationError.
      if (challenge) return errorResponse(scimError, { "WWW-Authenticate": challenge });
      // RFC 6585 §4: a 429 may say how long to wait.
      if (scimError instanceof RateLimitExceededError)
        return errorResponse(scimError, { "Retry-After": String(scimError.retryAfterSeconds) });
      return errorResponse(scimError);
    }
  }

  function report(outcome: RequestOutcome): void {
    if (!config.onResponse) return;
    try {
      config.onResponse(outcome);
    } catch (error) {
      runtime.logger.error("onResponse hook failed", {
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }

  async function respond(request: Request, given: Partial<RequestContext> = {}): Promise<ScimResponse> {
    const started = performance.now();
    const url = new URL(request.url);
    const requestId = given.requestId ?? requestIdOf(request.headers);
    const trace: Trace = {};
    const answered = await answer(request, url, { ...given, requestId }, trace);
    const headers = { ...answered.headers, [REQUEST_ID_HEADER]: requestId };
    const method = request.method.toUpperCase();
    report({
      requestId,
      method,
      path: url.pathname,
      status: answered.status,
      durationMs: performance.now() - started,
      ...(trace.ctx ? { tenantId: trace.ctx.tenantId } : {}),
      ...(trace.ctx?.principal !== undefined ? { principal: trace.ctx.principal } : {}),
    });
    // RFC 9110 §9.3.2: a HEAD answer is the GET answer without its body.
    return method === "HEAD" ? { status: answered.status, headers } : { ...answered, headers };
  }

  return {
    runtime,
    handle: respond,
    async fetch(request: Request, ctx: Partial<RequestContext> = {}): Promise<Response> {
      return toWebResponse(await respond(request, ctx));
    },
  };
}
